/**
 * Shared pieces of the benchmark scripts (`npm run bench:*`): flags, statistics, tables, RSS sampling,
 * and the processes a benchmark runs the product in — the real worker (`src/worker/index.ts`) and the
 * real API (`src/api/index.ts`) as child processes against a Temporal server the script starts from
 * the project's own tools (test/helpers/temporal.ts) and a PostgreSQL database it creates and drops.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createTimeSkippingEnv } from '../../src/temporal/sandbox';
import { createInterface } from 'node:readline';
import { PROJECT_ROOT, timeSkippingServerExecutable } from '../../src/temporal/binaries';
import { quietRuntime, testDataConverter } from '../../test/helpers/temporal';
import { createTestDatabase, type TestDatabase } from '../../src/db/test-database';
import { createDb, type Db } from '../../src/db/client';

// ---- flags ----------------------------------------------------------------------------------------

type FlagValue = number | string | boolean;

/**
 * `--name value`, `--name=value` and `--flag` / `--no-flag` for booleans; the defaults give the types.
 * Unknown flags are an error (a typo must not silently run the default benchmark).
 */
export function parseFlags<T extends Record<string, FlagValue>>(defaults: T, argv = process.argv.slice(2)): T {
  const out: Record<string, FlagValue> = { ...defaults };
  const camel = (s: string): string => s.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') continue;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, given] = arg.slice(2).split('=', 2) as [string, string | undefined];
    let value = given;
    let key = camel(name);
    if (!(key in defaults) && name.startsWith('no-') && typeof defaults[camel(name.slice(3))] === 'boolean') {
      key = camel(name.slice(3));
      value = 'false';
    }
    if (!(key in defaults)) throw new Error(`unknown flag --${name}; known: ${Object.keys(defaults).map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(' ')}`);
    const def = defaults[key];
    if (typeof def === 'boolean') {
      out[key] = value === undefined ? true : !['false', '0', 'no'].includes(value);
      continue;
    }
    if (value === undefined) {
      value = argv[i + 1];
      i += 1;
      if (value === undefined) throw new Error(`--${name} needs a value`);
    }
    if (typeof def === 'number') {
      const n = Number(value.replace(/_/g, ''));
      if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${value}`);
      out[key] = n;
    } else {
      out[key] = value;
    }
  }
  return out as T;
}

// ---- statistics and printing ----------------------------------------------------------------------

export interface Summary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((s, v) => s + v, 0);
  return {
    count: sorted.length,
    mean: sorted.length ? sum / sorted.length : NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] as number) : NaN,
  };
}

export const ms = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '-');
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const int = (v: number): string => Math.round(v).toLocaleString('en-US');

/** A plain-text table: first row is the header; numbers-looking cells are right-aligned. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string): boolean => /^[-+]?[\d,.]+( ?(ms|s|%|x|MiB|\/s))?$/.test(s);
  const fmt = (r: string[]): string =>
    r.map((c, i) => (numeric(c) && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [fmt(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}

/** Prints what a reader of the numbers needs to judge them: machine, load, versions. */
export function printMachine(title: string): void {
  const [l1, l5, l15] = loadavg();
  console.log(`== ${title} ==`);
  console.log(`${new Date().toISOString()}  node ${process.version}  ${cpuModel()} x${cpuCount()}  load avg ${l1!.toFixed(2)} ${l5!.toFixed(2)} ${l15!.toFixed(2)}`);
}

function cpuModel(): string {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'cpu';
  } catch {
    return 'cpu';
  }
}
function cpuCount(): number {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
  } catch {
    return 1;
  }
}

export const loadNow = (): string => loadavg().map((v) => v.toFixed(2)).join(' ');

// ---- concurrency --------------------------------------------------------------------------------

/** Runs `fn` over `items` with at most `concurrency` in flight; fails fast on the first error. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed: unknown;
  const lane = async (): Promise<void> => {
    while (failed === undefined && next < items.length) {
      const i = next;
      next += 1;
      try {
        results[i] = await fn(items[i] as T, i);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failed !== undefined) throw failed;
  return results;
}

export const sleep = (msec: number): Promise<void> => new Promise((r) => setTimeout(r, msec));

/** mulberry32: a small seeded PRNG, so runs (and both paths of a run) get the same sequence of operations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Calls `sample` every `everySeconds` until `done()` or `giveUpAt` (epoch ms), then once more. */
export async function sampleUntil(done: () => boolean, giveUpAt: number, everySeconds: number, sample: () => Promise<void>): Promise<void> {
  while (!done() && Date.now() < giveUpAt) {
    await sample();
    await sleep(everySeconds * 1000);
  }
  await sample();
}

/**
 * Retries `fn` on transient errors (a Temporal server busy for a moment), and on `alsoRetry` (e.g. an
 * Update that reached a run just as it continued as new: resent with the same update id, it lands on
 * the new run — it was never accepted by the old one, so it has no effect there).
 */
export async function retrying<T>(fn: () => Promise<T>, what: string, alsoRetry?: RegExp, attempts = 8): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: number }).code;
      const text = `${String(err)} ${String((err as { cause?: unknown }).cause ?? '')}`;
      const transient = code === 4 || code === 8 || code === 14 || /deadline|unavailable|resource exhausted/i.test(text) || (alsoRetry?.test(text) ?? false);
      if (!transient || i >= attempts) throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      await sleep(100 * i);
    }
  }
}

// ---- memory ---------------------------------------------------------------------------------------

/** Resident set size of a process from /proc (Linux), in bytes; 0 when it is gone. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** Pids of processes whose command line contains every one of `parts` (Linux /proc). */
export function pidsByCommandLine(...parts: string[]): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (parts.every((p) => cmd.includes(p))) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Samples a process's RSS every `everyMs`: start, peak, latest. */
export class RssSampler {
  readonly start: number;
  peak: number;
  latest: number;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly pid: number, everyMs = 250) {
    this.start = rssOf(pid);
    this.peak = this.start;
    this.latest = this.start;
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }
  sample(): number {
    const v = rssOf(this.pid);
    if (v > 0) {
      this.latest = v;
      this.peak = Math.max(this.peak, v);
    }
    return this.latest;
  }
  stop(): { start: number; peak: number; end: number } {
    clearInterval(this.timer);
    this.sample();
    return { start: this.start, peak: this.peak, end: this.latest };
  }
}

// ---- database -------------------------------------------------------------------------------------

export interface BenchDatabase extends TestDatabase {
  db: Db;
  /** Exact row counts of every table of the schema (migrations table excluded). */
  rowCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** A fresh, migrated database `wioa_test_bench_<name>_<random>` on the local server; dropped by close(). */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  const database = await createTestDatabase(`bench_${name}`);
  const db = createDb(database.url);
  return {
    ...database,
    db,
    rowCounts: async () => {
      const tables = await db.$queryRaw<{ name: string }[]>`
        SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\_prisma%' ORDER BY table_name`;
      const out: Record<string, number> = {};
      for (const t of tables) {
        const [row] = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t.name.replace(/"/g, '""')}"`);
        out[t.name] = Number(row?.n ?? 0);
      }
      return out;
    },
    close: async () => {
      await db.$disconnect().catch(() => undefined);
      await database.drop();
    },
  };
}

// ---- Temporal -----------------------------------------------------------------------------------------

/** An Update that met its run's continue-as-new ("Completed workflow"): resent, it reaches the new run. */
export const RAN_INTO_CONTINUE_AS_NEW = /completed workflow|workflow is closing|workflow execution already completed/i;

/**
 * The time-skipping test server (test/helpers/temporal.ts's timeSkippingEnv, clock at `startAt`) with
 * its own output sent to a log file: under load it prints a netty warning for every stream a client
 * cancels, thousands of lines that would bury the figures.
 */
export async function quietTimeSkippingEnv(startAt: string): Promise<{ env: TestWorkflowEnvironment; log: string }> {
  quietRuntime();
  const dir = mkdtempSync(join(tmpdir(), 'wioa-bench-'));
  const log = join(dir, 'time-skipping-server.log');
  const executable = timeSkippingServerExecutable(new Date(startAt), { ...process.env, TEMPORAL_TEST_SERVER_LOG: log });
  const env = await createTimeSkippingEnv(executable, testDataConverter());
  return { env, log };
}

// ---- product processes ------------------------------------------------------------------------------

export interface ProductProcess {
  pid: number;
  child: ChildProcess;
  /** Lines the process wrote to stderr (kept for error reports). */
  stderr: string[];
  stop(): Promise<void>;
}

export interface ProductEnv {
  temporalAddress: string;
  namespace?: string;
  taskQueue: string;
  databaseUrl: string;
  /** pino level of the child (default `info`, as in production). */
  logLevel?: string;
  extraEnv?: Record<string, string>;
  /** Extra Node flags for the child, e.g. `--cpu-prof` to profile it. */
  nodeArgs?: string[];
  /** Sees every line the child writes to stdout (its JSON log). */
  onLine?: (line: string) => void;
}

function productEnv(e: ProductEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: e.logLevel ?? 'info',
    TEMPORAL_MODE: 'external',
    TEMPORAL_ADDRESS: e.temporalAddress,
    TEMPORAL_NAMESPACE: e.namespace ?? 'default',
    TEMPORAL_TASK_QUEUE: e.taskQueue,
    DATABASE_URL: e.databaseUrl,
    // §11 R-ABUSE-1: the benches send thousands of requests a minute as one staff member; no limit.
    RATE_LIMIT_PER_MINUTE: '0',
    ...e.extraEnv,
  };
}

/**
 * Starts one of the product's entry points (`src/worker/index.ts`, `src/api/index.ts`) as its own
 * Node process (through tsx's loader, so the pid is the process that does the work). Its JSON log
 * lines go to `onLine` (then are dropped: logging costs what it costs in production, minus a disk).
 */
function spawnProduct(entry: string, env: NodeJS.ProcessEnv, onLine: (line: string) => void, nodeArgs: string[] = []): ProductProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(PROJECT_ROOT, entry)], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', (l) => {
    stderr.push(l);
    if (stderr.length > 200) stderr.shift();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never leave the product process behind, even when this script exits without its clean-up.
  const orphanGuard = (): void => void child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  void exited.then(() => process.removeListener('exit', orphanGuard));
  return {
    pid: child.pid!,
    child,
    stderr,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

function waitForExitOrReady(p: ProductProcess, ready: Promise<void>, what: string, timeoutMs = 120_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not become ready in ${timeoutMs / 1000}s\n${p.stderr.join('\n')}`)), timeoutMs);
    p.child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}\n${p.stderr.join('\n')}`));
    });
    ready.then(() => {
      clearTimeout(timer);
      resolve();
    }, reject);
  });
}

/** The product's worker (`npm run start:worker`) as a child process; resolves once it polls. */
export function startWorkerProcess(e: ProductEnv): Promise<ProductProcess> {
  return startLoggingProcess('src/worker/index.ts', e, '"worker started"', 'worker process');
}

/**
 * A process of the project (`entry`, relative to the project root) whose readiness is a line of its
 * JSON log containing `readyText` (so it needs LOG_LEVEL info or more verbose).
 */
export async function startLoggingProcess(entry: string, e: ProductEnv, readyText: string, what: string): Promise<ProductProcess> {
  // Readiness is a log line (the time-skipping server cannot describe task queues).
  if (!['info', 'debug', 'trace', undefined].includes(e.logLevel)) throw new Error(`the ${what} needs LOG_LEVEL info (or more verbose): its readiness is its ${readyText} line`);
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  const p = spawnProduct(
    entry,
    productEnv(e),
    (line) => {
      if (line.includes(readyText)) markReady();
      e.onLine?.(line);
    },
    e.nodeArgs,
  );
  await waitForExitOrReady(p, ready, what);
  return p;
}

/** The product's API (`npm run start:api`) as a child process on a free port; resolves once /health is 200. */
export async function startApiProcess(e: ProductEnv): Promise<ProductProcess & { url: string }> {
  const port = await freePort();
  const p = spawnProduct('src/api/index.ts', productEnv({ ...e, extraEnv: { PORT: String(port), HOST: '127.0.0.1', ...e.extraEnv } }), () => undefined, e.nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    for (;;) {
      try {
        if ((await fetch(`${url}/health`)).status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
  })();
  await waitForExitOrReady(p, ready, 'API process');
  return { ...p, url };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// ---- clean-up ---------------------------------------------------------------------------------------

type Cleanup = () => Promise<unknown>;
const cleanups: Cleanup[] = [];

/** Registers clean-up to run (last registered first) at the end, on error and on Ctrl-C. */
export function onCleanup(fn: Cleanup): void {
  cleanups.push(fn);
}

async function runCleanups(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error(`clean-up failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Runs a benchmark's main(): clean-up always runs; exit code 0 on success, 1 on error (or as returned). */
export function runBench(main: () => Promise<number | void>): void {
  let interrupted = false;
  const interrupt = (signal: string): void => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: cleaning up…`);
    void runCleanups().finally(() => process.exit(130));
  };
  process.once('SIGINT', () => interrupt('SIGINT'));
  process.once('SIGTERM', () => interrupt('SIGTERM'));
  main().then(
    async (code) => {
      await runCleanups();
      process.exit(code ?? 0);
    },
    async (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      await runCleanups();
      process.exit(1);
    },
  );
}
