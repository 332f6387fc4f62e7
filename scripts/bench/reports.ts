// §10 reports at scale (R-RPT-10): fills a fresh database's projection tables directly with N periods
// of participation (seeded, in SQL), starts the product's API as its own process, and times
//   - GET /api/v1/reports/performance (median of --runs, after one warm-up) for each Title I program,
//   - GET /api/v1/reports/pirl (the whole CSV over HTTP) against PostgreSQL's own COPY of the same rows
//     (the same statement, drained by this driver), alternating, median of --runs each,
//   - the API process's RSS while exporting (peak over its RSS before the export).
// Each N gets its own database and API process, so the RSS figures compare like with like.
//
//   npm run bench:reports                          # --n 10000,100000
//   npm run bench:reports -- --n 100000 --runs 5 --period PY2024Q2
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { devServerEnv, uniqueTaskQueue } from '../../test/helpers/temporal';
import { pirlCopy } from '../../src/api/services/federal-reports';
import { REPORT_PROGRAMS } from '../../src/domain/reporting';
import { RssSampler, benchDatabase, mib, ms, onCleanup, parseFlags, percentile, printMachine, runBench, startApiProcess, table } from './common';
import { fillSql } from './report-fill';

const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

const flags = parseFlags({
  n: '10000,100000',
  runs: 5,
  period: 'PY2024Q2', // R = Oct–Dec 2024: the generated periods (2021–2025) fill every cohort
  seed: 0.42,
  // Targets (R-RPT-10)
  reportTarget: 1000, // ms, median at the largest N
  exportRatio: 2, // export ≤ 2 × COPY
  rssGrowth: 50, // MiB, from the smallest to the largest N
});

async function drain(body: ReadableStream<Uint8Array> | null): Promise<{ bytes: number; lines: number }> {
  let bytes = 0;
  let lines = 0;
  if (!body) return { bytes, lines };
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines += 1;
  }
  return { bytes, lines };
}

async function copyFloor(url: string, sql: string): Promise<{ ms: number; bytes: number; lines: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET jit = off'); // as the export does (src/db/client.ts)
    const t0 = performance.now();
    const stream = client.query(copyTo(sql));
    let bytes = 0;
    let lines = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines += 1;
    }
    return { ms: performance.now() - t0, bytes, lines };
  } finally {
    await client.end();
  }
}

interface Result {
  n: number;
  fillMs: number;
  reportMs: Record<string, number>;
  exportMs: number;
  copyMs: number;
  rows: number;
  bytes: number;
  rssBefore: number;
  rssPeak: number;
}

async function measure(n: number, temporalAddress: string): Promise<Result> {
  const database = await benchDatabase(`reports_${n}`);
  onCleanup(() => database.close());
  const pgc = new pg.Client({ connectionString: database.url });
  await pgc.connect();
  const t0 = performance.now();
  for (const stmt of fillSql(n, flags.seed)) await pgc.query(stmt);
  const fillMs = performance.now() - t0;
  await pgc.end();

  const api = await startApiProcess({
    temporalAddress,
    taskQueue: uniqueTaskQueue('bench-reports'),
    databaseUrl: database.url,
    logLevel: 'warn',
    extraEnv: { SDK_METRICS_ADDRESS: '' },
  });
  onCleanup(() => api.stop());
  const get = (path: string, token = 'dev-supervisor') => fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  const reportMs: Record<string, number> = {};
  for (const program of REPORT_PROGRAMS) {
    const path = `/api/v1/reports/performance?period=${flags.period}&program=${program}`;
    const warm = await get(path);
    if (warm.status !== 200) throw new Error(`performance report: ${warm.status} ${await warm.text()}`);
    const times: number[] = [];
    for (let i = 0; i < flags.runs; i++) {
      const t = performance.now();
      const res = await get(path);
      await res.json();
      times.push(performance.now() - t);
    }
    reportMs[program] = median(times);
  }

  const { copySql } = pirlCopy({ period: flags.period });
  const exportTimes: number[] = [];
  const copyTimes: number[] = [];
  let rows = 0;
  let bytes = 0;
  const rss = new RssSampler(api.pid, 50);
  for (let i = 0; i < flags.runs; i++) {
    // Alternating, so drift on a shared machine hits both alike.
    const t = performance.now();
    const res = await get(`/api/v1/reports/pirl?period=${flags.period}`);
    if (res.status !== 200) throw new Error(`pirl export: ${res.status} ${await res.text()}`);
    const got = await drain(res.body);
    exportTimes.push(performance.now() - t);
    rows = got.lines - 1;
    bytes = got.bytes;
    const floor = await copyFloor(database.url, copySql);
    copyTimes.push(floor.ms);
    if (floor.lines !== rows) throw new Error(`COPY gave ${floor.lines} rows, the export ${rows}`);
  }
  const r = rss.stop();
  await api.stop();
  return { n, fillMs, reportMs, exportMs: median(exportTimes), copyMs: median(copyTimes), rows, bytes, rssBefore: r.start, rssPeak: r.peak };
}

async function main(): Promise<number> {
  printMachine('bench:reports (R-RPT-10)');
  const env = await devServerEnv();
  onCleanup(() => env.teardown());
  const sizes = String(flags.n).split(',').map(Number);
  const results: Result[] = [];
  for (const n of sizes) {
    console.log(`\nN = ${n.toLocaleString('en-US')}: filling the projections…`);
    const r = await measure(n, env.address);
    results.push(r);
    console.log(`  filled in ${ms(r.fillMs / 1000)} s; ${r.rows.toLocaleString('en-US')} PIRL rows (${mib(r.bytes)})`);
  }
  console.log(`\nperiod ${flags.period}, ${flags.runs} runs each (medians)\n`);
  console.log(
    table([
      ['N', ...REPORT_PROGRAMS.map((p) => `performance ${p} ms`), 'PIRL rows', 'export ms', 'COPY ms', 'export ÷ COPY', 'API RSS before', 'API RSS peak'],
      ...results.map((r) => [
        r.n.toLocaleString('en-US'),
        ...REPORT_PROGRAMS.map((p) => ms(r.reportMs[p] ?? NaN)),
        r.rows.toLocaleString('en-US'),
        ms(r.exportMs, 0),
        ms(r.copyMs, 0),
        (r.exportMs / r.copyMs).toFixed(2),
        mib(r.rssBefore),
        mib(r.rssPeak),
      ]),
    ]),
  );
  const largest = results.at(-1)!;
  const smallest = results[0]!;
  const worstReport = Math.max(...Object.values(largest.reportMs));
  const growth = (largest.rssPeak - smallest.rssPeak) / 1024 / 1024;
  const checks = [
    [`performance report ≤ ${flags.reportTarget} ms at N = ${largest.n}`, worstReport <= flags.reportTarget, `${ms(worstReport)} ms (slowest program)`],
    [
      `export ≤ ${flags.exportRatio} × COPY at N = ${largest.n}`,
      largest.exportMs <= flags.exportRatio * largest.copyMs,
      `${(largest.exportMs / largest.copyMs).toFixed(2)} ×`,
    ],
    ...(results.length > 1
      ? [[`export RSS grows ≤ ${flags.rssGrowth} MiB from N = ${smallest.n} to ${largest.n}`, growth <= flags.rssGrowth, `${growth.toFixed(1)} MiB`] as const]
      : []),
  ] as const;
  console.log('');
  for (const [what, ok, value] of checks) console.log(`${ok ? 'MET    ' : 'NOT MET'} ${what}: ${value}`);
  return 0;
}

runBench(main);
