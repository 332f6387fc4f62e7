/**
 * Shared pieces of the benchmark scripts (`npm run bench:*`): flags, statistics, tables, RSS and CPU
 * sampling, bench:api's command mix, and the processes a benchmark runs the product in — the real
 * worker (`src/worker/index.ts`) and the real API (`src/api/index.ts`) as child processes against a
 * Temporal server the script starts from the project's own tools (test/helpers/temporal.ts) and a
 * PostgreSQL database it creates and drops.
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
import { applyMigrations } from '../../src/db/migrate';
import { createDb, type Db } from '../../src/db/client';
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../src/config';
import { parseServerTiming } from '../../src/api/middleware/server-timing';
import { addActivityPayload, closeActivityPayload } from '../../src/api/services/command-payloads';
import type { ActivityCatalog } from '../../src/domain/activity-codes';
import { addDays, agencyToday } from '../../src/domain/dates';
import {
  type Actor,
  type ApplicationView,
  type CommandResult,
  addActivity,
  applicationWorkflowId,
  closeActivity,
  getApplicationView,
} from '../../src/workflows/application/contract';

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
    if (!(key in defaults))
      throw new Error(
        `unknown flag --${name}; known: ${Object.keys(defaults)
          .map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`)
          .join(' ')}`,
      );
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

/** The median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A figure measured once per round: its median over the rounds and its range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}
export function spread(values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  return { median: median(finite), min: Math.min(...finite), max: Math.max(...finite) };
}
/** `1.23 (1.10–1.35)`: the median and, in brackets, the lowest and highest round. */
export const spreadText = (s: Spread, digits = 2): string => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

export const ms = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '-');
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
export const int = (v: number): string => Math.round(v).toLocaleString('en-US');

/** A plain-text table: first row is the header; numbers-looking cells are right-aligned. */
export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string): boolean => /^[-+]?[\d,.]+( ?(ms|s|%|x|MiB|\/s))?$/.test(s);
  const fmt = (r: string[]): string =>
    r
      .map((c, i) => (numeric(c) && i > 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}

/** Prints what a reader of the numbers needs to judge them: machine, load, versions. */
export function printMachine(title: string): void {
  const [l1, l5, l15] = loadavg();
  console.log(`== ${title} ==`);
  console.log(
    `${new Date().toISOString()}  node ${process.version}  ${cpuModel()} x${cpuCount()}  load avg ${l1!.toFixed(2)} ${l5!.toFixed(2)} ${l15!.toFixed(2)}`,
  );
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
    return readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('processor')).length;
  } catch {
    return 1;
  }
}

export const loadNow = (): string =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

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

/** A front's Server-Timing (SERVER_TIMING=true): ms waiting on Temporal, and the rest of its time. */
export interface ServerTimes {
  temporal: number;
  app: number;
}

/** Where laneLoad puts each timed answer's latency less its Temporal time, and its `app` time (ms). */
export interface TimingSink {
  outside: number[];
  app: number[];
}

/** The `Server-Timing` of an answer, if it carries one. */
export function serverTimes(res: Response): ServerTimes | undefined {
  const t = parseServerTiming(res.headers.get('server-timing'));
  return t.temporal !== undefined && t.app !== undefined ? { temporal: t.temporal, app: t.app } : undefined;
}

/**
 * `total` operations over `lanes` concurrent lanes: lane i owns items i, i + lanes, … and takes them in
 * turn; `op` gets the item and the operation's number (1, 2, …). Each operation's latency (ms) goes to
 * `latencies`; when `op` returns the front's Server-Timing, the latency less its Temporal time (and its
 * `app` time) go to `timings`. Returns the wall time in seconds.
 */
export async function laneLoad<T>(
  items: readonly T[],
  total: number,
  lanes: number,
  op: (item: T, n: number) => Promise<ServerTimes | void>,
  latencies?: number[],
  timings?: TimingSink,
): Promise<number> {
  let issued = 0;
  const started = performance.now();
  await pool(
    Array.from({ length: lanes }, (_, i) => i),
    lanes,
    async (lane) => {
      const mine = items.filter((_, i) => i % lanes === lane);
      for (let k = 0; issued < total; k += 1) {
        issued += 1;
        const t0 = performance.now();
        const times = await op(mine[k % mine.length] as T, issued);
        const latency = performance.now() - t0;
        latencies?.push(latency);
        if (times && timings) {
          timings.outside.push(latency - times.temporal);
          timings.app.push(times.app);
        }
      }
    },
  );
  return (performance.now() - started) / 1000;
}

/**
 * The order of `items` in round `round`: the rows of a balanced (Williams) Latin square, so over
 * items.length rounds (an even count) each item runs once in every position and follows every other
 * item once: drift on a shared machine hits all alike.
 */
export function rotation<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  const first = Array.from({ length: n }, (_, i) => (i % 2 === 1 ? (i + 1) / 2 : (n - i / 2) % n));
  return first.map((j) => items[(j + round) % n] as T);
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

/** CPU time (busy: all but idle and iowait) the whole machine has spent so far, all cores, in ms (/proc/stat). */
function machineCpuMs(): number {
  try {
    const [, ...f] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = f.map(Number) as number[];
    return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** CPU ms so far of every running process whose name (/proc/<pid>/comm) is `comm` (e.g. all of PostgreSQL's), by pid. */
function cpuMsByCommand(comm: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) out.set(Number(entry), cpuMsOf(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** What cpuSince gives besides the named processes. */
export type CpuExtra = 'driver' | 'postgres' | 'machine' | 'others';

export interface CpuSnapshot<K extends string> {
  named: Record<K | 'driver' | 'machine', number>;
  postgres: Map<number, number>;
}

/**
 * CPU ms so far of each named process (/proc/<pid>/stat), of this driver (`process.cpuUsage()`), of
 * each of PostgreSQL's processes (all of them: the server is shared) and of the whole machine.
 */
export function cpuSnapshot<K extends string>(pids: Record<K, number>): CpuSnapshot<K> {
  const u = process.cpuUsage();
  const named = { driver: (u.user + u.system) / 1000, machine: machineCpuMs() } as Record<K | 'driver' | 'machine', number>;
  for (const k of Object.keys(pids) as K[]) named[k] = cpuMsOf(pids[k]);
  return { named, postgres: cpuMsByCommand('postgres') };
}

/**
 * CPU ms spent between two snapshots by each named process, the driver, PostgreSQL (its processes
 * running at the end; one started meanwhile counts whole), the machine, and `others`: the machine less
 * all of those, i.e. what processes outside the benchmark spent (another user's build on a shared box).
 */
export function cpuSince<K extends string>(before: CpuSnapshot<K>, after: CpuSnapshot<K>): Record<K | CpuExtra, number> {
  const out = {} as Record<K | CpuExtra, number>;
  let ours = 0;
  for (const k of Object.keys(after.named) as (K | 'driver' | 'machine')[]) {
    out[k] = after.named[k] - before.named[k];
    if (k !== 'machine') ours += out[k];
  }
  out.postgres = 0;
  for (const [pid, v] of after.postgres) out.postgres += v - (before.postgres.get(pid) ?? 0);
  out.others = out.machine - ours - out.postgres;
  return out;
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
  constructor(
    private readonly pid: number,
    everyMs = 250,
  ) {
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

/**
 * A fresh, migrated database `wioa_test_bench_<name>_<random>` on the local server (the migrations of
 * this checkout, or those in `migrationsDir`); dropped by close().
 */
export async function benchDatabase(name: string, migrationsDir?: string): Promise<BenchDatabase> {
  const database = await createTestDatabase(`bench_${name}`, migrationsDir ? { migrate: false } : {});
  // Another checkout's schema (bench:ratio --worker-from): its own migrations.
  if (migrationsDir) {
    try {
      await applyMigrations(database.url, { migrationsDir });
    } catch (err) {
      await database.drop();
      throw err;
    }
  }
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

/** The pid of the dev server (`temporal server start-dev`) listening at `address`; 0 when not found. */
export const devServerPid = (address: string): number => pidsByCommandLine('server', 'start-dev', String(address.split(':').at(-1))).at(0) ?? 0;

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
  /** The checkout whose entry point runs (default: this one; `bench:ratio --worker-from DIR` runs another's worker). */
  root?: string;
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
function spawnProduct(entry: string, env: NodeJS.ProcessEnv, onLine: (line: string) => void, nodeArgs: string[] = [], root = PROJECT_ROOT): ProductProcess {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(root, entry)], {
    cwd: root,
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
  if (!['info', 'debug', 'trace', undefined].includes(e.logLevel))
    throw new Error(`the ${what} needs LOG_LEVEL info (or more verbose): its readiness is its ${readyText} line`);
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
    e.root,
  );
  await waitForExitOrReady(p, ready, what);
  return p;
}

/** The product's API (`npm run start:api`) as a child process on a free port; resolves once /health is 200. */
export async function startApiProcess(e: ProductEnv): Promise<ProductProcess & { url: string }> {
  const port = await freePort();
  const p = spawnProduct(
    'src/api/index.ts',
    productEnv({ ...e, extraEnv: { PORT: String(port), HOST: '127.0.0.1', ...e.extraEnv } }),
    () => undefined,
    e.nodeArgs,
    e.root,
  );
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

// ---- the product's command mix -----------------------------------------------------------------------

/**
 * bench:api's load, shared with bench:ratio: a seeded mix of 40 % add a service, 30 % close one (add
 * when none is open) and 30 % read the case, on cases each owned by one lane of the concurrency, sent
 * through the API (`api`, with the `dev-staff` token and, unless told otherwise, an Idempotency-Key) or
 * directly with the Temporal client (`client`: the same Update definitions, the API's payload builders
 * from src/api/services/command-payloads.ts, and its update-id scheme, staff id + key).
 */
export type ProductPath = 'api' | 'client';
export type ProductOp = 'add' | 'close' | 'query';
export const PRODUCT_OPS: readonly ProductOp[] = ['add', 'close', 'query'];
const BENCH_STAFF: Actor = { staffId: 'S-DEV-STAFF', role: 'staff' }; // the `dev-staff` token's actor

/** A case driven by one lane: its open services (to close). */
export interface ProductCase {
  id: string;
  open: string[];
}

export interface ProductCtx {
  apiUrl: string;
  client: Client;
  /** The agency's activity-code catalog the API resolves codes from (the same payload builders). */
  catalog: ActivityCatalog;
  today: string;
  /** API commands carry an Idempotency-Key (as retrying clients do). */
  idempotencyKey: boolean;
}

/** The context for a product on `taskQueue` with the development configuration (what the API process loads). */
export function productCtx(apiUrl: string, client: Client, databaseUrl: string, taskQueue: string, idempotencyKey = true): ProductCtx {
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: databaseUrl, TEMPORAL_MODE: 'external', TEMPORAL_TASK_QUEUE: taskQueue });
  return { apiUrl, client, catalog: config.activityCatalog, today: agencyToday(Date.now(), config.agencyTimeZone), idempotencyKey };
}

/** The mix: 40 % add a service, 30 % close one (add when none is open), 30 % query. */
export function pickProductOp(r: number, c: ProductCase): ProductOp {
  if (r < 0.4) return 'add';
  if (r < 0.7) return c.open.length > 0 ? 'close' : 'add';
  return 'query';
}

/** One request to the product's API as `token` (the `dev-staff` static token by default); throws unless the status is `expect`. */
async function apiRequest<T>(ctx: ProductCtx, method: string, path: string, body?: unknown, expect = 200, token = 'dev-staff'): Promise<T> {
  return (await apiRequestTimed<T>(ctx, method, path, body, expect, token)).body;
}

/** apiRequest, with the answer's Server-Timing (when the API sends one). */
async function apiRequestTimed<T>(
  ctx: ProductCtx,
  method: string,
  path: string,
  body?: unknown,
  expect = 200,
  token = 'dev-staff',
): Promise<{ body: T; times: ServerTimes | undefined }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    if (ctx.idempotencyKey) headers['idempotency-key'] = `bench-${randomUUID()}`;
  }
  const res = await fetch(`${ctx.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { body: JSON.parse(text) as T, times: serverTimes(res) };
}

const serviceBody = (today: string, n: number) => ({
  code: '104',
  program: 'ADULT' as const,
  actualBeginDate: today,
  projectedEndDate: addDays(today, 30),
  caseNote: `Workshop ${n}.`,
});
const closeBody = (today: string) => ({ actualEndDate: today, completionCode: 'successful' as const });

/** One operation on one case through one path (the API as `token`, default `dev-staff`); throws on any unexpected answer. Returns the API's Server-Timing, if it sent one. */
export async function productOp(
  ctx: ProductCtx,
  path: ProductPath,
  op: ProductOp,
  c: ProductCase,
  n: number,
  token?: string,
): Promise<ServerTimes | undefined> {
  if (path === 'api') {
    if (op === 'add') {
      const r = await apiRequestTimed<CommandResult>(ctx, 'POST', `/api/v1/applications/${c.id}/activities`, serviceBody(ctx.today, n), 201, token);
      c.open.push(r.body.activity!.id);
      return r.times;
    }
    if (op === 'close')
      return (
        await apiRequestTimed<CommandResult>(ctx, 'POST', `/api/v1/applications/${c.id}/activities/${c.open.shift()!}/close`, closeBody(ctx.today), 200, token)
      ).times;
    return (await apiRequestTimed<ApplicationView>(ctx, 'GET', `/api/v1/applications/${c.id}`, undefined, 200, token)).times;
  }
  const handle = ctx.client.workflow.getHandle(applicationWorkflowId(c.id));
  const updateId = `${BENCH_STAFF.staffId}:bench-${randomUUID()}`; // the API's scheme: staff id + Idempotency-Key
  if (op === 'add') {
    const payload = addActivityPayload(ctx.catalog, serviceBody(ctx.today, n));
    const r = await handle.executeUpdate(addActivity, { args: [{ actor: BENCH_STAFF, payload }], updateId });
    c.open.push(r.activity!.id);
  } else if (op === 'close') {
    const payload = closeActivityPayload(closeBody(ctx.today), c.open.shift()!);
    await handle.executeUpdate(closeActivity, { args: [{ actor: BENCH_STAFF, payload }], updateId });
  } else {
    await handle.query(getApplicationView);
  }
  return undefined;
}

/** A case ready for the mix, made through the API: a participant, an application, participation with one service. */
export async function newProductCase(ctx: ProductCtx): Promise<ProductCase> {
  const p = await apiRequest<{ id: string }>(
    ctx,
    'POST',
    '/api/v1/participants',
    { firstName: 'Bench', lastName: 'Participant', birthDate: '1980-01-01' },
    201,
  );
  const a = await apiRequest<ApplicationView>(
    ctx,
    'POST',
    '/api/v1/applications',
    { participantId: p.id, programs: ['ADULT'], eligibilityDate: addDays(ctx.today, -20), office: 'LA-2703', caseManagerId: 'S-1042' },
    201,
  );
  await apiRequest(ctx, 'POST', `/api/v1/applications/${a.id}/participation`, {
    participationDate: addDays(ctx.today, -10),
    activity: { code: '102', program: 'ADULT', projectedEndDate: addDays(ctx.today, 20), caseNote: 'Initial assessment.' },
  });
  return { id: a.id, open: [] };
}

/** Terminates the cases' workflows (a benchmark's cases it is done with: the worker's cache lets them go). */
export async function endProductCases(ctx: ProductCtx, cases: readonly ProductCase[], reason: string): Promise<void> {
  await pool(cases, 8, (c) =>
    ctx.client.workflow
      .getHandle(applicationWorkflowId(c.id))
      .terminate(reason)
      .catch(() => undefined),
  );
}

/** JSON size of the cases' live views (bench:ratio's floor is sized after it). */
export async function productViewBytes(ctx: ProductCtx, cases: readonly ProductCase[]): Promise<Summary> {
  const views = await pool(cases, 4, (c) => ctx.client.workflow.getHandle(applicationWorkflowId(c.id)).query(getApplicationView));
  return summarize(views.map((v) => JSON.stringify(v).length));
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
