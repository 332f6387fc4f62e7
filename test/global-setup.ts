import { processes, testDatabases, writeSnapshot } from './hygiene';

/** Notes what exists before the tests run (test/hygiene.ts). */
export default async function globalSetup(): Promise<void> {
  writeSnapshot({ pids: processes().map((p) => p.pid), databases: await testDatabases() });
}
