import { rmSync } from 'node:fs';
import { LEDGER, SNAPSHOT, dropDatabases, ledger, processes, readSnapshot, suspects, testDatabases } from './hygiene';

/**
 * Fails the run if the tests left a process or a `wioa_test_*` database behind (test/hygiene.ts),
 * then cleans up what it found.
 */
export default async function globalTeardown(): Promise<void> {
  const before = readSnapshot();
  // Processes being stopped (SIGTERM sent, draining) get a few seconds to finish.
  let left = suspects(processes(), process.pid, new Set(before.pids));
  for (let i = 0; i < 50 && left.length > 0; i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    left = suspects(processes(), process.pid, new Set(before.pids));
  }
  const mine = new Set(ledger());
  // A run that created no database (`npm run test:unit`) must not need PostgreSQL to finish.
  const databases = mine.size === 0 ? [] : (await testDatabases()).filter((d) => mine.has(d));
  const problems = [...left.map((p) => `process ${p.pid} still alive: ${p.cmd.slice(0, 200)}`), ...databases.map((d) => `database ${d} left behind`)];
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await dropDatabases(databases);
  rmSync(LEDGER, { force: true });
  rmSync(SNAPSHOT, { force: true });
  if (problems.length > 0) {
    throw new Error(`the tests left ${problems.length} thing(s) behind (killed/dropped now):\n  ${problems.join('\n  ')}`);
  }
}
