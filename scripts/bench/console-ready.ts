/**
 * bench:console-ready — how long a new user waits: from `npm start` (dev mode, a fresh data folder,
 * the machine's PostgreSQL) to the console's caseload on screen, signed in as dev-staff, in headless
 * Chromium. Prints the time to "ready" (the start command's own line), to the sign-in page and to
 * the caseload table.
 *
 *   npm run bench:console-ready                # one run; --runs N for more
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../test/helpers/browser';
import { freePort } from '../../test/helpers/ports';
import { startNpmStart } from '../../test/helpers/npm-start';
import { createTestDatabase } from '../../src/db/test-database';
import { parseFlags, printMachine } from './common';

const flags = parseFlags({ runs: 1 });

async function once(): Promise<{ ready: number; signIn: number; caseload: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wioa-console-ready-'));
  const database = await createTestDatabase('bench_console_ready');
  const ports = { api: await freePort(), grpc: await freePort(), ui: await freePort(), sdkMetrics: await freePort() };
  const browser = await launchChromium();
  const t0 = performance.now();
  const started = await startNpmStart({ ports, dataDir, databaseUrl: database.url });
  try {
    const ready = performance.now() - t0;
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${ports.api}/`);
    await page.getByRole('button', { name: 'Sign in as dev-staff' }).waitFor({ timeout: 60_000 });
    const signIn = performance.now() - t0;
    await page.getByRole('button', { name: 'Sign in as dev-staff' }).click();
    await page.getByRole('columnheader', { name: 'Participant' }).waitFor({ timeout: 60_000 });
    return { ready, signIn, caseload: performance.now() - t0 };
  } finally {
    await browser.close();
    started.child.kill('SIGINT');
    await new Promise((r) => started.child.once('exit', r));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  printMachine('bench:console-ready — npm start to a signed-in caseload');
  const runs = Number(flags.runs);
  for (let i = 1; i <= runs; i += 1) {
    const r = await once();
    console.log(
      `run ${i}: npm start ready ${(r.ready / 1000).toFixed(1)} s · sign-in page ${(r.signIn / 1000).toFixed(1)} s · signed-in caseload ${(r.caseload / 1000).toFixed(1)} s`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
