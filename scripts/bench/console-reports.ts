/**
 * bench:console-reports — what a supervisor waits for on the console's reports page at scale: a fresh
 * database filled with N periods (the same seeded SQL as bench:reports), the product's API as its own
 * process serving the console, headless Chromium signed in as dev-supervisor. Each run loads
 * `/reports?period=…&program=…` in the signed-in tab and times navigation → the first bar of the indicator
 * chart drawn (the performance report fetched, the chart's lazy chunk loaded, Recharts rendered).
 * Prints each run and the median.
 *
 *   npm run bench:console-reports                          # --n 100000 --runs 5 --period PY2024Q2
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { launchChromium } from '../../test/helpers/browser';
import { devServerEnv, uniqueTaskQueue } from '../../test/helpers/temporal';
import { benchDatabase, int, onCleanup, parseFlags, percentile, printMachine, runBench, startApiProcess } from './common';
import { fillSql } from './report-fill';

const flags = parseFlags({ n: 100_000, runs: 5, period: 'PY2024Q2', program: 'ADULT', seed: 0.42 });

async function main(): Promise<number> {
  printMachine('bench:console-reports (R-UI-8 at scale)');
  const env = await devServerEnv();
  onCleanup(() => env.teardown());
  const database = await benchDatabase(`console_reports_${flags.n}`);
  onCleanup(() => database.close());
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const t0 = performance.now();
  for (const stmt of fillSql(flags.n, flags.seed)) await client.query(stmt);
  console.log(`filled ${int(flags.n)} periods in ${int(performance.now() - t0)} ms`);
  await client.end();

  const api = await startApiProcess({
    temporalAddress: env.address,
    taskQueue: uniqueTaskQueue('bench-console-reports'),
    databaseUrl: database.url,
    logLevel: 'warn',
    extraEnv: { SDK_METRICS_ADDRESS: '', RATE_LIMIT_PER_MINUTE: '0' },
  });
  onCleanup(() => api.stop());
  const browser = await launchChromium();
  onCleanup(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const signIn = await context.newPage();
  await signIn.goto(`${api.url}/`);
  await signIn.getByRole('button', { name: 'Sign in as dev-supervisor' }).click();
  await signIn.getByRole('columnheader', { name: 'Participant' }).waitFor({ timeout: 60_000 });

  const url = `${api.url}/reports?period=${flags.period}&program=${flags.program}`;
  const times: number[] = [];
  // One warm-up (PostgreSQL's caches, the chart's chunk in the browser cache), then the measured runs.
  // The same tab throughout: the console keeps its sign-in in the tab's sessionStorage.
  const page = signIn;
  for (let i = 0; i <= flags.runs; i++) {
    await page.goto(`${api.url}/caseload`);
    await page.getByRole('columnheader', { name: 'Participant' }).waitFor({ timeout: 60_000 });
    const t = performance.now();
    await page.goto(url);
    try {
      await page.locator('.recharts-bar-rectangle').first().waitFor({ state: 'attached', timeout: 60_000 });
    } catch (err) {
      await page.screenshot({ path: 'data/screenshots/bench-console-reports-failed.png', fullPage: true });
      throw err;
    }
    const elapsed = performance.now() - t;
    if (i === 0) {
      console.log(`warm-up: ${int(elapsed)} ms`);
      continue;
    }
    times.push(elapsed);
    console.log(`run ${i}: navigation → first bar ${int(elapsed)} ms`);
  }
  const median = percentile(
    [...times].sort((a, b) => a - b),
    50,
  );
  console.log(`N = ${int(flags.n)} periods, ${flags.period} ${flags.program}: median ${int(median)} ms to a rendered chart over ${times.length} runs`);
  return 0;
}

runBench(main);
