// Stress of the time-skipping sandbox (issue 17): the full-year paths, N times, each on a fresh
// time-skipping test server, counting wedges, invalid histories and failed workflow tasks.
//   npm run stress:sandbox -- --runs 100            # every scenario, 100 times
//   npm run stress:sandbox -- --runs 20 --only four-missed,can-stream --bound 30
// A wedge is a step (a clock advance, an Update, a wait for a status) that makes no progress within
// --bound seconds. Then the histories of the case (every run) and of its follow-up children, and their
// pending workflow tasks, are written to --dump (default data/stress) for `npm run replay -- <file>`,
// with the test server's own output. Exit code 0 only when every count is 0.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { RAN_INTO_CONTINUE_AS_NEW, parseFlags } from './bench/common';
import { replayHistory } from '../src/replay/histories';
import { bundleWorkflows } from '../src/worker/create-worker';
import {
  addCaseNote,
  approvePlannedBreak,
  closeActivity,
  addActivity,
  declineFollowUps,
  followUpWorkflowId,
  recordParticipation,
  requestPlannedBreak,
} from '../src/workflows/application/contract';
import { completeFollowUp } from '../src/workflows/follow-up/contract';
import { type CaseRun, STAFF, SUPERVISOR, entry, startCase } from '../test/helpers/workflow-driver';
import { testDataConverter } from '../test/helpers/temporal';

// --child-run N: one run in this process (the parent starts one process per run: 6 workers in one
// process at a time, not 600 — the SDK's source-map WASM does not survive hundreds of workers).
const flags = parseFlags({ runs: 10, bound: 30, only: '', dump: join('data', 'stress'), replay: true, childRun: 0 });

/** Core and SDK warnings seen during the run (e.g. a refused workflow task completion). */
const warnings: string[] = [];
Runtime.install({
  logger: new DefaultLogger('WARN', (e: LogEntry) => {
    warnings.push(`${e.level} ${e.message} ${e.meta ? JSON.stringify(e.meta).slice(0, 400) : ''}`);
  }),
  telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
});

// A call abandoned at a wedge (a clock advance still being retried) fails once its server is torn down.
process.on('uncaughtException', (err) => {
  if (/Channel has been shut down/.test(String(err))) return;
  console.error(err);
  process.exit(2);
});

class Wedge extends Error {
  override name = 'Wedge';
}

/** One step that must make progress within the bound. */
async function step<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Wedge(`no progress within ${flags.bound} s: ${what}`)), flags.bound * 1000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `done` (each probe itself bounded) until it is true, for at most the bound: a Wedge then. The
 * loop ends with the step, so no probe keeps running against a server this script has torn down.
 */
async function poll(what: string, done: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + flags.bound * 1000;
  while (!(await step(what, Promise.resolve(done())))) {
    if (Date.now() > deadline) throw new Wedge(`no progress within ${flags.bound} s: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const until = (run: CaseRun, what: string, ok: (v: Awaited<ReturnType<CaseRun['view']>>) => boolean): Promise<void> =>
  poll(what, async () => ok(await run.view()));

const advance = (run: CaseRun, iso: string) => step(`advance the clock to ${iso}`, run.advanceTo(iso));

/** L = 2024-01-10, exited on 2024-04-10 with its four follow-ups (the SPEC's basic vector). */
async function softExit(run: CaseRun): Promise<void> {
  const p = await step(
    'participation',
    run.send(recordParticipation, {
      participationDate: '2024-01-02',
      activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Assessment.' },
    }),
  );
  await step('close the service', run.send(closeActivity, { activityId: p.activity!.id, actualEndDate: '2024-01-10', completionCode: 'successful' }));
  await advance(run, '2024-04-10T07:00:30Z');
  await until(run, 'soft exit with four follow-ups', (v) => v.status === 'exited' && v.followUps.length === 4);
}

const complete = (run: CaseRun, q: number, payload: Record<string, unknown>) =>
  step(
    `complete q${q}`,
    run.env.client.workflow
      .getHandle(followUpWorkflowId(run.applicationId, q))
      .executeUpdate(completeFollowUp, { args: [{ actor: STAFF, payload: payload as never }] }),
  );

interface Scenario {
  name: string;
  startAt: string;
  input?: Parameters<typeof startCase>[1];
  run(run: CaseRun): Promise<void>;
}

const SCENARIOS: Scenario[] = [
  { name: 'soft-exit', startAt: '2024-01-10T18:00:00Z', run: softExit },
  {
    // One skip through the whole year: every follow-up timer and every alert re-check on the way.
    name: 'four-missed',
    startAt: '2024-01-10T18:00:00Z',
    run: async (run) => {
      await softExit(run);
      await advance(run, '2025-07-01T07:00:30Z');
      await until(run, 'completed with four missed follow-ups', (v) => v.status === 'completed' && v.followUps.every((f) => f.status === 'missed'));
    },
  },
  {
    name: 'decline',
    startAt: '2024-01-10T18:00:00Z',
    run: async (run) => {
      await softExit(run);
      await advance(run, '2024-07-01T07:00:30Z'); // q1 overdue at that same instant
      await step('decline', run.send(declineFollowUps, { date: '2024-07-01', caseNote: 'Asked not to be contacted.' }));
      // R-CRED-3: completes the day after the credential window (exit 2024-01-10 + 1 year).
      await advance(run, '2025-01-11T08:00:30Z');
      await until(run, 'completed after declining and the credential window', (v) => v.status === 'completed');
    },
  },
  {
    name: 'planned-break-overdue-q1',
    startAt: '2024-01-10T18:00:00Z',
    run: async (run) => {
      const p = await step(
        'participation',
        run.send(recordParticipation, {
          participationDate: '2024-01-02',
          activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Assessment.' },
        }),
      );
      await step('close', run.send(closeActivity, { activityId: p.activity!.id, actualEndDate: '2024-01-10', completionCode: 'successful' }));
      const future = await step(
        'future activity',
        run.send(addActivity, {
          code: '328',
          entry: entry('328'),
          program: 'ADULT',
          projectedBeginDate: '2024-06-15',
          projectedEndDate: '2024-12-15',
          caseNote: 'Cohort.',
        }),
      );
      const { plannedBreak } = await step(
        'request break',
        run.send(requestPlannedBreak, { reason: 'training_delay', resumeDate: '2024-06-15', activityId: future.activity!.id, caseNote: 'Cohort.' }),
      );
      await step('approve break', run.send(approvePlannedBreak, { breakId: plannedBreak!.id }, SUPERVISOR));
      await advance(run, '2024-07-09T07:00:30Z');
      await until(run, 'exit with q1 created overdue', (v) => v.status === 'exited' && v.followUps[0]?.status === 'overdue');
      await advance(run, '2025-07-01T07:00:30Z');
      await until(run, 'completed', (v) => v.status === 'completed');
    },
  },
  {
    name: 'completion',
    startAt: '2024-01-10T18:00:00Z',
    run: async (run) => {
      await softExit(run);
      const dates = ['2024-06-03', '2024-09-03', '2024-12-03', '2025-03-03'];
      for (const [i, d] of dates.entries()) {
        await advance(run, `${d}T18:00:00Z`);
        await complete(run, i + 1, { actualDate: d, contactType: 'phone', workedInQuarter: true, employers: [{ name: 'Acme' }] });
      }
      await until(run, 'completed with four completed follow-ups', (v) => v.status === 'completed' && v.followUps.every((f) => f.status === 'completed'));
    },
  },
  {
    // A stream of commands with no pause while the run hands over (60-event bound): Updates race the
    // continue-as-new; one that met it is re-sent with the same update id (at most one effect).
    name: 'can-stream',
    startAt: '2024-01-10T18:00:00Z',
    input: { continueAsNewAfterEvents: 60 },
    run: async (run) => {
      const firstRunId = (await step('describe', run.handle.describe())).runId;
      const p = await step(
        'participation',
        run.send(recordParticipation, {
          participationDate: '2024-01-02',
          activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Assessment.' },
        }),
      );
      await step('close', run.send(closeActivity, { activityId: p.activity!.id, actualEndDate: '2024-01-10', completionCode: 'successful' }));
      const notes = 60;
      for (let i = 0; i < notes; i += 4) {
        await Promise.all(
          [0, 1, 2, 3].map((k) =>
            step(
              `note ${i + k}`,
              sendResending(run, `note-${run.applicationId}-${i + k}`, { contactDate: '2024-01-10', subject: `Call ${i + k}`, body: `Note ${i + k}.` }),
            ),
          ),
        );
      }
      await poll('every note projected exactly once', () => {
        const ids = run.batches
          .flatMap((b) => b.caseNotes)
          .filter((n) => n.body.startsWith('Note '))
          .map((n) => n.id);
        return new Set(ids).size === notes;
      });
      const latest = await step('describe', run.env.client.workflow.getHandle(run.handle.workflowId).describe());
      if (latest.runId === firstRunId) throw new Error('the stream did not make the run continue as new');
      await advance(run, '2024-04-10T07:00:30Z');
      await until(run, 'soft exit after the hand-overs', (v) => v.status === 'exited');
    },
  },
];

async function sendResending(run: CaseRun, updateId: string, payload: { contactDate: string; subject: string; body: string }): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await run.env.client.workflow.getHandle(run.handle.workflowId).executeUpdate(addCaseNote, { args: [{ actor: STAFF, payload }], updateId });
      return;
    } catch (err) {
      const text = `${String(err)} ${String((err as { cause?: unknown }).cause ?? '')}`;
      if (attempt < 10 && RAN_INTO_CONTINUE_AS_NEW.test(text)) continue;
      throw err;
    }
  }
}

type History = temporal.api.history.v1.IHistory;

/** Every run of the case and every follow-up child that exists, with its history. */
async function histories(run: CaseRun): Promise<{ id: string; runId: string; history: History; pendingTask: unknown }[]> {
  const out: { id: string; runId: string; history: History; pendingTask: unknown }[] = [];
  const ids = [run.handle.workflowId, ...[1, 2, 3, 4].map((q) => followUpWorkflowId(run.applicationId, q))];
  for (const id of ids) {
    const runIds: string[] = [];
    try {
      for await (const w of run.env.client.workflow.list({ query: `WorkflowId = '${id}'` })) runIds.push(w.runId);
    } catch {
      // the time-skipping server's visibility: fall back to the latest run
    }
    if (runIds.length === 0) {
      try {
        runIds.push((await run.env.client.workflow.getHandle(id).describe()).runId);
      } catch {
        continue; // not started (no follow-ups yet)
      }
    }
    for (const runId of runIds) {
      const handle = run.env.client.workflow.getHandle(id, runId);
      const d = await handle.describe();
      out.push({ id, runId, history: await handle.fetchHistory(), pendingTask: d.raw.pendingWorkflowTask ?? null });
    }
  }
  return out;
}

const failedTasks = (h: History): string[] =>
  (h.events ?? [])
    .filter((e) => e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes)
    .map(
      (e) =>
        `event ${String(e.eventId)}: ${e.workflowTaskFailedEventAttributes ? `WorkflowTaskFailed ${String(e.workflowTaskFailedEventAttributes.cause)}` : 'WorkflowTaskTimedOut'}`,
    );

/** The last events of a history by type, for the report of a wedge. */
const tail = (h: History, n = 8): string =>
  (h.events ?? [])
    .slice(-n)
    .map(
      (e) =>
        `${String(e.eventId)}:${
          Object.keys(e)
            .find((k) => k.endsWith('EventAttributes'))
            ?.replace('EventAttributes', '') ?? '?'
        }`,
    )
    .join(' ');

interface Counts {
  wedges: number;
  invalidHistories: number;
  failedTasks: number;
  errors: number;
}

const RESULT = '@@stress-run ';
const zero = (): Counts => ({ wedges: 0, invalidHistories: 0, failedTasks: 0, errors: 0 });

/** One run of every scenario, in this process; prints its lines and a result line for the parent. */
async function childRun(r: number, scenarios: Scenario[]): Promise<number> {
  const bundle = await bundleWorkflows();
  const dataConverter = testDataConverter();
  const total = zero();
  const perScenario = new Map<string, { ms: number[]; counts: Counts }>(scenarios.map((s) => [s.name, { ms: [], counts: zero() }]));
  {
    const runStarted = Date.now();
    const line: string[] = [];
    for (const scenario of scenarios) {
      const t0 = Date.now();
      const serverLog = join(flags.dump, `server-${process.pid}-${r}-${scenario.name}.log`);
      mkdirSync(flags.dump, { recursive: true });
      process.env.TEMPORAL_TEST_SERVER_LOG = serverLog;
      warnings.length = 0;
      let run: CaseRun | undefined;
      const counts = perScenario.get(scenario.name)!.counts;
      let outcome = 'ok';
      try {
        run = await startCase(scenario.startAt, scenario.input);
        await scenario.run(run);
      } catch (err) {
        if (err instanceof Wedge) {
          counts.wedges += 1;
          total.wedges += 1;
          outcome = 'WEDGE';
        } else {
          counts.errors += 1;
          total.errors += 1;
          outcome = 'ERROR';
        }
        console.log(`  run ${r} ${scenario.name}: ${outcome}: ${(err as Error).message}`);
      }
      if (run) {
        try {
          const all = await step('fetch histories', histories(run));
          for (const h of all) {
            const failed = failedTasks(h.history);
            if (failed.length > 0) {
              counts.failedTasks += failed.length;
              total.failedTasks += failed.length;
              console.log(`  run ${r} ${scenario.name}: ${h.id} ${failed.join('; ')}`);
            }
            if (flags.replay) {
              const replay = await replayHistory({ history: h.history, workflowId: h.id }, bundle, dataConverter);
              if (!replay.ok) {
                counts.invalidHistories += 1;
                total.invalidHistories += 1;
                console.log(`  run ${r} ${scenario.name}: ${h.id} does not replay: ${replay.error.message.slice(0, 300)}`);
              }
            }
          }
          if (outcome !== 'ok') {
            for (const h of all) {
              const file = join(flags.dump, `${r}-${scenario.name}-${h.id}-${h.runId.slice(0, 8)}.json`);
              writeFileSync(file, `${historyToJSON(h.history)}\n`);
              console.log(
                `    ${h.id} ${h.runId.slice(0, 8)}: ${h.history.events?.length ?? 0} events, pending task ${JSON.stringify(h.pendingTask)}; last: ${tail(h.history)} → ${file}`,
              );
            }
            for (const w of warnings.slice(-10)) console.log(`    sdk: ${w.slice(0, 600)}`);
            const log = readFileSync(serverLog, 'utf8').trim().split('\n').slice(-15);
            for (const l of log) if (l) console.log(`    server: ${l.slice(0, 400)}`);
          }
        } catch (err) {
          console.log(`  run ${r} ${scenario.name}: could not read histories: ${(err as Error).message}`);
        }
        await Promise.race([run.stop(), new Promise((res) => setTimeout(res, 15_000))]);
      }
      perScenario.get(scenario.name)!.ms.push(Date.now() - t0);
      line.push(`${scenario.name} ${((Date.now() - t0) / 1000).toFixed(1)} s${outcome === 'ok' ? '' : ` ${outcome}`}`);
    }
    console.log(`run ${r}/${flags.runs}: ${((Date.now() - runStarted) / 1000).toFixed(1)} s (${line.join(', ')})`);
  }
  console.log(`${RESULT}${JSON.stringify([...perScenario])}`);
  return 0;
}

async function main(): Promise<number> {
  const scenarios = flags.only ? SCENARIOS.filter((s) => flags.only.split(',').includes(s.name)) : SCENARIOS;
  if (scenarios.length === 0) throw new Error(`--only ${flags.only}: no such scenario (${SCENARIOS.map((s) => s.name).join(', ')})`);
  if (flags.childRun > 0) return childRun(flags.childRun, scenarios);
  const total = zero();
  const perScenario = new Map<string, { ms: number[]; counts: Counts }>(scenarios.map((s) => [s.name, { ms: [], counts: zero() }]));
  const started = Date.now();
  console.log(
    `stress:sandbox: ${flags.runs} runs × ${scenarios.length} scenarios (${scenarios.map((s) => s.name).join(', ')}), progress bound ${flags.bound} s, one process per run`,
  );
  for (let r = 1; r <= flags.runs; r += 1) {
    const args = [
      ...process.execArgv,
      process.argv[1]!,
      '--child-run',
      String(r),
      '--runs',
      String(flags.runs),
      '--bound',
      String(flags.bound),
      '--dump',
      flags.dump,
      ...(flags.only ? ['--only', flags.only] : []),
      ...(flags.replay ? [] : ['--no-replay']),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let result: [string, { ms: number[]; counts: Counts }][] | undefined;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (l) => {
      if (l.startsWith(RESULT)) result = JSON.parse(l.slice(RESULT.length)) as typeof result;
      else console.log(l);
    });
    const code = await new Promise<number | null>((res) => child.on('close', res));
    if (!result) {
      total.errors += 1;
      console.log(`  run ${r}: its process ended (exit ${code}) without a result:\n${stderr.split('\n').slice(-12).join('\n')}`);
      continue;
    }
    for (const [name, { ms, counts }] of result) {
      const agg = perScenario.get(name)!;
      agg.ms.push(...ms);
      for (const k of Object.keys(counts) as (keyof Counts)[]) {
        agg.counts[k] += counts[k];
        total[k] += counts[k];
      }
    }
  }
  console.log(`\nper scenario (wall time p50 / max; wedges, invalid histories, failed workflow tasks, other errors):`);
  for (const [name, { ms, counts }] of perScenario) {
    const sorted = [...ms].sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(26)} ${(sorted[Math.floor(sorted.length / 2)]! / 1000).toFixed(1)} s / ${(sorted.at(-1)! / 1000).toFixed(1)} s; ${counts.wedges}, ${counts.invalidHistories}, ${counts.failedTasks}, ${counts.errors}`,
    );
  }
  console.log(
    `\n${flags.runs} runs in ${((Date.now() - started) / 1000).toFixed(0)} s: ${total.wedges} wedges, ${total.invalidHistories} invalid histories, ${total.failedTasks} failed workflow tasks, ${total.errors} other errors`,
  );
  return total.wedges + total.invalidHistories + total.failedTasks + total.errors === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
