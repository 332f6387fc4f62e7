// bench:ratio — the product against its floors in ONE run, in alternating rounds, so that a ratio can
// be quoted with its spread. bench:api and bench:floor measure the product and its floor in separate
// commands minutes apart; on a shared 2-core box the drift between them exceeded every gap. Here one
// dev server, the product's worker and API, the floor worker and the bare proxy start once and stay
// up, and each round runs four legs of --ops operations at --concurrency:
//
//   api     the product through its API (bench:api's mix: add / close a service, read the case)
//   client  the product through the Temporal client (the same Updates and Query)
//   proxy   the floor workflow (bench:floor's product variant: codec, ~product-size view, one PG
//           statement per projection) through the bare node:http proxy
//   floor   the floor workflow through the Temporal client
//
// each leg in --chunks pieces (8 of 50 operations by default), interleaved in the orders of a balanced
// Latin square (over 4 pieces each leg runs once in each position and follows each other leg once), so
// the machine's drift within a round hits the four legs alike. Every round starts from fresh cases (made
// through the API, not measured), so the product's views grow alike in every round. Each round gives,
// from each process's own counters (/proc/<pid>/stat for the children and the server,
// process.cpuUsage() for this driver):
//   worker CPU ÷ floor worker CPU        per operation; each worker's CPU over the whole round (so a
//                                        projection that finishes after its leg still counts) over
//                                        the operations of its two legs
//   API overhead ÷ proxy overhead        THE figure (‡, since 2f20917): both fronts run with
//                                        SERVER_TIMING=true and report each request's time waiting on
//                                        Temporal (Server-Timing temporal;dur=, the same client
//                                        interceptor in both); a request's overhead is its latency less
//                                        that; a round's figure is the p50 of its API requests' ÷ the
//                                        p50 of its proxy requests'; the run's is the median over rounds.
//                                        Three consecutive runs at 2f20917: 3.09 / 2.97 / 3.03 (±2 %)
//   (the legs' difference, *)            overhead = latency via HTTP − latency via the client, of the
//                                        same workflow in the same round, at p50 and in the mean; the
//                                        median of the rounds' API overheads over the median of their
//                                        proxy overheads (a round's proxy overhead can be ~0, so its own
//                                        ratio can be anything), with its spread over blocks of 4 rounds:
//                                        the Temporal latency's scatter between legs (±5 ms) is in it
//   API CPU ÷ proxy CPU                  per operation of its leg (over the round)
// --paired (off by default: in three default runs at a164979/ca3b672 its p50 ratio gave 3.17 / 3.83 / 3.73,
// run 1 at -11.4 % of the mean, just outside ±10 %; its mean ratio 3.44 / 3.77 / 3.72 held): the overhead from pairs. A round
// runs two phases, product and floors, each in --chunks pieces alternating in the same Latin-square
// rotation (product floors, floors product, …); in each phase --concurrency / 2 lanes issue pairs: the
// same kind of operation (one random draw) through the front (the API, resp. the proxy) on one workflow
// and through the raw client on a twin workflow that gets the same operations, AT THE SAME MOMENT (which
// of the two starts first alternates), so --concurrency operations are in flight as in the legs. Each
// pair's difference (via HTTP − via the client) is taken under the same instantaneous load of the
// machine, so the drift between separately measured latencies (±5 ms, the proxy's whole overhead) drops
// out: a round's overhead is the median (and the mean) of its pairs' differences, and the summary's
// figure is again the median of the rounds' API overheads over the median of their proxy overheads.
// The unpaired figure (p50 via HTTP − p50 via the client, over the same latencies) is printed beside it.
// CPU per operation as above: each process's counters over the whole round, the worker's over the
// operations of both paths, each front's over the operations through it.
// With --restart-fronts-every N, the API process and the proxy are replaced by new, warmed-up processes
// every N rounds, so that a run's median spans several of each (two processes of one program can
// differ in CPU per operation for minutes at a time).
// The end prints each leg, each round, and the median over the rounds with the lowest and highest
// round (and the figure over all rounds pooled). /proc/stat gives the CPU of the whole machine: what
// processes outside the benchmark spent during a leg (another user's build) is printed, and a round in
// which they kept more than --max-others of a core busy is run again (at most --redo times); before
// each round the driver waits (up to --quiet-wait seconds) for them to fall under that.
//
//   npm run bench:ratio                                   # 16 rounds of 400 operations per leg, ~6 min
//   npm run bench:ratio -- --rounds 8 --ops 300
//   npm run bench:ratio -- --worker-from ../wioa-base     # this checkout's worker against another's
//
// --worker-from DIR compares two builds of the product's worker instead: this checkout's and DIR's (a
// `git worktree add ../wioa-base <commit>` with its own node_modules, or a symlink to this one's, and
// its Prisma client generated: `npx tsx scripts/db-migrate.ts generate` in DIR). Each build gets its
// own task queue, its own database (migrated with its own migrations) and cases made through its own
// API process (idle while the rounds run); then the client's mix alternates between the two in rounds
// (AB, BA, …), with the payload builders of this checkout. Both workers are replaced by new processes
// every --restart-every rounds: two processes of the same build differ by up to ~10 % for minutes at a
// time. Printed: DIR's worker CPU per operation and latency over this checkout's, per round and as the
// median with its spread.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { devServerEnv, uniqueTaskQueue } from '../../test/helpers/temporal';
import { PROJECT_ROOT } from '../../src/project-root';
import {
  type CpuExtra,
  type ProductCase,
  type TimingSink,
  type ProductCtx,
  type ProductEnv,
  type ProductPath,
  type ProductProcess,
  type Spread,
  type Summary,
  benchDatabase,
  cpuSince,
  endProductCases,
  cpuSnapshot,
  devServerPid,
  laneLoad,
  loadNow,
  mib,
  ms,
  newProductCase,
  onCleanup,
  parseFlags,
  pickProductOp,
  median,
  pool,
  printMachine,
  productCtx,
  productOp,
  productViewBytes,
  rng,
  rotation,
  rssOf,
  runBench,
  sleep,
  spread,
  spreadText,
  startApiProcess,
  startWorkerProcess,
  summarize,
  table,
} from './common';
import { type FloorPath, floorOp, floorVariants, startFloorProxy, startFloorWorker, startFloorWorkflows } from './floor/load';
import { floorView as floorViewQuery } from './floor/workflow';

const flags = parseFlags({
  rounds: 16, // a multiple of 4: each leg runs in each position equally often
  ops: 400, // measured operations per leg per round
  chunks: 8, // each leg of a round in this many pieces, interleaved (rotation goes on across the pieces); with 1, the
  // machine's speed drifted between the legs of one round by more than the proxy's whole overhead (per-round
  // API/proxy overhead ratios from -50x to 5x over 16 rounds at 0673e5d); 8 pieces of 50 make each round two Latin squares
  warmup: 400, // operations per leg before the first round (the proxy's and the API's CPU per operation still fall over the first thousand)
  concurrency: 8,
  apps: 16, // workflows per leg; the product's are made afresh for every round, so every round starts from the same views
  rows: 30, // the floor view's rows (~150 bytes of JSON each): ~4.5 KB, the product's view half-way through a round (both printed)
  settleMs: 100, // a pause after each piece of a leg, for its last projections to finish before the next piece starts
  maxOthers: 0.15, // cores that processes outside the benchmark may keep busy during a leg before its round is run again
  redo: 8, // rounds run again at most, in all
  quietWait: 30, // seconds to wait, before each round, for the machine to be quiet (see --max-others)
  seed: 7,
  logLevel: 'info', // of the product's and the floor's processes
  idempotencyKey: true, // API commands carry an Idempotency-Key, as in bench:api
  workerFrom: '', // a second checkout: compare its worker with this one's (see the top of this file)
  restartEvery: 4, // with --worker-from: new worker processes of both builds every this many rounds (0: never)
  restartFrontsEvery: 0, // without --worker-from: a new API process and a new proxy every this many rounds (0: never)
  paired: false, // overhead from pairs: each operation through the front with the same kind through the client, at the same moment (see the top of this file); off: the four separate legs
});

const gitHead = (dir: string): string => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: dir, encoding: 'utf8' }).trim();
    return dirty ? `${head} + ${dirty.split('\n').length} changed files in src/` : head;
  } catch {
    return '?';
  }
};

const x = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}x` : '-');

/** One leg of one round: its latencies and wall time, and every process's CPU during it. */
interface LegRun<P extends string> {
  lat: Summary;
  samples: number[];
  seconds: number;
  cpu: Record<P | CpuExtra, number>;
  /** Cores that processes outside the benchmark kept busy during the leg (its CPU over its wall time). */
  others: number;
}

/** One round: its order, its legs, and every process's CPU over the whole round. */
interface Round<L extends string, P extends string> {
  order: L[];
  legs: Record<L, LegRun<P>>;
  cpu: Record<P | CpuExtra, number>;
}

interface Rounds<L extends string> {
  /** Runs `ops` operations of one leg, pushing each latency to `samples`; returns the wall seconds. */
  run(leg: L, ops: number, samples?: number[]): Promise<number>;
  /** Before each round (not measured): e.g. fresh cases, so every round starts from the same views. */
  prepare(round: number): Promise<void>;
  /** After each round that is kept, its counters read (not measured). */
  after(round: number): Promise<void>;
}

/**
 * Waits (at most --quiet-wait seconds) until processes outside the benchmark keep at most --max-others
 * of a core busy, measured over 1 s while the benchmark's own processes are idle.
 */
async function quiet<P extends string>(pids: Record<P, number>): Promise<void> {
  const until = Date.now() + flags.quietWait * 1000;
  for (let said = false; ; said = true) {
    const before = cpuSnapshot(pids);
    await sleep(1000);
    const others = cpuSince(before, cpuSnapshot(pids)).others / 1000;
    if (others <= flags.maxOthers || Date.now() > until) return;
    if (!said) console.log(`  waiting for the machine: processes outside the benchmark keep ${others.toFixed(2)} cores busy`);
  }
}

/**
 * Warm-up, then `flags.rounds` rounds of every leg. A round runs each leg `flags.chunks` times for
 * `flags.ops / flags.chunks` operations, in the orders of a balanced Latin square that carries on from
 * round to round (with 4 legs and 4 chunks, each round is a whole square). A round during one of whose
 * legs processes outside the benchmark kept more than `flags.maxOthers` of a core busy is run again
 * (at most `flags.redo` times in all) and said so. Prints a line per round.
 */
async function alternate<L extends string, P extends string>(
  legs: readonly L[],
  pids: Record<P, number>,
  r: Rounds<L>,
  line: (round: Round<L, P>) => string,
): Promise<Round<L, P>[]> {
  for (const leg of legs) await r.run(leg, flags.warmup);
  const rounds: Round<L, P>[] = [];
  const perChunk = Math.ceil(flags.ops / flags.chunks);
  let redone = 0;
  for (let i = 0; i < flags.rounds;) {
    await r.prepare(i);
    await quiet(pids);
    const samples = Object.fromEntries(legs.map((l) => [l, [] as number[]])) as Record<L, number[]>;
    const seconds = Object.fromEntries(legs.map((l) => [l, 0])) as Record<L, number>;
    const windows = Object.fromEntries(legs.map((l) => [l, 0])) as Record<L, number>;
    const zero = cpuSince(cpuSnapshot(pids), cpuSnapshot(pids));
    const cpu = Object.fromEntries(legs.map((l) => [l, { ...zero }])) as Record<L, typeof zero>;
    const start = cpuSnapshot(pids);
    const order: L[] = [];
    for (let c = 0; c < flags.chunks; c += 1) {
      for (const leg of rotation(legs, i * flags.chunks + c)) {
        order.push(leg);
        const before = cpuSnapshot(pids);
        const t0 = performance.now();
        seconds[leg] += await r.run(leg, Math.min(perChunk, flags.ops - c * perChunk), samples[leg]);
        await sleep(flags.settleMs);
        windows[leg] += performance.now() - t0;
        const spent = cpuSince(before, cpuSnapshot(pids));
        for (const k of Object.keys(spent) as (keyof typeof spent)[]) cpu[leg][k] += spent[k];
      }
    }
    const total = cpuSince(start, cpuSnapshot(pids));
    const runs = Object.fromEntries(
      legs.map((l) => [l, { lat: summarize(samples[l]), samples: samples[l], seconds: seconds[l], cpu: cpu[l], others: cpu[l].others / windows[l] }]),
    ) as Record<L, LegRun<P>>;
    const round: Round<L, P> = { order, legs: runs, cpu: total };
    const busiest = legs.reduce((a, b) => (runs[b].others > runs[a].others ? b : a));
    const head = `round ${i + 1}/${flags.rounds} (${order.slice(0, legs.length).join(' ')}${flags.chunks > 1 ? ' …' : ''}, others ${runs[busiest].others.toFixed(2)} cores in ${busiest})`;
    if (runs[busiest].others > flags.maxOthers && redone < flags.redo) {
      redone += 1;
      console.log(`${head}: run again (${redone}/${flags.redo}): processes outside the benchmark kept more than ${flags.maxOthers} of a core busy`);
      continue;
    }
    rounds.push(round);
    await r.after(i);
    console.log(`${head}: ${line(round)}`);
    i += 1;
  }
  if (redone > 0) console.log(`${redone} round(s) run again for load from outside the benchmark`);
  return rounds;
}

/** A summary table: each figure's median over the rounds, its range, and the figure over all rounds' samples pooled. */
function summaryTable(rows: [string, number[] | Spread, number | undefined, number?][]): string {
  return table([
    ['figure', 'median (min–max) over rounds', 'spread ±% of median', 'pooled'],
    ...rows.map(([name, values, pooled, digits = 2]) => {
      const s: Spread = Array.isArray(values) ? spread(values) : values;
      const half = Math.max(s.max - s.median, s.median - s.min);
      return [name, spreadText(s, digits), `${((half / Math.abs(s.median)) * 100).toFixed(0)}%`, pooled === undefined ? '' : pooled.toFixed(digits)];
    }),
  ]);
}

// ---- the product against its floors ------------------------------------------------------------------

type Leg = 'api' | 'client' | 'proxy' | 'floor';
const LEGS: readonly Leg[] = ['api', 'client', 'proxy', 'floor'];
type Proc = 'worker' | 'api' | 'floorWorker' | 'proxy' | 'server';

/** --paired: the phases of a round; each runs pairs (front, client) of one workflow. */
type Phase = 'product' | 'floors';
const PHASES: readonly Phase[] = ['product', 'floors'];

/** --paired: one round's latencies per path, and per pair (front − client, ms) per front. */
interface PairRound {
  lat: Record<Leg, number[]>;
  diff: Record<'api' | 'proxy', number[]>;
}
const emptyPair = (): PairRound => ({ lat: { api: [], client: [], proxy: [], floor: [] }, diff: { api: [], proxy: [] } });
const pairLats = (p: PairRound): Record<Leg, Summary> => Object.fromEntries(LEGS.map((l) => [l, summarize(p.lat[l])])) as Record<Leg, Summary>;

/** Where pairLoad records: each pair's front and client latency and their difference (also to `all`). */
interface PairSink {
  front: number[];
  client: number[];
  diff: number[];
  all: number[];
}

/**
 * --paired: `total` pairs over `lanes` lanes (2 operations in flight per lane). Each pair draws one
 * random number and issues the operation it picks through the front on the lane's next workflow of
 * `front` and through the client on the matching workflow of `client` (the two workflows get the same
 * operations, so they stay alike), at the same moment; which of the two starts first alternates from
 * pair to pair and from lane to lane. Records both latencies and their difference; returns the wall seconds.
 */
async function pairLoad<T>(
  front: readonly T[],
  client: readonly T[],
  total: number,
  lanes: number,
  random: () => number,
  op: (side: 'front' | 'client', item: T, r: number, n: number) => Promise<unknown>,
  out?: PairSink,
): Promise<number> {
  let issued = 0;
  const started = performance.now();
  await pool(
    Array.from({ length: lanes }, (_, i) => i),
    lanes,
    async (lane) => {
      const mine = front.map((_, i) => i).filter((i) => i % lanes === lane);
      for (let k = 0; issued < total; k += 1) {
        issued += 1;
        const n = issued;
        const r = random();
        const i = mine[k % mine.length] as number;
        const timed = async (side: 'front' | 'client'): Promise<number> => {
          const t0 = performance.now();
          await op(side, (side === 'front' ? front[i] : client[i]) as T, r, n);
          return performance.now() - t0;
        };
        const [tf, tc] =
          (k + lane) % 2 === 0
            ? await Promise.all([timed('front'), timed('client')])
            : ((await Promise.all([timed('client'), timed('front')])).reverse() as [number, number]);
        if (out) {
          out.front.push(tf);
          out.client.push(tc);
          out.diff.push(tf - tc);
          out.all.push(tf - tc);
        }
      }
    },
  );
  return (performance.now() - started) / 1000;
}

/** The fronts' Server-Timing samples of one round (legs only): each request's latency less its Temporal time, and its `app` time. */
type FrontTimings = Record<'api' | 'proxy', TimingSink>;
const emptyTimings = (): FrontTimings => ({ api: { outside: [], app: [] }, proxy: { outside: [], app: [] } });

/** The ratios of one round (or of all rounds pooled: latency samples together, CPU summed); with --paired, the pairs' differences too; without, the fronts' Server-Timing. */
function floorFigures(lat: Record<Leg, Summary>, cpu: Record<Proc, number>, diff?: PairRound['diff'], st?: FrontTimings) {
  const n = (l: Leg): number => lat[l].count;
  const workerPerOp = cpu.worker / (n('api') + n('client'));
  const floorPerOp = cpu.floorWorker / (n('proxy') + n('floor'));
  const apiCpu = cpu.api / n('api');
  const proxyCpu = cpu.proxy / n('proxy');
  const apiP50 = lat.api.p50 - lat.client.p50;
  const proxyP50 = lat.proxy.p50 - lat.floor.p50;
  const apiMean = lat.api.mean - lat.client.mean;
  const proxyMean = lat.proxy.mean - lat.floor.mean;
  const apiPairP50 = diff ? median(diff.api) : NaN;
  const proxyPairP50 = diff ? median(diff.proxy) : NaN;
  const apiPairMean = diff ? summarize(diff.api).mean : NaN;
  const proxyPairMean = diff ? summarize(diff.proxy).mean : NaN;
  const p50 = (v: number[] | undefined): number => (v && v.length > 0 ? median(v) : NaN);
  const apiSt = p50(st?.api.outside);
  const proxySt = p50(st?.proxy.outside);
  const apiApp = p50(st?.api.app);
  const proxyApp = p50(st?.proxy.app);
  return {
    apiSt,
    proxySt,
    stRatio: apiSt / proxySt,
    apiApp,
    proxyApp,
    appRatio: apiApp / proxyApp,
    apiPairP50,
    proxyPairP50,
    pairP50: apiPairP50 / proxyPairP50,
    apiPairMean,
    proxyPairMean,
    pairMean: apiPairMean / proxyPairMean,
    workerPerOp,
    floorPerOp,
    workerRatio: workerPerOp / floorPerOp,
    apiP50,
    proxyP50,
    overheadP50: apiP50 / proxyP50,
    apiMean,
    proxyMean,
    overheadMean: apiMean / proxyMean,
    apiP50Pct: (apiP50 / lat.client.p50) * 100,
    proxyP50Pct: (proxyP50 / lat.floor.p50) * 100,
    apiCpu,
    proxyCpu,
    cpuRatio: apiCpu / proxyCpu,
  };
}

type Figure = keyof ReturnType<typeof floorFigures>;
/** The per-round table's columns: the product's figure, the floor's, their ratio; digits. */
const PAIRS: [Figure, Figure, Figure, number][] = [
  ['workerPerOp', 'floorPerOp', 'workerRatio', 2],
  ['apiP50', 'proxyP50', 'overheadP50', 1],
  ['apiMean', 'proxyMean', 'overheadMean', 1],
  ['apiCpu', 'proxyCpu', 'cpuRatio', 2],
];
/** Legs: the per-round table's columns for the fronts' Server-Timing (latency − temporal; app). */
const TIMED: [Figure, Figure, Figure, number][] = [
  ['apiSt', 'proxySt', 'stRatio', 2],
  ['apiApp', 'proxyApp', 'appRatio', 2],
];
/** --paired: the per-round table's columns for the pairs' differences. */
const PAIRED: [Figure, Figure, Figure, number][] = [
  ['apiPairP50', 'proxyPairP50', 'pairP50', 1],
  ['apiPairMean', 'proxyPairMean', 'pairMean', 1],
];

async function productAgainstFloors(env: Awaited<ReturnType<typeof devServerEnv>>): Promise<void> {
  const database = await benchDatabase('ratio');
  onCleanup(() => database.close());
  const product: ProductEnv = {
    temporalAddress: env.address,
    taskQueue: uniqueTaskQueue('bench-ratio'),
    databaseUrl: database.url,
    logLevel: flags.logLevel,
    extraEnv: { SDK_METRICS_ADDRESS: '', SERVER_TIMING: 'true' },
  };
  const floorEnv: ProductEnv = { ...product, taskQueue: uniqueTaskQueue('bench-ratio-floor') };
  const variant = floorVariants(flags.rows).product;
  const [worker, api0, floorWorker, proxy0] = await Promise.all([
    startWorkerProcess(product),
    startApiProcess(product),
    startFloorWorker(floorEnv, variant),
    startFloorProxy(floorEnv, variant),
  ]);
  let [api, proxy] = [api0!, proxy0!];
  for (const p of [worker, api, floorWorker, proxy]) onCleanup(() => p.stop());
  const pids: Record<Proc, number> = { worker: worker.pid, api: api.pid, floorWorker: floorWorker.pid, proxy: proxy.pid, server: devServerPid(env.address) };
  console.log(
    `processes: dev server ${env.address} (pid ${pids.server || '?'}), worker ${worker.pid}, API ${api.url} (pid ${api.pid}), floor worker ${floorWorker.pid}, proxy ${proxy.url} (pid ${proxy.pid}), database ${database.name}`,
  );

  // Not measured: before every round, the last round's workflows end and new ones start: the product's
  // cases through the API, the floor's workflows with the client (the dev server env's client has the
  // product's codec, as the floor's product variant). So every round starts from the same views and
  // histories, and the worker's cache holds only the round's workflows.
  let ctx = productCtx(api.url, env.client, database.url, product.taskQueue, flags.idempotencyKey);
  const freshCases = async (): Promise<Record<ProductPath, ProductCase[]>> => {
    const [api, client] = await Promise.all([0, 1].map(() => pool(Array.from({ length: flags.apps }), 4, () => newProductCase(ctx))));
    return { api: api!, client: client! };
  };
  const freshFloors = async () => {
    const [proxy, client] = await Promise.all(['p', 'c'].map((prefix) => startFloorWorkflows(env.client, floorEnv.taskQueue, variant, flags.apps, prefix)));
    return { proxy: proxy!, client: client! };
  };
  let cases = await freshCases();
  let floors = await freshFloors();
  const done = async (): Promise<void> => {
    await endProductCases(ctx, [...cases.api, ...cases.client], 'bench:ratio round done');
    await pool([...floors.proxy, ...floors.client], 8, (h) => h.terminate('bench:ratio round done').catch(() => undefined));
  };
  onCleanup(done);

  // Each path of a workflow gets the same sequence of operations in every round.
  let seeds: Record<Leg, () => number> = { api: rng(flags.seed), client: rng(flags.seed), proxy: rng(flags.seed + 1), floor: rng(flags.seed + 1) };
  // The product's views (JSON bytes, the client leg's cases' mean) at the start and the end of each round.
  const views: { start: number; end: number }[] = [];
  let startView = NaN;
  // The round being run's Server-Timing samples (new before every round, kept after it).
  let timings = emptyTimings();
  const timingRounds: FrontTimings[] = [];
  const runLeg = (leg: Leg, ops: number, samples?: number[]): Promise<number> => {
    const random = seeds[leg];
    // Measured pieces only (samples given): the fronts' Server-Timing, for the round's timings.
    const sink = samples && (leg === 'api' || leg === 'proxy') ? timings[leg] : undefined;
    if (leg === 'api' || leg === 'client')
      return laneLoad(cases[leg], ops, flags.concurrency, (c, n) => productOp(ctx, leg, pickProductOp(random(), c), c, n), samples, sink);
    const path: FloorPath = leg === 'proxy' ? 'proxy' : 'client';
    return laneLoad(floors[path], ops, flags.concurrency, (h, n) => floorOp(path, proxy.url, h, random(), n), samples, sink);
  };
  // --paired: the pairs of the round being run (new before every round, kept after it).
  let pair = emptyPair();
  const pairRounds: PairRound[] = [];
  const lanes = Math.max(1, Math.round(flags.concurrency / 2)); // 2 operations in flight per lane: --concurrency in all, as the unpaired legs
  const runPhase = (phase: Phase, ops: number, samples?: number[]): Promise<number> => {
    if (phase === 'product') {
      const sink = samples ? { front: pair.lat.api, client: pair.lat.client, diff: pair.diff.api, all: samples } : undefined;
      return pairLoad(
        cases.api,
        cases.client,
        ops,
        lanes,
        seeds.api,
        (side, c, r, n) => productOp(ctx, side === 'front' ? 'api' : 'client', pickProductOp(r, c), c, n),
        sink,
      );
    }
    const sink = samples ? { front: pair.lat.proxy, client: pair.lat.floor, diff: pair.diff.proxy, all: samples } : undefined;
    return pairLoad(
      floors.proxy,
      floors.client,
      ops,
      lanes,
      seeds.proxy,
      (side, h, r, n) => floorOp(side === 'front' ? 'proxy' : 'client', proxy.url, h, r, n),
      sink,
    );
  };
  let restartedAt = 0;
  const prepare = async (i: number): Promise<void> => {
    // Two processes of one program differ in CPU per operation for minutes at a time (the proxy's
    // median over a run: 1.33 to 1.66 ms in three runs at b2e6579): with --restart-fronts-every, a
    // run's median spans several API and proxy processes, each warmed up before it is measured.
    if (flags.restartFrontsEvery > 0 && i > 0 && i % flags.restartFrontsEvery === 0 && restartedAt !== i) {
      restartedAt = i;
      await Promise.all([api.stop(), proxy.stop()]);
      [api, proxy] = await Promise.all([startApiProcess(product), startFloorProxy(floorEnv, variant)]);
      for (const p of [api, proxy]) onCleanup(() => p.stop());
      pids.api = api.pid;
      pids.proxy = proxy.pid;
      ctx = productCtx(api.url, env.client, database.url, product.taskQueue, flags.idempotencyKey);
      if (flags.paired) for (const phase of PHASES) await runPhase(phase, flags.warmup);
      else for (const leg of ['api', 'proxy'] as const) await runLeg(leg, flags.warmup);
      console.log(`  new API process ${api.pid} and proxy ${proxy.pid}, warmed up`);
    }
    await done();
    cases = await freshCases();
    floors = await freshFloors();
    seeds = { api: rng(flags.seed), client: rng(flags.seed), proxy: rng(flags.seed + 1), floor: rng(flags.seed + 1) };
    startView = (await productViewBytes(ctx, cases.client)).mean;
    pair = emptyPair();
    timings = emptyTimings();
  };
  const after = async (): Promise<void> => {
    views.push({ start: startView, end: (await productViewBytes(ctx, cases.client)).mean });
    pairRounds.push(pair);
    timingRounds.push(timings);
  };
  const line = (f: ReturnType<typeof floorFigures>): string =>
    `worker/floor CPU ${x(f.workerRatio)}, API/proxy overhead p50 ${x(f.overheadP50)} mean ${x(f.overheadMean)}${flags.paired ? `, paired p50 ${x(f.pairP50)} mean ${x(f.pairMean)}` : `, Server-Timing p50 ${x(f.stRatio)}`}, API/proxy CPU ${x(f.cpuRatio)}`;

  // Each round's figures, its CPU and its order of legs (or phases).
  let all: ReturnType<typeof floorFigures>[];
  let cpus: Record<Proc | CpuExtra, number>[];
  let orders: string[];
  if (flags.paired) {
    const rounds = await alternate(PHASES, pids, { run: runPhase, prepare, after }, (r) => line(floorFigures(pairLats(pair), r.cpu, pair.diff)));
    console.log('');
    console.log(
      'Each phase of each round: its pairs (front and client at the same moment); latencies in ms; CPU ms per operation during the phase (2 per pair; "front": the API in product, the proxy in floors, per operation through it; "machine": all processes; "others": the cores that processes outside the benchmark kept busy):',
    );
    console.log(
      table([
        [
          'round',
          'phase',
          'pairs/s',
          'front p50',
          'client p50',
          'pair diff p50',
          'pair diff mean',
          'its worker',
          'front',
          'server',
          'driver',
          'postgres',
          'machine',
          'others (cores)',
        ],
        ...rounds.flatMap((r, i) =>
          PHASES.map((phase, k) => {
            const l = r.legs[phase];
            const p = pairRounds[i]!;
            const [front, client] = phase === 'product' ? (['api', 'client'] as const) : (['proxy', 'floor'] as const);
            const d = summarize(p.diff[front === 'api' ? 'api' : 'proxy']);
            const perOp = (c: Proc | CpuExtra): string => ms(l.cpu[c] / (2 * l.lat.count), 2);
            return [
              k === 0 ? String(i + 1) : '',
              phase,
              (l.lat.count / l.seconds).toFixed(1),
              ms(median(p.lat[front])),
              ms(median(p.lat[client])),
              ms(d.p50),
              ms(d.mean),
              perOp(phase === 'product' ? 'worker' : 'floorWorker'),
              ms(l.cpu[front === 'api' ? 'api' : 'proxy'] / l.lat.count, 2),
              perOp('server'),
              perOp('driver'),
              perOp('postgres'),
              perOp('machine'),
              l.others.toFixed(2),
            ];
          }),
        ),
      ]),
    );
    all = pairRounds.map((p, i) => floorFigures(pairLats(p), rounds[i]!.cpu, p.diff));
    cpus = rounds.map((r) => r.cpu);
    orders = rounds.map((r) => r.order.slice(0, PHASES.length).join(' '));
  } else {
    const rounds = await alternate(LEGS, pids, { run: runLeg, prepare, after }, (r) => line(floorFigures(lats(r), r.cpu, undefined, timings)));
    console.log('');
    console.log(
      'Each leg of each round: CPU ms per operation during the leg ("front": the API in api, the proxy in proxy; "machine": all processes; "others": the cores that processes outside the benchmark kept busy):',
    );
    console.log(
      table([
        ['round', 'leg', 'ops/s', 'p50 ms', 'mean ms', 'p99 ms', 'its worker', 'front', 'server', 'driver', 'postgres', 'machine', 'others (cores)'],
        ...rounds.flatMap((r, i) =>
          LEGS.map((leg, k) => {
            const l = r.legs[leg];
            const perOp = (p: Proc | CpuExtra): string => ms(l.cpu[p] / l.lat.count, 2);
            const front = leg === 'api' ? perOp('api') : leg === 'proxy' ? perOp('proxy') : '';
            return [
              k === 0 ? String(i + 1) : '',
              leg,
              (l.lat.count / l.seconds).toFixed(1),
              ms(l.lat.p50),
              ms(l.lat.mean),
              ms(l.lat.p99),
              perOp(leg === 'api' || leg === 'client' ? 'worker' : 'floorWorker'),
              front,
              perOp('server'),
              perOp('driver'),
              perOp('postgres'),
              perOp('machine'),
              l.others.toFixed(2),
            ];
          }),
        ),
      ]),
    );
    all = rounds.map((r, i) => floorFigures(lats(r), r.cpu, undefined, timingRounds[i]));
    cpus = rounds.map((r) => r.cpu);
    orders = rounds.map((r) => r.order.slice(0, LEGS.length).join(' '));
    for (const r of rounds)
      pairRounds.push({ lat: Object.fromEntries(LEGS.map((l) => [l, r.legs[l].samples])) as Record<Leg, number[]>, diff: { api: [], proxy: [] } });
  }
  console.log('');
  console.log(
    `Each round: CPU ms per operation over the whole round (each worker over the operations of its two ${flags.paired ? 'paths' : 'legs'}); overhead = via HTTP − via the client, ms${flags.paired ? " (unpaired: of the p50s or the means of the two paths; paired: the median or the mean of the pairs' differences)" : ''}:`,
  );
  const columns = flags.paired ? [...PAIRS, ...PAIRED] : [...TIMED, ...PAIRS];
  const head: Record<Figure, string> = {
    workerPerOp: 'worker',
    floorPerOp: 'floor worker',
    apiP50: 'API ovh p50',
    proxyP50: 'proxy ovh p50',
    apiMean: 'API ovh mean',
    proxyMean: 'proxy ovh mean',
    apiCpu: 'API CPU',
    proxyCpu: 'proxy CPU',
    apiPairP50: 'API paired p50',
    proxyPairP50: 'proxy paired p50',
    apiPairMean: 'API paired mean',
    proxyPairMean: 'proxy paired mean',
    apiSt: 'API ST ovh',
    proxySt: 'proxy ST ovh',
    apiApp: 'API app',
    proxyApp: 'proxy app',
  } as Record<Figure, string>;
  console.log(
    table([
      ['round', 'order', ...columns.flatMap(([a, b]) => [head[a], head[b], 'ratio']), 'view bytes start–end'],
      ...all.map((f, i) => [
        String(i + 1),
        orders[i]!,
        ...columns.flatMap(([a, b, q, digits]) => [ms(f[a], digits), ms(f[b], digits), x(f[q])]),
        views[i] ? `${views[i].start.toFixed(0)}–${views[i].end.toFixed(0)}` : '',
      ]),
    ]),
  );
  const pooled = floorFigures(
    Object.fromEntries(LEGS.map((l) => [l, summarize(pairRounds.flatMap((p) => p.lat[l]))])) as Record<Leg, Summary>,
    Object.fromEntries((Object.keys(pids) as Proc[]).map((p) => [p, cpus.reduce((sum, c) => sum + c[p], 0)])) as Record<Proc, number>,
    flags.paired ? { api: pairRounds.flatMap((p) => p.diff.api), proxy: pairRounds.flatMap((p) => p.diff.proxy) } : undefined,
    flags.paired
      ? undefined
      : {
          api: { outside: timingRounds.flatMap((t) => t.api.outside), app: timingRounds.flatMap((t) => t.api.app) },
          proxy: { outside: timingRounds.flatMap((t) => t.proxy.outside), app: timingRounds.flatMap((t) => t.proxy.app) },
        },
  );
  console.log('');
  console.log(
    `Over ${all.length} rounds of ${flags.ops} operations per ${flags.paired ? 'path' : 'leg'}: the median, the lowest and the highest round; "pooled": all rounds' latencies together and their CPU summed:`,
  );
  const row = (name: string, k: Figure, digits = 2): [string, number[], number, number] => [name, all.map((f) => f[k]), pooled[k], digits];
  // The proxy's overhead (~8 ms on ~60 ms) is of the order of its round-to-round scatter (a difference of
  // two legs' latencies), so in some rounds it is near 0 or below, and that round's ratio is anything
  // (-200x to 145x in one run at 0673e5d): the median of per-round ratios moves by ±30 % from run to run.
  // The same quantity, better conditioned: the median over rounds of the API's overhead over the median
  // of the proxy's, with its spread over blocks of 4 consecutive rounds (each block's overheads summed).
  const overRatio = (num: Figure, den: Figure): [string, Spread, number, number] => {
    const blocks: number[] = [];
    for (let b = 0; b + 4 <= all.length; b += 4) {
      const block = all.slice(b, b + 4);
      blocks.push(block.reduce((sum, f) => sum + f[num], 0) / block.reduce((sum, f) => sum + f[den], 0));
    }
    const ratio = median(all.map((f) => f[num])) / median(all.map((f) => f[den]));
    const range = blocks.length > 0 ? blocks : [ratio];
    return ['', { median: ratio, min: Math.min(...range), max: Math.max(...range) }, pooled[num] / pooled[den], 2];
  };
  const named = (name: string, r: [string, Spread, number, number]): [string, Spread, number, number] => [name, r[1], r[2], r[3]];
  console.log(
    summaryTable([
      row('worker CPU ÷ floor worker CPU', 'workerRatio'),
      ...(flags.paired
        ? []
        : [
            row('API overhead ÷ proxy overhead, Server-Timing p50 ‡', 'stRatio'),
            named('  (the same, median of API ÷ median of proxy, blocks)', overRatio('apiSt', 'proxySt')),
            row('  (API app ÷ proxy app p50, median of round ratios)', 'appRatio'),
          ]),
      ...(flags.paired
        ? [
            named('API overhead ÷ proxy overhead, paired, p50 †', overRatio('apiPairP50', 'proxyPairP50')),
            named('API overhead ÷ proxy overhead, paired, mean †', overRatio('apiPairMean', 'proxyPairMean')),
          ]
        : []),
      named(`API overhead ÷ proxy overhead, ${flags.paired ? 'unpaired, ' : ''}p50 *`, overRatio('apiP50', 'proxyP50')),
      named(`API overhead ÷ proxy overhead, ${flags.paired ? 'unpaired, ' : ''}mean *`, overRatio('apiMean', 'proxyMean')),
      row('API CPU ÷ proxy CPU, per op', 'cpuRatio'),
      ...(flags.paired
        ? [row('  (API ÷ proxy paired p50, median of round ratios)', 'pairP50'), row('  (API ÷ proxy paired mean, median of round ratios)', 'pairMean')]
        : []),
      row('  (API ovh ÷ proxy ovh p50, median of round ratios)', 'overheadP50'),
      row('  (API ovh ÷ proxy ovh mean, median of round ratios)', 'overheadMean'),
      row('worker CPU ms/op', 'workerPerOp'),
      row('floor worker CPU ms/op', 'floorPerOp'),
      ...(flags.paired
        ? [
            row('API overhead paired p50 ms', 'apiPairP50', 1),
            row('proxy overhead paired p50 ms', 'proxyPairP50', 1),
            row('API overhead paired mean ms', 'apiPairMean', 1),
            row('proxy overhead paired mean ms', 'proxyPairMean', 1),
          ]
        : []),
      ...(flags.paired
        ? []
        : [
            row('API overhead p50 ms, Server-Timing (latency − temporal)', 'apiSt', 1),
            row('proxy overhead p50 ms, Server-Timing', 'proxySt', 1),
            row('API app p50 ms (Server-Timing)', 'apiApp', 1),
            row('proxy app p50 ms (Server-Timing)', 'proxyApp', 1),
          ]),
      row('API overhead p50 ms', 'apiP50', 1),
      row('proxy overhead p50 ms', 'proxyP50', 1),
      row('API overhead mean ms', 'apiMean', 1),
      row('proxy overhead mean ms', 'proxyMean', 1),
      row('API overhead p50, % of client', 'apiP50Pct', 1),
      row('proxy overhead p50, % of floor', 'proxyP50Pct', 1),
      row('API process CPU ms/op', 'apiCpu'),
      row('proxy process CPU ms/op', 'proxyCpu'),
    ]),
  );
  if (!flags.paired)
    console.log(
      "‡ per request: its latency less the Temporal time its front reported (Server-Timing temporal;dur=, the union of its Temporal client calls' intervals); a round's figure: the p50 of its API requests' ÷ the p50 of its proxy requests'; the median (min–max) over the rounds",
    );
  if (flags.paired)
    console.log(
      `† the median of the rounds' API overheads ÷ the median of their proxy overheads, a round's overhead being the median (or the mean) of its pairs' differences (via HTTP − via the client, issued at the same moment); in brackets the lowest and highest of ${Math.floor(all.length / 4)} blocks of 4 rounds`,
    );
  console.log(
    `* the median of the rounds' API overheads ÷ the median of their proxy overheads${flags.paired ? ", a round's overhead being p50 (or mean) via HTTP − p50 (or mean) via the client over the same pairs' latencies" : ''}; in brackets the lowest and highest of ${Math.floor(all.length / 4)} blocks of 4 rounds (not single rounds: a round's proxy overhead can be ~0)`,
  );
  const mid = spread(views.map((v) => (v.start + v.end) / 2));
  const floorView = JSON.stringify(await floors.client[0]!.query(floorViewQuery)).length;
  console.log(
    `the product's view (JSON, the client leg's cases' mean) half-way through a round, start and end averaged: ${spreadText(mid, 0)} bytes; the floor's view (${flags.rows} rows): ${floorView} bytes`,
  );
  console.log(
    `RSS at the end: worker ${mib(rssOf(worker.pid))}, API ${mib(rssOf(api.pid))}, floor worker ${mib(rssOf(floorWorker.pid))}, proxy ${mib(rssOf(proxy.pid))}, driver ${mib(process.memoryUsage().rss)}`,
  );
}

const lats = <L extends string, P extends string>(r: Round<L, P>): Record<L, Summary> =>
  Object.fromEntries(Object.entries<LegRun<P>>(r.legs).map(([l, run]) => [l, run.lat])) as Record<L, Summary>;

// ---- two builds of the product's worker ---------------------------------------------------------------

type Build = 'this' | 'from';
const BUILDS: readonly Build[] = ['this', 'from'];

function buildFigures(lat: Record<Build, Summary>, cpu: Record<Build, number>) {
  const perOp = (b: Build): number => cpu[b] / lat[b].count;
  return {
    this: perOp('this'),
    from: perOp('from'),
    cpu: perOp('from') / perOp('this'),
    p50: lat.from.p50 / lat.this.p50,
    mean: lat.from.mean / lat.this.mean,
  };
}

async function workerAgainstWorker(env: Awaited<ReturnType<typeof devServerEnv>>, dir: string): Promise<void> {
  for (const need of ['src/worker/index.ts', 'node_modules/tsx', 'src/generated/prisma', 'prisma/migrations']) {
    if (!existsSync(join(dir, need)))
      throw new Error(
        `--worker-from ${dir}: no ${need} (a checkout with node_modules, or a symlink to this one's, and its Prisma client generated: \`npx tsx scripts/db-migrate.ts generate\` there)`,
      );
  }
  const roots: Record<Build, string> = { this: PROJECT_ROOT, from: dir };
  console.log(`builds: this = ${gitHead(PROJECT_ROOT)} (${PROJECT_ROOT}), from = ${gitHead(dir)} (${dir})`);
  const dbs = { this: await benchDatabase('ratio_this'), from: await benchDatabase('ratio_from', join(dir, 'prisma', 'migrations')) };
  onCleanup(() => Promise.all([dbs.this.close(), dbs.from.close()]));
  const envOf = (b: Build): ProductEnv => ({
    temporalAddress: env.address,
    taskQueue: uniqueTaskQueue(`bench-ratio-${b}`),
    databaseUrl: dbs[b].url,
    logLevel: flags.logLevel,
    extraEnv: { SDK_METRICS_ADDRESS: '' },
    root: roots[b],
  });
  const envs = { this: envOf('this'), from: envOf('from') };
  // Each build's worker, and its API only to make its cases (idle while the rounds run).
  const startWorkers = async (): Promise<Record<Build, ProductProcess>> => {
    const [a, b] = await Promise.all(BUILDS.map((build) => startWorkerProcess(envs[build])));
    for (const p of [a!, b!]) onCleanup(() => p.stop());
    return { this: a!, from: b! };
  };
  const [workers0, aThis, aFrom] = await Promise.all([startWorkers(), startApiProcess(envs.this), startApiProcess(envs.from)]);
  let workers = workers0;
  for (const p of [aThis, aFrom]) onCleanup(() => p.stop());
  const pids: Record<Build | 'server', number> = { this: workers.this.pid, from: workers.from.pid, server: devServerPid(env.address) };
  console.log(`processes: dev server ${env.address} (pid ${pids.server || '?'}), worker this ${pids.this}, worker from ${pids.from}`);
  const ctxs: Record<Build, ProductCtx> = {
    this: productCtx(aThis.url, env.client, dbs.this.url, envs.this.taskQueue, flags.idempotencyKey),
    from: productCtx(aFrom.url, env.client, dbs.from.url, envs.from.taskQueue, flags.idempotencyKey),
  };
  const freshCases = async (): Promise<Record<Build, ProductCase[]>> => {
    const [a, b] = await Promise.all(BUILDS.map((build) => pool(Array.from({ length: flags.apps }), 4, () => newProductCase(ctxs[build]))));
    return { this: a!, from: b! };
  };
  let cases = await freshCases();
  onCleanup(() => Promise.all(BUILDS.map((b) => endProductCases(ctxs[b], cases[b], 'bench:ratio done'))));
  let seeds: Record<Build, () => number> = { this: rng(flags.seed), from: rng(flags.seed) };
  const run = (b: Build, ops: number, samples?: number[]): Promise<number> =>
    laneLoad(cases[b], ops, flags.concurrency, (c, n) => productOp(ctxs[b], 'client', pickProductOp(seeds[b](), c), c, n), samples);
  let restartedAt = 0;
  const rounds = await alternate(
    BUILDS,
    pids,
    {
      run,
      prepare: async (i) => {
        // Two processes of one build differ by ~10 % in CPU per operation for minutes at a time (an
        // A/A run shows it): new processes of both builds every --restart-every rounds, warmed up on
        // the last round's cases, so the median spans several pairs of processes.
        if (flags.restartEvery > 0 && i > 0 && i % flags.restartEvery === 0 && restartedAt !== i) {
          restartedAt = i;
          await Promise.all(BUILDS.map((b) => workers[b].stop()));
          workers = await startWorkers();
          pids.this = workers.this.pid;
          pids.from = workers.from.pid;
          for (const b of BUILDS) await run(b, flags.warmup);
        }
        await Promise.all(BUILDS.map((b) => endProductCases(ctxs[b], cases[b], 'bench:ratio round done')));
        cases = await freshCases();
        seeds = { this: rng(flags.seed), from: rng(flags.seed) };
      },
      after: async () => undefined,
    },
    (r) => {
      const f = buildFigures(lats(r), r.cpu);
      return `worker CPU ms/op this ${ms(f.this, 2)}, from ${ms(f.from, 2)} (${x(f.cpu)}); latency from/this p50 ${x(f.p50)}, mean ${x(f.mean)}`;
    },
  );
  const all = rounds.map((r) => buildFigures(lats(r), r.cpu));
  console.log('');
  console.log(
    table([
      [
        'round',
        'order',
        'this: worker ms/op',
        'from: worker ms/op',
        'CPU from/this',
        'this p50 ms',
        'from p50 ms',
        'p50 from/this',
        'this mean ms',
        'from mean ms',
        'mean from/this',
      ],
      ...rounds.map((r, i) => {
        const f = all[i]!;
        return [
          String(i + 1),
          r.order.slice(0, 2).join(' '),
          ms(f.this, 2),
          ms(f.from, 2),
          x(f.cpu),
          ms(r.legs.this.lat.p50),
          ms(r.legs.from.lat.p50),
          x(f.p50),
          ms(r.legs.this.lat.mean),
          ms(r.legs.from.lat.mean),
          x(f.mean),
        ];
      }),
    ]),
  );
  const pooled = buildFigures(
    { this: summarize(rounds.flatMap((r) => r.legs.this.samples)), from: summarize(rounds.flatMap((r) => r.legs.from.samples)) },
    { this: rounds.reduce((sum, r) => sum + r.cpu.this, 0), from: rounds.reduce((sum, r) => sum + r.cpu.from, 0) },
  );
  console.log('');
  console.log(
    `Over ${rounds.length} rounds of ${flags.ops} operations per build: the median, the lowest and the highest round; "pooled": all rounds together:`,
  );
  console.log(
    summaryTable([
      ['worker CPU per op, from ÷ this', all.map((f) => f.cpu), pooled.cpu],
      ['latency p50, from ÷ this', all.map((f) => f.p50), pooled.p50],
      ['latency mean, from ÷ this', all.map((f) => f.mean), pooled.mean],
      ['this: worker CPU ms/op', all.map((f) => f.this), pooled.this],
      ['from: worker CPU ms/op', all.map((f) => f.from), pooled.from],
    ]),
  );
}

async function main(): Promise<number> {
  printMachine(`bench:ratio — ${flags.workerFrom ? "two builds of the product's worker" : 'the product against its floors'}, in alternating rounds of one run`);
  console.log(
    `commit ${gitHead(PROJECT_ROOT)}; flags: --rounds ${flags.rounds} --ops ${flags.ops} --warmup ${flags.warmup} --concurrency ${flags.concurrency} --apps ${flags.apps} ` +
      `--chunks ${flags.chunks} --rows ${flags.rows} --settle-ms ${flags.settleMs} --max-others ${flags.maxOthers} --redo ${flags.redo} --quiet-wait ${flags.quietWait} --seed ${flags.seed}${flags.idempotencyKey ? '' : ' --no-idempotency-key'}${flags.workerFrom ? ` --worker-from ${flags.workerFrom} --restart-every ${flags.restartEvery}` : ` --restart-fronts-every ${flags.restartFrontsEvery}`}`,
  );
  const t0 = performance.now();
  const env = await devServerEnv();
  onCleanup(() => env.teardown());
  if (flags.workerFrom) await workerAgainstWorker(env, resolve(flags.workerFrom));
  else await productAgainstFloors(env);
  console.log(`wall time ${((performance.now() - t0) / 1000).toFixed(0)} s, load avg at the end ${loadNow()}`);
  return 0;
}

runBench(main);
