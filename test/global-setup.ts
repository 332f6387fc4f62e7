import { writeFileSync } from 'node:fs';
import { LEDGER, processes, writeSnapshot } from './hygiene';

/** Notes which processes exist before the tests run and starts this run's database ledger (test/hygiene.ts). */
export default function globalSetup(): void {
  writeSnapshot({ pids: processes().map((p) => p.pid) });
  writeFileSync(LEDGER, '');
  process.env.WIOA_TEST_DATABASE_LEDGER = LEDGER;
}
