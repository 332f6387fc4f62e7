// API overhead: the same mix of commands (add service, close service, query) sent through the REST
// API and sent directly with the Temporal client, in one run, against one Temporal dev server and one
// worker. Prints throughput, latency percentiles per path and per operation, and the API/client ratio.
//
//   npm run bench:api                               # defaults: --ops 1200 per path, --concurrency 8
//   npm run bench:api -- --ops 3000 --concurrency 16 --apps 64 --rounds 4 --warmup 100
//
// Processes: a Temporal CLI dev server (from the project's tools), the product's worker
// (`src/worker/index.ts`) and API (`src/api/index.ts`) as child processes (LOG_LEVEL=info, as in
// production), and this driver. The direct path uses the same update definitions, the same payload
// builders (src/api/services/command-payloads.ts) and the same update-id scheme as the API's gateway.
// Paths alternate in rounds (A B B A …) so drift on a shared 2-core machine hits both alike.
//
// §11 R-AUTH-1: by default it also goes through the API with OIDC access tokens (an issuer of its own on
// loopback): one token per lane reused, and a new token every request (`--no-oidc`: static tokens only).
// It prints the API process's CPU per operation by kind of token, static beside OIDC, and
// what verification adds (target ≤ 0.3 ms).
import { applicationWorkflowId, getApplicationView } from '../../src/workflows/application/contract';
import { startTestIssuer, type TestIssuer } from '../../test/helpers/oidc-issuer';
import { devServerEnv, uniqueTaskQueue } from '../../test/helpers/temporal';
import {
  PRODUCT_OPS,
  type ProductCase,
  type ProductCtx,
  type ProductOp,
  type Summary,
  benchDatabase,
  cpuMsOf,
  loadNow,
  mib,
  ms,
  newProductCase,
  onCleanup,
  parseFlags,
  pickProductOp,
  pool,
  printMachine,
  productCtx,
  productOp,
  rng,
  rssOf,
  runBench,
  sleep,
  startApiProcess,
  startWorkerProcess,
  summarize,
  table,
} from './common';

const flags = parseFlags({
  ops: 1200, // measured operations per path
  concurrency: 8,
  apps: 32, // applications per path (each lane of the concurrency owns some)
  rounds: 4,
  warmup: 100, // operations per path before measuring
  seed: 7,
  logLevel: 'info', // of the API and worker processes
  target: 1.1, // API latency may be at most this multiple of the client's (p50 and mean): issue 18's ≤ 10 %
  workerTarget: 4, // worker CPU ms per command (issue 18: a third of 12.1 ms; bench:floor prints the SDK's own floor)
  profileApi: '', // a directory: the API process writes a V8 CPU profile there (--cpu-prof)
  profileWorker: '', // a directory: the worker process writes V8 CPU profiles there (--cpu-prof; one per thread)
  workerNodeArgs: '', // extra Node flags for the worker process, space-separated (e.g. '--max-semi-space-size=32')
  idempotencyKey: true, // API commands carry an Idempotency-Key (as retrying clients do); --no-idempotency-key to compare
  oidc: true, // §11 R-AUTH-1: also the API with OIDC access tokens (reused, and a new one every request); --no-oidc to skip
  oidcTarget: 0.3, // ms of API CPU per operation that OIDC verification may add over a static token
});

/** `api`: static token; `oidc`: an OIDC access token per lane, reused; `oidc-fresh`: a new OIDC token every request. */
type Path = 'api' | 'client' | 'oidc' | 'oidc-fresh';
const HTTP_PATHS: Path[] = ['api', 'oidc', 'oidc-fresh'];
type Op = ProductOp;
const OPS = PRODUCT_OPS;
type Case = ProductCase;

interface Ctx extends ProductCtx {
  /** The bearer token of the next request on an HTTP path. */
  token: (path: Path, lane: number) => string;
}

/** One operation on one case through one path (bench:ratio's mix, common.ts); throws on any unexpected answer. */
async function perform(ctx: Ctx, path: Path, op: Op, c: Case, n: number, lane = 0): Promise<void> {
  if (HTTP_PATHS.includes(path)) await productOp(ctx, 'api', op, c, n, ctx.token(path, lane));
  else await productOp(ctx, 'client', op, c, n);
}

type Samples = Record<Path, Record<Op, number[]>>;

/** `total` operations over `lanes` lanes (each owns cases[i] with i ≡ lane mod lanes), recording latencies. */
async function phase(ctx: Ctx, path: Path, cases: Case[], total: number, lanes: number, random: () => number, samples?: Samples): Promise<number> {
  let issued = 0;
  let n = 0;
  const started = performance.now();
  await pool(
    Array.from({ length: lanes }, (_, i) => i),
    lanes,
    async (lane) => {
      const mine = cases.filter((_, i) => i % lanes === lane);
      let k = 0;
      while (issued < total) {
        issued += 1;
        const c = mine[k % mine.length]!;
        k += 1;
        const op = pickProductOp(random(), c);
        n += 1;
        const t0 = performance.now();
        await perform(ctx, path, op, c, n, lane);
        samples?.[path][op].push(performance.now() - t0);
      }
    },
  );
  return (performance.now() - started) / 1000;
}

async function main(): Promise<number> {
  printMachine('bench:api — REST API vs direct Temporal client');
  console.log(
    `flags: --ops ${flags.ops} --concurrency ${flags.concurrency} --apps ${flags.apps} --rounds ${flags.rounds} --warmup ${flags.warmup} ` +
      `--log-level ${flags.logLevel}${flags.idempotencyKey ? '' : ' --no-idempotency-key'}`,
  );

  const t0 = performance.now();
  const paths: Path[] = flags.oidc ? ['client', 'api', 'oidc', 'oidc-fresh'] : ['client', 'api'];
  let issuer: TestIssuer | undefined;
  if (flags.oidc) {
    issuer = await startTestIssuer({ audience: 'wioa-bench' });
    await issuer.addKey('bench-k1');
    const i = issuer;
    onCleanup(() => i.close());
  }
  const env = await devServerEnv();
  onCleanup(() => env.teardown());
  const database = await benchDatabase('api');
  onCleanup(() => database.close());
  const taskQueue = uniqueTaskQueue('bench-api');
  const product = {
    temporalAddress: env.address,
    taskQueue,
    databaseUrl: database.url,
    logLevel: flags.logLevel,
    extraEnv: { SDK_METRICS_ADDRESS: '', ...(issuer ? { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: 'wioa-bench' } : {}) },
  };
  const workerNodeArgs = [
    ...(flags.workerNodeArgs ? flags.workerNodeArgs.split(' ') : []),
    ...(flags.profileWorker ? ['--cpu-prof', '--cpu-prof-dir', flags.profileWorker] : []),
  ];
  const worker = await startWorkerProcess({ ...product, ...(workerNodeArgs.length > 0 ? { nodeArgs: workerNodeArgs } : {}) });
  onCleanup(() => worker.stop());
  const api = await startApiProcess({ ...product, ...(flags.profileApi ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', flags.profileApi] } : {}) });
  onCleanup(() => api.stop());
  // OIDC tokens (signed by the bench's own issuer): one per lane, reused as a signed-in user's would be;
  // and, for `oidc-fresh`, a pool of distinct ones so that every request is verified afresh.
  const oidcClaims = { sub: 'S-BENCH-OIDC', roles: ['staff'], offices: ['*'], exp: Math.floor(Date.now() / 1000) + 3 * 3600 };
  const laneTokens = issuer ? await Promise.all(Array.from({ length: flags.concurrency }, (_, i) => issuer.token({ ...oidcClaims, jti: `lane-${i}` }))) : [];
  const freshTokens = issuer
    ? await Promise.all(Array.from({ length: flags.ops + flags.warmup + 64 }, (_, i) => issuer.token({ ...oidcClaims, jti: `fresh-${i}` })))
    : [];
  let fresh = 0;
  const token = (path: Path, lane: number): string =>
    path === 'oidc' ? laneTokens[lane % laneTokens.length]! : path === 'oidc-fresh' ? freshTokens[fresh++ % freshTokens.length]! : 'dev-staff';
  const ctx: Ctx = { ...productCtx(api.url, env.client, database.url, taskQueue, flags.idempotencyKey), token };
  console.log(
    `stack up in ${((performance.now() - t0) / 1000).toFixed(1)} s: dev server ${env.address}, worker pid ${worker.pid}, API ${api.url} (pid ${api.pid}), database ${database.name}`,
  );

  // Set-up (not measured): participants and applications with participation, all through the API.
  const newCase = (): Promise<Case> => newProductCase(ctx);
  const cases = {} as Record<Path, Case[]>;
  const seeds = {} as Record<Path, () => number>;
  const samples = {} as Samples;
  const seconds = {} as Record<Path, number>;
  for (const path of paths) {
    cases[path] = await pool(Array.from({ length: flags.apps }), 4, newCase);
    seeds[path] = rng(flags.seed);
    samples[path] = { add: [], close: [], query: [] };
    seconds[path] = 0;
  }
  for (const path of paths) await phase(ctx, path, cases[path], flags.warmup, flags.concurrency, seeds[path]);
  await sleep(500);

  // CPU each process spends per path: what the API costs beyond the work both paths share.
  const procs = { api: api.pid, worker: worker.pid } as const;
  type Proc = keyof typeof procs | 'driver';
  const cpu = Object.fromEntries(paths.map((p) => [p, { api: 0, worker: 0, driver: 0 }])) as Record<Path, Record<Proc, number>>;
  const cpuNow = (): Record<Proc, number> => {
    const u = process.cpuUsage();
    return { api: cpuMsOf(procs.api), worker: cpuMsOf(procs.worker), driver: (u.user + u.system) / 1000 };
  };
  const perRound = Math.ceil(flags.ops / flags.rounds);
  const loadBefore = loadNow();
  for (let r = 0; r < flags.rounds; r += 1) {
    // A B … then … B A: drift on the shared machine hits every path alike.
    const order: Path[] = r % 2 === 0 ? [...paths].reverse() : paths;
    for (const path of order) {
      const before = cpuNow();
      seconds[path] += await phase(ctx, path, cases[path], Math.min(perRound, flags.ops - r * perRound), flags.concurrency, seeds[path], samples);
      const after = cpuNow();
      for (const k of Object.keys(after) as Proc[]) cpu[path][k] += after[k] - before[k];
    }
  }
  const loadAfter = loadNow();

  const all = (path: Path): number[] => OPS.flatMap((op) => samples[path][op]);
  const sum = Object.fromEntries(paths.map((p) => [p, summarize(all(p))])) as Record<Path, Summary>;
  const rows: (string | number)[][] = [['path', 'op', 'count', 'ops/s', 'mean ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms']];
  for (const path of paths) {
    for (const op of [...OPS, 'all'] as const) {
      const s = op === 'all' ? sum[path] : summarize(samples[path][op]);
      rows.push([path, op, s.count, op === 'all' ? (s.count / seconds[path]).toFixed(1) : '', ms(s.mean), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max)]);
    }
  }
  console.log('');
  console.log(table(rows));
  console.log('');
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
  const ratioRows: (string | number)[][] = [['op', 'p50 api/client', 'p99 api/client', 'mean api/client', 'added p50 ms']];
  for (const op of [...OPS, 'all'] as const) {
    const a = op === 'all' ? sum.api : summarize(samples.api[op]);
    const c = op === 'all' ? sum.client : summarize(samples.client[op]);
    ratioRows.push([op, ratio(a.p50, c.p50), ratio(a.p99, c.p99), ratio(a.mean, c.mean), ms(a.p50 - c.p50, 2)]);
  }
  console.log(table(ratioRows));
  console.log('');
  console.log(
    `throughput at concurrency ${flags.concurrency}: client ${(sum.client.count / seconds.client).toFixed(1)} ops/s, api ${(sum.api.count / seconds.api).toFixed(1)} ops/s (ratio ${ratio(sum.client.count / seconds.client, sum.api.count / seconds.api)} client/api)`,
  );
  const perOp = (path: Path, k: Proc): string => ms(cpu[path][k] / sum[path].count, 2);
  console.log(
    `CPU ms per operation (client path / API path): API process ${perOp('client', 'api')} / ${perOp('api', 'api')}, ` +
      `worker ${perOp('client', 'worker')} / ${perOp('api', 'worker')}, driver ${perOp('client', 'driver')} / ${perOp('api', 'driver')}`,
  );
  const views = await pool(cases.client, 4, (c) => ctx.client.workflow.getHandle(applicationWorkflowId(c.id)).query(getApplicationView));
  const viewBytes = summarize(views.map((v) => JSON.stringify(v).length));
  console.log(
    `view size at the end (JSON, client path's cases): mean ${viewBytes.mean.toFixed(0)} bytes, max ${viewBytes.max} bytes, ${(views.reduce((n, v) => n + v.activities.length, 0) / views.length).toFixed(1)} activities per case`,
  );
  console.log(
    `RSS after the run: worker ${mib(rssOf(worker.pid))}, API ${mib(rssOf(api.pid))}, driver ${mib(process.memoryUsage().rss)}; load avg before ${loadBefore}, after ${loadAfter}`,
  );
  const p50 = sum.api.p50 / sum.client.p50;
  const mean = sum.api.mean / sum.client.mean;
  const pass = p50 <= flags.target && mean <= flags.target;
  console.log(
    `target: the API adds at most ${Math.round((flags.target - 1) * 100)}% to the client's latency (p50 and mean, all ops): ` +
      `p50 +${((p50 - 1) * 100).toFixed(1)}%, mean +${((mean - 1) * 100).toFixed(1)}% → ${pass ? 'PASS' : 'FAIL'}`,
  );
  const workerPerOp = { client: cpu.client.worker / sum.client.count, api: cpu.api.worker / sum.api.count };
  const workerPass = workerPerOp.client <= flags.workerTarget && workerPerOp.api <= flags.workerTarget;
  console.log(
    `target: the worker spends at most ${flags.workerTarget} ms of CPU per operation (client path / API path): ` +
      `${ms(workerPerOp.client, 2)} / ${ms(workerPerOp.api, 2)} ms → ${workerPass ? 'PASS' : 'FAIL'}`,
  );
  if (flags.oidc) {
    // §11 R-AUTH-1: what OIDC verification costs the API process beside a static token, in the same run.
    const apiCpu = (path: Path): number => cpu[path].api / sum[path].count;
    const added = (path: Path): number => apiCpu(path) - apiCpu('api');
    console.log(
      `API process CPU ms per operation by token (same run, same mix): static ${ms(apiCpu('api'), 3)}, ` +
        `OIDC reused per lane ${ms(apiCpu('oidc'), 3)} (${added('oidc') >= 0 ? '+' : ''}${ms(added('oidc'), 3)}), ` +
        `OIDC new every request ${ms(apiCpu('oidc-fresh'), 3)} (${added('oidc-fresh') >= 0 ? '+' : ''}${ms(added('oidc-fresh'), 3)}); ` +
        `p50 latency static ${ms(sum.api.p50)} / OIDC ${ms(sum.oidc.p50)} / OIDC new ${ms(sum['oidc-fresh'].p50)} ms`,
    );
    const oidcPass = added('oidc') <= flags.oidcTarget && added('oidc-fresh') <= flags.oidcTarget;
    console.log(`target: OIDC verification adds at most ${flags.oidcTarget} ms of API CPU per operation over a static token → ${oidcPass ? 'PASS' : 'FAIL'}`);
  }
  return 0;
}

runBench(main);
