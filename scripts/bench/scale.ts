// Scale: N applications on the time-skipping server, each driven through participation and services,
// its soft exit and a year of four quarterly follow-ups (child workflows), plus a few cases with many
// services whose history continues as new. Prints wall time per phase, workflows/s and updates/s, the
// worker's RSS (start / per slice / peak / end), PostgreSQL row counts per table, and the largest
// history (events) per case, for application runs and for follow-up children.
//
//   npm run bench:scale                           # N = 1000, 3 services each, 4 cases with 250 services
//   npm run bench:scale -- --n 10000              # on request
//   npm run bench:scale -- --n 2000 --services 5 --heavy 4 --heavy-services 1000 --can-after 1000
//   npm run bench:scale -- --cache 2000            # the worker's sticky cache size (WORKER_MAX_CACHED_WORKFLOWS)
//
// Driving: directly with the Temporal client, through the contract's Updates (the same messages the
// API sends; bench:api measures the API itself). The worker is the product's worker process
// (`src/worker/index.ts`, real activities writing to a fresh PostgreSQL database); the clock moves only
// when the script advances it (soft exit at L + 91, then one step into each follow-up quarter).
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import type { UpdateDefinition } from '@temporalio/common';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { uniqueTaskQueue } from '../../test/helpers/temporal';
import { loadConfig } from '../../src/config';
import { testServerKeepalive } from '../../src/temporal/sandbox';
import { requireCode } from '../../src/domain/activity-codes';
import { defaultActivityCatalog } from '../../src/domain/activity-catalog';
import { addDays } from '../../src/domain/dates';
import {
  type Actor,
  type ApplicationWorkflow,
  type ApplicationWorkflowInput,
  type Command,
  type CommandResult,
  DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
  DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES,
  addActivity,
  applicationWorkflowId,
  closeActivity,
  followUpWorkflowId,
  getApplicationView,
  recordParticipation,
  WORKFLOW_TYPE,
} from '../../src/workflows/application/contract';
import { completeFollowUp } from '../../src/workflows/follow-up/contract';
import { createProjectionActivities } from '../../src/activities/projection';
import { createLogger } from '../../src/logger';
import type { Db } from '../../src/db/client';
import type { ActivityView, ApplicationView } from '../../src/workflows/application/contract';
import {
  type BenchDatabase,
  RssSampler,
  benchDatabase,
  cpuMsOf,
  int,
  loadNow,
  mib,
  onCleanup,
  parseFlags,
  pool,
  printMachine,
  RAN_INTO_CONTINUE_AS_NEW,
  quietTimeSkippingEnv,
  retrying,
  runBench,
  sleep,
  startWorkerProcess,
  summarize,
  table,
} from './common';

const flags = parseFlags({
  n: 1000, // applications with a few services each
  services: 3, // services (add + close) per application
  heavy: 4, // extra applications with many services (continue-as-new)
  heavyServices: 250,
  canAfter: 500, // continueAsNewAfterEvents given to every case (product default: 4000)
  canAfterKib: 0, // continueAsNewAfterBytes / 1024 given to every case (0 = the product default, 4096)
  paceCan: true, // settle a case near its CAN threshold before its next command (see paceContinueAsNew)
  concurrency: 16, // commands in flight
  slices: 4, // RSS / throughput reported per slice of the N applications
  historySample: 0, // 0 = every case's histories; else this many regular cases (plus every heavy case)
  startAt: '2024-01-10T18:00:00Z',
  logLevel: 'info', // of the worker process
  cache: -1, // WORKER_MAX_CACHED_WORKFLOWS of the worker (-1 = the product's default)
  workerHeapMb: 0, // --max-old-space-size of the worker (0 = Node's default); sizes the SDK's sticky cache
  historyBytesSample: 20, // regular cases whose full histories are fetched to measure bytes
  profileWorker: '', // a directory: the worker process writes a V8 CPU profile there (--cpu-prof)
  stopAfter: '', // 'projection', 'services' or 'soft-exit': skip the later phases (quick runs)
  projection: '1,10,100,300,1000', // services per case for the projection cost table ('' = skip)
  projectionBatches: 20,
});

const STAFF: Actor = { staffId: 'S-BENCH', role: 'staff' };
const L = '2024-01-10'; // every case's last service: soft exit at L + 91 = 2024-04-10 00:00 America/Los_Angeles
const TZ = 'America/Los_Angeles';

interface Case {
  id: string;
  participantId: string;
  heavy: boolean;
  firstRunId?: string;
}

type Handle = WorkflowHandle<ApplicationWorkflow>;
const canAfterBytes = flags.canAfterKib > 0 ? flags.canAfterKib * 1024 : DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES;

let updates = 0;

async function send<R>(fn: () => Promise<R>, what: string): Promise<R> {
  const r = await retrying(fn, what, RAN_INTO_CONTINUE_AS_NEW);
  updates += 1;
  return r;
}

/** Starts one case's workflow with the input the API's ApplicationGateway.create builds, plus the CAN threshold. */
async function startCase(env: TestWorkflowEnvironment, taskQueue: string, c: Case): Promise<void> {
  const input: ApplicationWorkflowInput = {
    applicationId: c.id,
    participantId: c.participantId,
    programs: ['ADULT'],
    eligibilityDate: '2024-01-02',
    office: 'LA-2703',
    caseManagerId: 'S-1042',
    createdBy: STAFF,
    agencyTimeZone: TZ,
    searchAttributes: false, // the time-skipping server has no custom search attributes
    continueAsNewAfterEvents: flags.canAfter,
    continueAsNewAfterBytes: canAfterBytes,
  };
  const handle = await retrying(
    () => env.client.workflow.start<ApplicationWorkflow>(WORKFLOW_TYPE, { taskQueue, workflowId: applicationWorkflowId(c.id), args: [input] }),
    `start ${c.id}`,
  );
  c.firstRunId = handle.firstExecutionRunId;
}

/**
 * Before the next command on a case near its CAN threshold, let the case settle: an Update racing a
 * continue-as-new task wedges the time-skipping server's clock (sdk-java#3088; see the CAN test).
 * Near the threshold, poll until the run changed or its history stopped growing (nothing in flight).
 */
async function paceContinueAsNew(env: TestWorkflowEnvironment, c: Case): Promise<void> {
  if (!flags.paceCan) return;
  const handle = env.client.workflow.getHandle(applicationWorkflowId(c.id));
  let d = await handle.describe();
  const near = (x: typeof d): boolean => x.historyLength >= flags.canAfter - 60 || (x.historySize ?? 0) >= canAfterBytes - 256 * 1024;
  if (!near(d)) return;
  const deadline = Date.now() + 5_000;
  for (;;) {
    await sleep(25);
    const next = await handle.describe();
    const belowThreshold = next.historyLength < flags.canAfter && (next.historySize ?? 0) < canAfterBytes;
    if (next.runId !== d.runId || (next.historyLength === d.historyLength && belowThreshold) || Date.now() > deadline) return;
    d = next;
  }
}

/** Participation on 2024-01-03 with an assessment, `k` services, everything closed on L. */
async function driveServices(env: TestWorkflowEnvironment, c: Case, k: number): Promise<void> {
  const handle: Handle = env.client.workflow.getHandle(applicationWorkflowId(c.id));
  const upd = async <P>(def: UpdateDefinition<CommandResult, [Command<P>]>, payload: P, what: string): Promise<CommandResult> => {
    if (c.heavy) await paceContinueAsNew(env, c);
    const updateId = `bench-${randomUUID()}`; // the same id on a resend: at most one effect
    return send(() => handle.executeUpdate(def, { args: [{ actor: STAFF, payload }], updateId }), `${what} ${c.id}`);
  };
  const part = await upd(
    recordParticipation,
    {
      participationDate: '2024-01-03',
      activity: { code: '102', entry: requireCode(defaultActivityCatalog, '102'), program: 'ADULT', projectedEndDate: L, caseNote: 'Initial assessment.' },
    },
    'participation',
  );
  for (let i = 0; i < k; i += 1) {
    const added = await upd(
      addActivity,
      {
        code: '104',
        entry: requireCode(defaultActivityCatalog, '104'),
        program: 'ADULT',
        actualBeginDate: addDays('2024-01-04', i % 5),
        projectedEndDate: L,
        caseNote: `Workshop ${i + 1}.`,
      },
      'add service',
    );
    await upd(closeActivity, { activityId: added.activity!.id, actualEndDate: L, completionCode: 'successful' }, 'close service');
  }
  await upd(closeActivity, { activityId: part.activity!.id, actualEndDate: L, completionCode: 'successful' }, 'close assessment');
}

async function advanceTo(env: TestWorkflowEnvironment, iso: string): Promise<void> {
  const msToGo = Date.parse(iso) - (await env.currentTimeMs());
  if (msToGo > 0) await env.sleep(msToGo);
  // The figures assume each phase happens on its date: say so loudly if the clock went past it.
  const now = await env.currentTimeMs();
  if (now > Date.parse(iso) + 3_600_000) console.log(`  WARNING: the test server's clock overshot ${iso}: it reads ${new Date(now).toISOString()}`);
}

/** Polls a SQL count until it reaches `target` (projections are eventually consistent). */
async function waitForCount(database: BenchDatabase, sql: string, target: number, what: string, timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const [row] = await database.db.$queryRawUnsafe<{ n: bigint }[]>(sql);
    last = Number(row?.n ?? 0);
    if (last >= target) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${last} of ${target}`);
    await sleep(250);
  }
}

/**
 * The projection activity alone (`persistApplication`, the code the worker runs), on this database:
 * one case with `k` services, then `batches` more batches each adding a service and closing one —
 * what a case with k services costs per accepted command, in time and in statements sent.
 */
async function projectionCost(database: BenchDatabase, ks: number[], batches: number): Promise<void> {
  // Counts the statements the activity sends (Prisma operations, inside its transaction included).
  let statements = 0;
  const counted = database.db.$extends({
    query: {
      $allOperations: ({ args, query }) => {
        statements += 1;
        return query(args);
      },
    },
  }) as unknown as Db;
  const activities = createProjectionActivities({ db: counted, logger: createLogger('silent') });
  const context = new MockActivityEnvironment(); // the activity logs through its (mock) context
  const persistApplication = (b: Parameters<typeof activities.persistApplication>[0]) => context.run(activities.persistApplication, b);
  const rows: (string | number)[][] = [['services per case', 'ms per batch (p50)', 'p90', 'statements per batch', 'view JSON KiB']];
  for (const k of ks) {
    const participantId = randomUUID();
    await database.db.participant.create({
      data: { id: participantId, firstName: 'Bench', lastName: 'Projection', birthDate: new Date('1980-01-01T00:00:00Z'), createdBy: STAFF.staffId },
    });
    const id = `P${k}-${randomUUID().slice(0, 8)}`;
    const activity = (i: number, status: ActivityView['status']): ActivityView => ({
      id: `${id}-a${i}`,
      code: '104',
      title: 'Workshop',
      category: 'career_staff_assisted',
      program: 'ADULT',
      status,
      actualBeginDate: '2024-01-04',
      projectedBeginDate: null,
      projectedEndDate: L,
      actualEndDate: status === 'closed' ? L : null,
      completionCode: status === 'closed' ? 'successful' : null,
      provider: null,
      restartsExitClock: true,
      createdBy: STAFF.staffId,
      createdAt: '2024-01-04T18:00:00.000Z',
    });
    const view: ApplicationView = {
      id,
      participantId,
      programs: ['ADULT'],
      office: 'LA-2703',
      caseManagerId: 'S-1042',
      status: 'participating',
      eligibilityDate: '2024-01-02',
      participationDate: '2024-01-03',
      educationAtParticipation: 'none',
      lastServiceDate: L,
      exitClock: { state: 'running', softExitDate: '2024-04-10', softExitAt: '2024-04-10T07:00:00.000Z', daysRemaining: null },
      plannedBreak: null,
      activities: Array.from({ length: k }, (_, i) => activity(i, 'closed')),
      closure: null,
      exit: null,
      followUps: [],
      credentials: [],
      skillGains: [],
      assessment: { status: 'not_started', sections: [], completedOn: null },
      plans: [],
      version: 1,
      createdAt: '2024-01-02T18:00:00.000Z',
      updatedAt: '2024-01-10T18:00:00.000Z',
    };
    const batch = (n: number) => ({
      view: JSON.parse(JSON.stringify(view)) as ApplicationView,
      caseNotes: [
        {
          id: `${id}-n${n}`,
          activityId: null,
          contactDate: L,
          subject: 'Call',
          body: 'Note.',
          createdBy: STAFF.staffId,
          createdAt: '2024-01-10T18:00:00.000Z',
        },
      ],
      audit: [{ commandId: `${id}-c${n}`, command: 'addActivity', actorId: STAFF.staffId, actorRole: 'staff', at: '2024-01-10T18:00:00.000Z', summary: { n } }],
      alerts: [],
    });
    await persistApplication(batch(0));
    const before = statements;
    const times: number[] = [];
    for (let n = 1; n <= batches; n += 1) {
      // Each batch: one more service (open), and the previous new one closed — what add + close do.
      if (n > 1) view.activities[view.activities.length - 1] = activity(k + n - 2, 'closed');
      view.activities.push(activity(k + n - 1, 'open'));
      view.version += 1;
      const t0 = performance.now();
      await persistApplication(batch(n));
      times.push(performance.now() - t0);
    }
    const st = summarize(times);
    rows.push([k, st.p50.toFixed(2), st.p90.toFixed(2), ((statements - before) / batches).toFixed(1), (JSON.stringify(view).length / 1024).toFixed(0)]);
  }
  console.log('');
  console.log('projection activity (persistApplication) per batch, by services per case:');
  console.log(table(rows));
}

interface Timing {
  phase: string;
  seconds: number;
  workflows: number;
  updates: number;
  rssEnd: number;
}

async function main(): Promise<number> {
  printMachine('bench:scale — applications through services, soft exit and four follow-ups (time-skipping server)');
  console.log(
    `flags: --n ${flags.n} --services ${flags.services} --heavy ${flags.heavy} --heavy-services ${flags.heavyServices} ` +
      `--can-after ${flags.canAfter} (product default ${DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS}) --can-after-kib ${canAfterBytes / 1024} --concurrency ${flags.concurrency} --slices ${flags.slices}`,
  );
  const setupStart = performance.now();
  const database = await benchDatabase('scale');
  onCleanup(() => database.close());
  if (flags.projection) {
    await projectionCost(database, flags.projection.split(',').map(Number), flags.projectionBatches);
    if (flags.stopAfter === 'projection') return 0;
  }
  const { env, log: serverLog } = await quietTimeSkippingEnv(flags.startAt);
  onCleanup(() => env.teardown());
  // Reading histories: payloads stay encoded; a run of a case with many services exceeds gRPC's 4 MiB default.
  const reader = new Client({
    connection: await Connection.connect({
      address: env.address,
      channelArgs: { 'grpc.max_receive_message_length': 256 * 1024 * 1024 },
      plugins: [testServerKeepalive],
    }),
  });
  onCleanup(() => reader.connection.close());
  const taskQueue = uniqueTaskQueue('bench-scale');
  const worker = await startWorkerProcess({
    temporalAddress: env.address,
    taskQueue,
    databaseUrl: database.url,
    logLevel: flags.logLevel,
    extraEnv: { SDK_METRICS_ADDRESS: '', ...(flags.cache >= 0 ? { WORKER_MAX_CACHED_WORKFLOWS: String(flags.cache) } : {}) },
    nodeArgs: [
      ...(flags.profileWorker ? ['--cpu-prof', '--cpu-prof-dir', flags.profileWorker] : []),
      ...(flags.workerHeapMb ? [`--max-old-space-size=${flags.workerHeapMb}`] : []),
    ],
  });
  onCleanup(() => worker.stop());
  const rss = new RssSampler(worker.pid);
  const cpuStart = cpuMsOf(worker.pid);
  console.log('');
  console.log(
    `set-up ${((performance.now() - setupStart) / 1000).toFixed(1)} s: time-skipping server ${env.address} at ${new Date(await env.currentTimeMs()).toISOString()} (log ${serverLog}), worker pid ${worker.pid} (RSS ${mib(rss.start)}), database ${database.name}`,
  );
  const cacheSize = flags.cache >= 0 ? flags.cache : loadConfig({}).worker.maxCachedWorkflows;
  console.log(
    `worker sticky cache: at most ${cacheSize} workflows (WORKER_MAX_CACHED_WORKFLOWS${flags.cache >= 0 ? ' from --cache' : ', the product default'})`,
  );

  const cases: Case[] = Array.from({ length: flags.n + flags.heavy }, (_, i) => ({
    id: `${i < flags.n ? 'S' : 'H'}${String(i).padStart(6, '0')}-${randomUUID().slice(0, 8)}`,
    participantId: randomUUID(),
    heavy: i >= flags.n,
  }));
  // Participants are set-up data (the API creates them; the projection's foreign key needs them).
  for (let i = 0; i < cases.length; i += 5000) {
    await database.db.participant.createMany({
      data: cases.slice(i, i + 5000).map((c) => ({
        id: c.participantId,
        firstName: 'Bench',
        lastName: 'Participant',
        birthDate: new Date('1980-01-01T00:00:00Z'),
        createdBy: STAFF.staffId,
      })),
    });
  }

  const timings: Timing[] = [];
  const runStart = performance.now();
  let workflows = 0;
  const measure = async (phase: string, fn: () => Promise<number>): Promise<void> => {
    const t0 = performance.now();
    const u0 = updates;
    const started = await fn();
    workflows += started;
    const seconds = (performance.now() - t0) / 1000;
    timings.push({ phase, seconds, workflows: started, updates: updates - u0, rssEnd: rss.sample() });
    console.log(
      `  ${phase.padEnd(44)} ${seconds.toFixed(1).padStart(7)} s  ${String(started).padStart(6)} workflows  ${String(updates - u0).padStart(6)} updates  worker RSS ${mib(rss.latest)}  load ${loadNow()}`,
    );
  };

  const regular = cases.filter((c) => !c.heavy);
  const heavy = cases.filter((c) => c.heavy);
  const sliceSize = Math.ceil(regular.length / flags.slices);
  console.log('');
  console.log('phases:');
  for (let s = 0; s < flags.slices; s += 1) {
    const slice = regular.slice(s * sliceSize, (s + 1) * sliceSize);
    if (slice.length === 0) continue;
    await measure(`slice ${s + 1}/${flags.slices}: start ${slice.length} + ${flags.services} services`, async () => {
      await pool(slice, flags.concurrency, (c) => startCase(env, taskQueue, c));
      await pool(slice, flags.concurrency, (c) => driveServices(env, c, flags.services));
      return slice.length;
    });
  }
  if (heavy.length > 0) {
    await measure(`heavy: start ${heavy.length} + ${flags.heavyServices} services`, async () => {
      await pool(heavy, flags.concurrency, (c) => startCase(env, taskQueue, c));
      await pool(heavy, flags.concurrency, (c) => driveServices(env, c, flags.heavyServices));
      return heavy.length;
    });
  }
  const total = cases.length;
  await measure('projections caught up (every close projected)', async () => {
    await waitForCount(
      database,
      `SELECT count(*) AS n FROM applications WHERE last_service_date = '${L}' AND exit_clock_state = 'running'`,
      total,
      'projected last services',
    );
    return 0;
  });

  if (flags.stopAfter === 'services') return 0;
  // Soft exit at L + 91 (00:00 agency time), then the four children start.
  await measure('soft exit: clock to L + 91, 4 children each', async () => {
    await advanceTo(env, '2024-04-10T07:00:30Z');
    await waitForCount(database, `SELECT count(*) AS n FROM applications WHERE status = 'exited'`, total, 'soft exits');
    await waitForCount(database, `SELECT count(*) AS n FROM follow_ups`, total * 4, 'follow-up rows');
    return total * 4;
  });

  if (flags.stopAfter === 'soft-exit') return 0;
  const first = await env.client.workflow.getHandle(applicationWorkflowId(cases[0]!.id)).query(getApplicationView);
  for (const f of first.followUps) {
    const date = addDays(f.periodStart, 14);
    await measure(`follow-up q${f.quarter}: clock to ${date}, complete all`, async () => {
      await advanceTo(env, `${date}T18:00:00Z`);
      await pool(cases, flags.concurrency, (c) => {
        const updateId = `bench-${randomUUID()}`;
        return send(
          () =>
            env.client.workflow.getHandle(followUpWorkflowId(c.id, f.quarter)).executeUpdate(completeFollowUp, {
              args: [
                {
                  actor: STAFF,
                  payload: { actualDate: date, contactType: 'phone', workedInQuarter: true, employers: [{ name: 'Acme Tools', hourlyWage: 24.5 }] },
                },
              ],
              updateId,
            }),
          `complete q${f.quarter} ${c.id}`,
        );
      });
      return 0;
    });
  }
  await measure('applications completed (projected)', async () => {
    await waitForCount(database, `SELECT count(*) AS n FROM applications WHERE status = 'completed'`, total, 'completed applications');
    return 0;
  });
  const wall = (performance.now() - runStart) / 1000;
  const memory = rss.stop();
  const workerCpu = (cpuMsOf(worker.pid) - cpuStart) / 1000;

  // Largest history per case: each application run (every run of a case that continued as new) and
  // each follow-up child, in events (describe) and, for a sample and every continued case, in bytes.
  const histStart = performance.now();
  const sampled = [...(flags.historySample > 0 ? regular.slice(0, flags.historySample) : regular), ...heavy];
  const bytesOf = (h: temporal.api.history.v1.IHistory): number => temporal.api.history.v1.History.encode(h).finish().length;
  const appRuns: number[] = []; // regular cases' application runs
  const appBytes: number[] = [];
  const childBytes: number[] = [];
  const heavyRows: { id: string; runs: number; largest: number; largestBytes: number; total: number }[] = [];
  let regularRunsMax = 0;
  let regularRuns = 0;
  const children: number[] = [];
  await pool(sampled, flags.concurrency, async (c, i) => {
    const latest = await retrying(() => reader.workflow.getHandle(applicationWorkflowId(c.id)).describe(), `describe ${c.id}`);
    const withBytes = c.heavy || i < flags.historyBytesSample;
    let runs = 0;
    let largest = 0;
    let largestBytes = 0;
    let sum = 0;
    if (latest.runId === c.firstRunId && !withBytes) {
      runs = 1;
      largest = sum = latest.historyLength;
      if (!c.heavy) appRuns.push(latest.historyLength);
    } else {
      let runId: string | undefined = c.firstRunId;
      while (runId) {
        const history = await retrying(() => reader.workflow.getHandle(applicationWorkflowId(c.id), runId).fetchHistory(), `history ${c.id}`);
        const events = history.events ?? [];
        const bytes = bytesOf(history);
        runs += 1;
        largest = Math.max(largest, events.length);
        largestBytes = Math.max(largestBytes, bytes);
        sum += events.length;
        if (!c.heavy) {
          appRuns.push(events.length);
          appBytes.push(bytes);
        }
        runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
    }
    if (c.heavy) heavyRows.push({ id: c.id, runs, largest, largestBytes, total: sum });
    else {
      regularRunsMax = Math.max(regularRunsMax, runs);
      regularRuns += runs;
    }
    for (let q = 1; q <= 4; q += 1) {
      const child = reader.workflow.getHandle(followUpWorkflowId(c.id, q));
      if (withBytes && !c.heavy) {
        const h = await retrying(() => child.fetchHistory(), `history ${c.id} q${q}`);
        children.push(h.events?.length ?? 0);
        childBytes.push(bytesOf(h));
      } else {
        children.push((await retrying(() => child.describe(), `describe ${c.id} q${q}`)).historyLength);
      }
    }
  });
  const historySeconds = (performance.now() - histStart) / 1000;
  const counts = await database.rowCounts();

  // ---- report ------------------------------------------------------------------------------------
  const totalUpdates = timings.reduce((s, t) => s + t.updates, 0);
  const totalRuns = regularRuns + heavyRows.reduce((s, h) => s + h.runs, 0);
  console.log('');
  console.log(
    table([
      ['phase', 'seconds', 'workflows started', 'updates', 'updates/s', 'worker RSS at end'],
      ...timings.map((t) => [t.phase, t.seconds.toFixed(1), t.workflows, t.updates, t.updates ? (t.updates / t.seconds).toFixed(1) : '', mib(t.rssEnd)]),
    ]),
  );
  console.log('');
  console.log(
    `cases: ${int(flags.n)} with ${flags.services} services + ${flags.heavy} with ${flags.heavyServices} services; ${int(workflows)} workflows started (${int(total)} applications + ${int(total * 4)} follow-up children), ${int(totalUpdates)} updates`,
  );
  console.log(
    `wall time ${wall.toFixed(1)} s → ${(workflows / wall).toFixed(1)} workflows/s (applications + children), ${(total / wall).toFixed(2)} cases/s (a year each), ${(totalUpdates / wall).toFixed(1)} updates/s overall`,
  );
  console.log(
    `worker RSS: start ${mib(memory.start)}, peak ${mib(memory.peak)}, end ${mib(memory.end)}; per slice of ${int(sliceSize)} cases: ${timings
      .filter((t) => t.phase.startsWith('slice'))
      .map((t) => mib(t.rssEnd))
      .join(' → ')}; worker CPU ${workerCpu.toFixed(0)} s`,
  );
  console.log(
    `PostgreSQL rows: ${Object.entries(counts)
      .map(([t, n]) => `${t} ${int(n)}`)
      .join(', ')}`,
  );
  const kib = (b: number): string => `${(b / 1024).toFixed(0)} KiB`;
  const regularAppRuns = summarize(appRuns);
  const childHist = summarize(children);
  const regularBytes = appBytes.length > 0 ? Math.max(...appBytes) : 0;
  console.log(
    `largest history per case (${sampled.length} cases, ${totalRuns} application runs, ${children.length} children, read in ${historySeconds.toFixed(1)} s): ` +
      `regular application ${regularAppRuns.max} events (p50 ${regularAppRuns.p50}; largest of ${Math.min(flags.historyBytesSample, regular.length)} measured ${kib(regularBytes)}), ` +
      `follow-up child ${childHist.max} events (p50 ${childHist.p50}${childBytes.length ? `; largest ${kib(Math.max(...childBytes))}` : ''}); regular cases ran at most ${regularRunsMax} run(s)`,
  );
  if (heavyRows.length > 0) {
    const h = heavyRows;
    const largest = Math.max(...h.map((x) => x.largest));
    const largestBytes = Math.max(...h.map((x) => x.largestBytes));
    // A run ends at the threshold (continue-as-new) except the last, which also carries the soft exit and
    // the follow-up year (no continue-as-new after the exit): bounded by threshold + a regular case's life.
    const bound = flags.canAfter + regularAppRuns.max;
    console.log(
      `continue-as-new (--can-after ${flags.canAfter} events or ${kib(canAfterBytes)}): ${h.length} cases × ${flags.heavyServices} services: ${Math.min(...h.map((x) => x.runs))}–${Math.max(...h.map((x) => x.runs))} runs each, ` +
        `${Math.max(...h.map((x) => x.total))} events across a case's runs; largest run ${largest} events / ${kib(largestBytes)} ` +
        `→ events bounded: ${largest <= bound ? 'YES' : 'NO'} (≤ threshold ${flags.canAfter} + a regular case's whole history ${regularAppRuns.max}); ` +
        `bytes: largest run ${(largestBytes / canAfterBytes).toFixed(2)} × the byte threshold (the last run also holds the soft exit and follow-up year)`,
    );
  }
  return 0;
}

runBench(main);
