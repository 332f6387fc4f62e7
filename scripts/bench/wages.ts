// §14 wage records at scale (R-WAGE-8): a fresh database with N periods of participation (bench:reports'
// projection rows), each participant given an SSN (its keyed hash and ciphertext, as the service writes
// them), and a wage file of --rows rows for those participants, then
//   - the file through the product's own route (`npm run wage-records`' client, streamed), timed, with the
//     API process's RSS sampled while it loads (growth = peak − before),
//   - PostgreSQL's own COPY of the same file into a plain table (the floor), and the ratio,
//   - the performance report (median of --runs per program) before the load and after every quarter of the
//     file is marked complete, and the PIRL export after.
//
//   npm run bench:wages -- --rows 1000000                 # --participants 100000 --runs 5 --period PY2024Q2
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { devServerEnv, uniqueTaskQueue } from '../../test/helpers/temporal';
import { SsnProtector } from '../../src/api/services/pii';
import { postWageFile } from '../../src/cli/wage-records';
import { REPORT_PROGRAMS } from '../../src/domain/reporting';
import { RssSampler, benchDatabase, median, mib, ms, onCleanup, parseFlags, printMachine, runBench, startApiProcess, table } from './common';
import { fillSql } from './report-fill';

const flags = parseFlags({
  rows: 1_000_000,
  participants: 100_000,
  runs: 5,
  period: 'PY2024Q2',
  seed: 0.42,
  // Targets (R-WAGE-8, R-RPT-10)
  loadTarget: 60, // s
  rssGrowth: 100, // MiB
  reportTarget: 1000, // ms
});

/** Participant i's SSN: nine digits, never a pseudo-SSN (975-…). */
const ssnOf = (i: number): string => String(100_000_000 + i);
const FIRST_QUARTER = 4 * 2020; // 2020Q1: the file spans 2020Q1 … 2025Q4 (24 quarters)
const QUARTERS = 24;

/** The wage file: rows spread evenly over the participants, each row its own quarter and employer. */
async function writeWageFile(path: string, rows: number, participants: number): Promise<number> {
  const out = createWriteStream(path, { highWaterMark: 1024 * 1024 });
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('ssn,year,quarter,wages,fein,source\n');
  let buf = '';
  for (let r = 0; r < rows; r++) {
    const i = (r % participants) + 1;
    const j = Math.floor(r / participants); // the j-th row of participant i
    const q = FIRST_QUARTER + ((i + 5 * j) % QUARTERS); // 5 and 24 are coprime: a participant's first 24 rows fall in distinct quarters
    const source = r % 50 === 0 ? 'federal' : r % 20 === 0 ? 'swis' : 'ui';
    const fein = source === 'federal' ? '' : String(100_000_000 + ((i * 13 + j) % 5_000));
    const wages = (1_000 + ((i * 7_919 + j * 104_729) % 1_900_000) / 100).toFixed(2);
    const ssn = ssnOf(i);
    buf += `${ssn.slice(0, 3)}-${ssn.slice(3, 5)}-${ssn.slice(5)},${Math.floor(q / 4)},${(q % 4) + 1},${wages},${fein},${source}\n`;
    if (buf.length > 512 * 1024) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return statSync(path).size;
}

/** Gives participants 1 … n their SSN as the service stores it (keyed hash, ciphertext, last four). */
async function giveSsns(client: pg.Client, n: number, ssn: SsnProtector): Promise<void> {
  await client.query('CREATE TEMP TABLE s (i int, hash text, ct text, last4 text)');
  const copy = client.query(copyFrom('COPY s FROM STDIN'));
  async function* lines() {
    let buf = '';
    for (let i = 1; i <= n; i++) {
      const d = ssnOf(i);
      buf += `${i}\t${ssn.hash(d)}\t${ssn.encrypt(d)}\t${d.slice(5)}\n`;
      if (buf.length > 256 * 1024) {
        yield buf;
        buf = '';
      }
    }
    yield buf;
  }
  await pipeline(lines(), copy);
  await client.query(`UPDATE participants p SET ssn_hash = s.hash, ssn_ciphertext = s.ct, ssn_last4 = s.last4, pseudo_ssn_assigned = false
                      FROM s WHERE p.id = md5('p' || s.i)::uuid`);
  await client.query('DROP TABLE s');
  await client.query('ANALYZE participants');
}

async function main(): Promise<number> {
  printMachine('bench:wages (R-WAGE-8)');
  console.log(`flags: --rows ${flags.rows} --participants ${flags.participants} --runs ${flags.runs} --period ${flags.period}`);
  const env = await devServerEnv();
  onCleanup(() => env.teardown());
  const database = await benchDatabase('wages');
  onCleanup(() => database.close());
  const dir = mkdtempSync(join(tmpdir(), 'bench-wages-'));
  onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
  const key = randomBytes(32);
  const ssn = new SsnProtector(key);

  console.log(`\nfilling ${flags.participants.toLocaleString('en-US')} periods of participation and their SSNs…`);
  const pgc = new pg.Client({ connectionString: database.url });
  await pgc.connect();
  let t = performance.now();
  for (const stmt of fillSql(flags.participants, flags.seed)) await pgc.query(stmt);
  await giveSsns(pgc, flags.participants, ssn);
  console.log(`  ${ms((performance.now() - t) / 1000)} s`);
  const file = join(dir, 'wages.csv');
  t = performance.now();
  const bytes = await writeWageFile(file, flags.rows, flags.participants);
  console.log(`wage file: ${flags.rows.toLocaleString('en-US')} rows, ${mib(bytes)}, written in ${ms((performance.now() - t) / 1000)} s`);

  const api = await startApiProcess({
    temporalAddress: env.address,
    taskQueue: uniqueTaskQueue('bench-wages'),
    databaseUrl: database.url,
    logLevel: 'warn',
    extraEnv: { SDK_METRICS_ADDRESS: '', PII_ENCRYPTION_KEY: key.toString('base64') },
  });
  onCleanup(() => api.stop());
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${api.url}${path}`, { ...init, headers: { authorization: 'Bearer dev-supervisor', ...(init.headers as Record<string, string>) } });

  const reports = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const program of REPORT_PROGRAMS) {
      const path = `/api/v1/reports/performance?period=${flags.period}&program=${program}`;
      const warm = await call(path);
      if (warm.status !== 200) throw new Error(`performance report: ${warm.status} ${await warm.text()}`);
      await warm.json();
      const times: number[] = [];
      for (let i = 0; i < flags.runs; i++) {
        const s = performance.now();
        await (await call(path)).json();
        times.push(performance.now() - s);
      }
      out[program] = median(times);
    }
    return out;
  };
  const before = await reports();

  // The load through the product's route, as `npm run wage-records` sends it.
  const rss = new RssSampler(api.pid, 100);
  t = performance.now();
  const summary = await postWageFile(file, { url: api.url, token: 'dev-supervisor', dryRun: false });
  const loadMs = performance.now() - t;
  const r = rss.stop();
  if (summary.rows !== flags.rows || summary.matched !== flags.rows || summary.failed !== 0) {
    throw new Error(`unexpected summary: ${JSON.stringify({ ...summary, errors: summary.errors.slice(0, 5) })}`);
  }

  // The floor: PostgreSQL's own COPY of the same file into a plain table (parse and write only).
  await pgc.query('CREATE TABLE wage_floor (ssn text, year int, quarter int, wages numeric(14,2), fein text, source text)');
  t = performance.now();
  await pipeline(createReadStream(file), pgc.query(copyFrom('COPY wage_floor FROM STDIN WITH (FORMAT csv, HEADER true)')));
  const copyMs = performance.now() - t;
  await pgc.query('DROP TABLE wage_floor');
  await pgc.query('ANALYZE wage_records');
  await pgc.end();

  const mark = await call('/api/v1/wage-records/coverage', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '2020Q1', to: '2025Q4', complete: true }),
  });
  if (mark.status !== 200) throw new Error(`coverage: ${mark.status} ${await mark.text()}`);
  const after = await reports();
  t = performance.now();
  const exp = await call(`/api/v1/reports/pirl?period=${flags.period}`);
  const exportBytes = (await exp.arrayBuffer()).byteLength;
  const exportMs = performance.now() - t;
  await api.stop();

  const growth = (r.peak - r.start) / 1024 / 1024;
  console.log('');
  console.log(
    table([
      ['rows', 'load s', 'COPY floor s', 'load ÷ COPY', 'API RSS before', 'API RSS peak', 'growth'],
      [
        flags.rows.toLocaleString('en-US'),
        ms(loadMs / 1000, 2),
        ms(copyMs / 1000, 2),
        (loadMs / copyMs).toFixed(2),
        mib(r.start),
        mib(r.peak),
        `${growth.toFixed(1)} MiB`,
      ],
    ]),
  );
  console.log(
    `\nload summary: matched ${summary.matched.toLocaleString('en-US')}, replaced ${summary.replaced}, quarters ${summary.quarters[0]} … ${summary.quarters.at(-1)}`,
  );
  console.log(`\nperformance report ${flags.period} at N = ${flags.participants.toLocaleString('en-US')} (median of ${flags.runs}, ms)\n`);
  console.log(
    table([
      ['', ...REPORT_PROGRAMS],
      ['no wage records', ...REPORT_PROGRAMS.map((p) => ms(before[p] ?? NaN))],
      [`${flags.rows.toLocaleString('en-US')} wage records, quarters complete`, ...REPORT_PROGRAMS.map((p) => ms(after[p] ?? NaN))],
    ]),
  );
  console.log(`\nPIRL export with wage records: ${ms(exportMs, 0)} ms (${mib(exportBytes)})`);
  const worst = Math.max(...Object.values(after));
  const checks = [
    [`load ≤ ${flags.loadTarget} s`, loadMs <= flags.loadTarget * 1000, `${ms(loadMs / 1000, 2)} s`],
    [`API RSS grows ≤ ${flags.rssGrowth} MiB while loading`, growth <= flags.rssGrowth, `${growth.toFixed(1)} MiB`],
    [`performance report ≤ ${flags.reportTarget} ms with wage records`, worst <= flags.reportTarget, `${ms(worst)} ms (slowest program)`],
  ] as const;
  console.log('');
  for (const [what, ok, value] of checks) console.log(`${ok ? 'MET    ' : 'NOT MET'} ${what}: ${value}`);
  return 0;
}

runBench(main);
