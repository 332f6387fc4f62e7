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
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { devServerEnv, uniqueTaskQueue } from '../../test/helpers/temporal';
import { loadConfig } from '../../src/config';
import { addActivityPayload, closeActivityPayload } from '../../src/api/services/command-payloads';
import type { ActivityCatalog } from '../../src/domain/activity-codes';
import { agencyToday, addDays } from '../../src/domain/dates';
import {
  type Actor,
  type ApplicationView,
  type CommandResult,
  addActivity,
  applicationWorkflowId,
  closeActivity,
  getApplicationView,
} from '../../src/workflows/application/contract';
import {
  type Summary,
  benchDatabase,
  cpuMsOf,
  loadNow,
  mib,
  ms,
  onCleanup,
  parseFlags,
  pool,
  printMachine,
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
});

type Path = 'api' | 'client';
type Op = 'add' | 'close' | 'query';
const OPS: Op[] = ['add', 'close', 'query'];
const STAFF: Actor = { staffId: 'S-DEV-STAFF', role: 'staff' }; // the `dev-staff` token's actor
const TOKEN = 'dev-staff';

/** A case driven by one lane: its open services (to close) and how many it has had. */
interface Case {
  id: string;
  open: string[];
}

/** The operation mix: 40 % add a service, 30 % close one (add when none is open), 30 % query. */
function pickOp(r: number, c: Case): Op {
  if (r < 0.4) return 'add';
  if (r < 0.7) return c.open.length > 0 ? 'close' : 'add';
  return 'query';
}

interface Ctx {
  apiUrl: string;
  client: Client;
  /** The agency's activity-code catalog the API resolves codes from (the same payload builders). */
  catalog: ActivityCatalog;
  today: string;
}

async function http<T>(ctx: Ctx, method: string, path: string, body?: unknown, expect = 200): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    if (flags.idempotencyKey) headers['idempotency-key'] = `bench-${randomUUID()}`;
  }
  const res = await fetch(`${ctx.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const serviceBody = (today: string, n: number) => ({
  code: '104',
  program: 'ADULT' as const,
  actualBeginDate: today,
  projectedEndDate: addDays(today, 30),
  caseNote: `Workshop ${n}.`,
});
const closeBody = (today: string) => ({ actualEndDate: today, completionCode: 'successful' as const });

/** One operation on one case through one path; returns nothing, throws on any unexpected answer. */
async function perform(ctx: Ctx, path: Path, op: Op, c: Case, n: number): Promise<void> {
  if (path === 'api') {
    if (op === 'add') {
      const r = await http<CommandResult>(ctx, 'POST', `/api/v1/applications/${c.id}/activities`, serviceBody(ctx.today, n), 201);
      c.open.push(r.activity!.id);
    } else if (op === 'close') {
      const activityId = c.open.shift()!;
      await http<CommandResult>(ctx, 'POST', `/api/v1/applications/${c.id}/activities/${activityId}/close`, closeBody(ctx.today));
    } else {
      await http<ApplicationView>(ctx, 'GET', `/api/v1/applications/${c.id}`);
    }
    return;
  }
  const handle = ctx.client.workflow.getHandle(applicationWorkflowId(c.id));
  const updateId = `${STAFF.staffId}:bench-${randomUUID()}`; // the API's scheme: staff id + Idempotency-Key
  if (op === 'add') {
    const payload = addActivityPayload(ctx.catalog, serviceBody(ctx.today, n));
    const r = await handle.executeUpdate(addActivity, { args: [{ actor: STAFF, payload }], updateId });
    c.open.push(r.activity!.id);
  } else if (op === 'close') {
    const payload = closeActivityPayload(closeBody(ctx.today), c.open.shift()!);
    await handle.executeUpdate(closeActivity, { args: [{ actor: STAFF, payload }], updateId });
  } else {
    await handle.query(getApplicationView);
  }
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
        const op = pickOp(random(), c);
        n += 1;
        const t0 = performance.now();
        await perform(ctx, path, op, c, n);
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
  const env = await devServerEnv();
  onCleanup(() => env.teardown());
  const database = await benchDatabase('api');
  onCleanup(() => database.close());
  const taskQueue = uniqueTaskQueue('bench-api');
  const product = { temporalAddress: env.address, taskQueue, databaseUrl: database.url, logLevel: flags.logLevel, extraEnv: { SDK_METRICS_ADDRESS: '' } };
  const workerNodeArgs = [...(flags.workerNodeArgs ? flags.workerNodeArgs.split(' ') : []), ...(flags.profileWorker ? ['--cpu-prof', '--cpu-prof-dir', flags.profileWorker] : [])];
  const worker = await startWorkerProcess({ ...product, ...(workerNodeArgs.length > 0 ? { nodeArgs: workerNodeArgs } : {}) });
  onCleanup(() => worker.stop());
  const api = await startApiProcess({ ...product, ...(flags.profileApi ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', flags.profileApi] } : {}) });
  onCleanup(() => api.stop());
  const config = loadConfig({ NODE_ENV: 'development', DATABASE_URL: database.url, TEMPORAL_MODE: 'external', TEMPORAL_TASK_QUEUE: taskQueue });
  const ctx: Ctx = { apiUrl: api.url, client: env.client, catalog: config.activityCatalog, today: agencyToday(Date.now(), config.agencyTimeZone) };
  console.log(`stack up in ${((performance.now() - t0) / 1000).toFixed(1)} s: dev server ${env.address}, worker pid ${worker.pid}, API ${api.url} (pid ${api.pid}), database ${database.name}`);

  // Set-up (not measured): participants and applications with participation, all through the API.
  const newCase = async (): Promise<Case> => {
    const p = await http<{ id: string }>(ctx, 'POST', '/api/v1/participants', { firstName: 'Bench', lastName: 'Participant', birthDate: '1980-01-01' }, 201);
    const a = await http<ApplicationView>(ctx, 'POST', '/api/v1/applications', { participantId: p.id, programs: ['ADULT'], eligibilityDate: addDays(ctx.today, -20), office: 'LA-2703', caseManagerId: 'S-1042' }, 201);
    await http(ctx, 'POST', `/api/v1/applications/${a.id}/participation`, {
      participationDate: addDays(ctx.today, -10),
      activity: { code: '102', program: 'ADULT', projectedEndDate: addDays(ctx.today, 20), caseNote: 'Initial assessment.' },
    });
    return { id: a.id, open: [] };
  };
  const cases: Record<Path, Case[]> = {
    api: await pool(Array.from({ length: flags.apps }), 4, newCase),
    client: await pool(Array.from({ length: flags.apps }), 4, newCase),
  };

  const seeds: Record<Path, () => number> = { api: rng(flags.seed), client: rng(flags.seed) };
  await phase(ctx, 'api', cases.api, flags.warmup, flags.concurrency, seeds.api);
  await phase(ctx, 'client', cases.client, flags.warmup, flags.concurrency, seeds.client);
  await sleep(500);

  const samples: Samples = { api: { add: [], close: [], query: [] }, client: { add: [], close: [], query: [] } };
  const seconds: Record<Path, number> = { api: 0, client: 0 };
  // CPU each process spends per path: what the API costs beyond the work both paths share.
  const procs = { api: api.pid, worker: worker.pid } as const;
  type Proc = keyof typeof procs | 'driver';
  const cpu: Record<Path, Record<Proc, number>> = { api: { api: 0, worker: 0, driver: 0 }, client: { api: 0, worker: 0, driver: 0 } };
  const cpuNow = (): Record<Proc, number> => {
    const u = process.cpuUsage();
    return { api: cpuMsOf(procs.api), worker: cpuMsOf(procs.worker), driver: (u.user + u.system) / 1000 };
  };
  const perRound = Math.ceil(flags.ops / flags.rounds);
  const loadBefore = loadNow();
  for (let r = 0; r < flags.rounds; r += 1) {
    const order: Path[] = r % 2 === 0 ? ['api', 'client'] : ['client', 'api'];
    for (const path of order) {
      const before = cpuNow();
      seconds[path] += await phase(ctx, path, cases[path], Math.min(perRound, flags.ops - r * perRound), flags.concurrency, seeds[path], samples);
      const after = cpuNow();
      for (const k of Object.keys(after) as Proc[]) cpu[path][k] += after[k] - before[k];
    }
  }
  const loadAfter = loadNow();

  const all = (path: Path): number[] => OPS.flatMap((op) => samples[path][op]);
  const sum: Record<Path, Summary> = { api: summarize(all('api')), client: summarize(all('client')) };
  const rows: (string | number)[][] = [['path', 'op', 'count', 'ops/s', 'mean ms', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms']];
  for (const path of ['client', 'api'] as Path[]) {
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
  console.log(`throughput at concurrency ${flags.concurrency}: client ${(sum.client.count / seconds.client).toFixed(1)} ops/s, api ${(sum.api.count / seconds.api).toFixed(1)} ops/s (ratio ${ratio(sum.client.count / seconds.client, sum.api.count / seconds.api)} client/api)`);
  const perOp = (path: Path, k: Proc): string => ms(cpu[path][k] / sum[path].count, 2);
  console.log(
    `CPU ms per operation (client path / API path): API process ${perOp('client', 'api')} / ${perOp('api', 'api')}, ` +
      `worker ${perOp('client', 'worker')} / ${perOp('api', 'worker')}, driver ${perOp('client', 'driver')} / ${perOp('api', 'driver')}`,
  );
  const views = await pool(cases.client, 4, (c) => ctx.client.workflow.getHandle(applicationWorkflowId(c.id)).query(getApplicationView));
  const viewBytes = summarize(views.map((v) => JSON.stringify(v).length));
  console.log(`view size at the end (JSON, client path's cases): mean ${viewBytes.mean.toFixed(0)} bytes, max ${viewBytes.max} bytes, ${(views.reduce((n, v) => n + v.activities.length, 0) / views.length).toFixed(1)} activities per case`);
  console.log(`RSS after the run: worker ${mib(rssOf(worker.pid))}, API ${mib(rssOf(api.pid))}, driver ${mib(process.memoryUsage().rss)}; load avg before ${loadBefore}, after ${loadAfter}`);
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
  return 0;
}

runBench(main);
