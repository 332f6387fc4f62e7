/**
 * R-FU-7 on a real Temporal dev server (the time-skipping test server implements neither parent
 * close policies nor reporting a child's termination to its parent). Each case starts from carried
 * state whose soft exit is already due (L = 92 days ago), the entry point continue-as-new uses, so
 * the workflow exits at once and starts its four follow-up children in real time.
 *
 * Exits since `bounded-follow-up-year-v1` (§11 R-ABUSE-2) start the children detached
 * (ParentClosePolicy.ABANDON) so that the exited application can continue as new: this file shows that
 * a continue-as-new leaves them running, that cancelling the case cancels them, and what terminating it
 * does now (each child ends at its next report).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Worker } from '@temporalio/worker';
import { devServerEnv, testDataConverter, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';
import { recordingActivities, STAFF, rejection } from '../helpers/workflow-driver';
import { getFollowUp, recordContactAttempt } from '../../src/workflows/follow-up/contract';
import { createWorker } from '../../src/worker/create-worker';
import { addDays, agencyToday } from '../../src/domain/dates';
import { initialState } from '../../src/workflows/application/state';
import {
  type ApplicationWorkflowInput,
  applicationWorkflowId,
  followUpWorkflowId,
  getApplicationView,
  WORKFLOW_TYPE,
  type ApplicationWorkflow,
  DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES,
  DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS,
  declineFollowUps,
} from '../../src/workflows/application/contract';
import { waitFor } from '../helpers/wait';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let taskQueue: string;

beforeAll(async () => {
  env = await devServerEnv();
  taskQueue = uniqueTaskQueue('orphans');
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: recordingActivities().activities,
    workflowBundle: await workflowBundle(),
    dataConverter: testDataConverter(),
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

async function exitedCase(tag: string, limits: Pick<ApplicationWorkflowInput, 'continueAsNewAfterEvents' | 'followUpLivenessCheckMs'> = {}) {
  const applicationId = `${tag}-${Date.now().toString(36)}`;
  const L = addDays(agencyToday(Date.now(), 'America/Los_Angeles'), -92);
  const input: ApplicationWorkflowInput = {
    applicationId,
    participantId: '00000000-0000-4000-8000-000000000009',
    programs: ['ADULT'],
    eligibilityDate: addDays(L, -30),
    office: 'LA-2703',
    caseManagerId: 'S-1',
    createdBy: STAFF,
    agencyTimeZone: 'America/Los_Angeles',
    searchAttributes: true,
    ...limits,
  };
  const state = initialState(input, new Date().toISOString());
  state.status = 'participating';
  state.participationDate = addDays(L, -10);
  state.activities = [
    {
      id: `${applicationId}-a1`,
      code: '101',
      title: 'Initial Assessment',
      category: 'career_staff_assisted',
      program: 'ADULT',
      status: 'closed',
      actualBeginDate: addDays(L, -10),
      projectedBeginDate: null,
      projectedEndDate: L,
      actualEndDate: L,
      completionCode: 'successful',
      provider: null,
      restartsExitClock: true,
      createdBy: 'S-1',
      createdAt: new Date().toISOString(),
    },
  ];
  state.version = 3;
  const handle = await env.client.workflow.start<ApplicationWorkflow>(WORKFLOW_TYPE, {
    taskQueue,
    workflowId: applicationWorkflowId(applicationId),
    args: [input, state],
  });
  const children = [1, 2, 3, 4].map((q) => env.client.workflow.getHandle(followUpWorkflowId(applicationId, q)));
  await waitFor(async () => {
    const statuses = await Promise.all(
      children.map((c) =>
        c
          .describe()
          .then((d) => d.status.name)
          .catch(() => 'NONE'),
      ),
    );
    return statuses.every((s) => s === 'RUNNING');
  });
  expect((await handle.query(getApplicationView)).exit).toMatchObject({ type: 'soft', exitDate: L });
  return { handle, children };
}

const attempt = (c: WorkflowHandle, i: number) =>
  c.executeUpdate(recordContactAttempt, {
    args: [
      {
        actor: STAFF,
        payload: { date: agencyToday(Date.now(), 'America/Los_Angeles'), time: '10:00', type: 'phone', outcome: 'no_answer', note: `Attempt ${i}.` },
      },
    ],
  });

interface Run {
  runId: string;
  events: number;
  bytes: number;
  history: temporal.api.history.v1.IHistory;
}

/** Every run of a workflow id, first to last (walked back from the latest), with its history's length and size in bytes. */
async function runsOf(workflowId: string): Promise<Run[]> {
  const out: Run[] = [];
  let runId: string | undefined = (await env.client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    out.unshift({ runId, events: history.events?.length ?? 0, bytes: temporal.api.history.v1.History.encode(history).finish().length, history });
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return out;
}

/** The encoded sizes of the signals of that name the runs received, in order. */
const signalSizes = (runs: Run[], name: string): number[] =>
  runs.flatMap((r) =>
    (r.history.events ?? [])
      .map((e) => e.workflowExecutionSignaledEventAttributes)
      .filter((a) => a?.signalName === name)
      .map((a) => temporal.api.common.v1.Payloads.encode(a!.input ?? {}).finish().length),
  );

const latest = (h: WorkflowHandle) => env.client.workflow.getHandle(h.workflowId);

describe('R-ABUSE-2 bounded histories in the follow-up year, on a real server', () => {
  it('R-ABUSE-2 vector: 500 contact attempts on one follow-up leave every run of the application and of the follow-up under the continue-as-new bounds; the case still answers its view', async () => {
    const { handle, children } = await exitedCase('vec');
    for (let i = 1; i <= 500; i += 1) await attempt(children[0]!, i);

    const view = await latest(handle).query(getApplicationView);
    expect(view.status).toBe('exited');
    expect(view.followUps[0]!.contactAttempts).toHaveLength(500);
    expect(view.followUps[0]!.contactAttempts.at(-1)).toMatchObject({ note: 'Attempt 500.' });
    expect((await children[0]!.query(getFollowUp)).contactAttempts).toHaveLength(500);

    const app = await runsOf(handle.workflowId);
    const followUp = await runsOf(children[0]!.workflowId);
    for (const r of [...app, ...followUp]) {
      expect(r.events).toBeLessThan(DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS);
      expect(r.bytes).toBeLessThan(DEFAULT_CONTINUE_AS_NEW_AFTER_BYTES);
    }
    // The follow-up's own history grows with the attempts (each answer is its view): it handed over.
    expect(followUp.length).toBeGreaterThan(1);
    // What the follow-up told its application: no whole view, one small report per attempt, the same size at the 500th as at the first.
    expect(signalSizes(app, 'followUpChanged')).toEqual([]);
    const reported = signalSizes(app, 'followUpReported');
    expect(reported.length).toBe(500);
    expect(Math.max(...reported)).toBeLessThan(1024);
    expect(Math.abs(reported.at(-1)! - reported[0]!)).toBeLessThan(16);
    const sizes = (runs: Run[]) => runs.map((r) => `${r.events} events/${(r.bytes / 1024).toFixed(0)} KiB`).join(', ');
    console.log(
      `R-ABUSE-2 vector: application ${app.length} run(s): ${sizes(app)}; follow-up q1 ${followUp.length} run(s): ${sizes(followUp)}; report ${reported[0]} B`,
    );
    await latest(handle).cancel();
  }, 300_000);

  it('R-ABUSE-2 the exited application continues as new and its detached follow-ups keep running (the real server applies parent close policies); the year goes on across runs', async () => {
    const { handle, children } = await exitedCase('can', { continueAsNewAfterEvents: 150 });
    const firstRunId = (await handle.describe()).runId;
    for (let i = 0; i < 60 && (await latest(handle).describe()).runId === firstRunId; i += 1) await attempt(children[0]!, i);
    const app = await runsOf(handle.workflowId);
    expect(app.length).toBeGreaterThan(1);
    expect(app[0]!.history.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    for (const r of app) expect(r.events).toBeLessThan(2 * 150);
    for (const c of children) expect((await c.describe()).status.name).toBe('RUNNING');
    // The new run still hears them, and still tells them: a decline reaches each child by id.
    await attempt(children[1]!, 1);
    await waitFor(async () => (await latest(handle).query(getApplicationView)).followUps[1]!.contactAttempts.length === 1);
    const attempts = (await latest(handle).query(getApplicationView)).followUps[0]!.contactAttempts.length;
    expect(attempts).toBe((await children[0]!.query(getFollowUp)).contactAttempts.length);
    await latest(handle).executeUpdate(declineFollowUps, {
      args: [{ actor: STAFF, payload: { date: agencyToday(Date.now(), 'America/Los_Angeles'), caseNote: 'Asked not to be contacted.' } }],
    });
    for (const c of children) await waitFor(async () => (await c.describe()).status.name === 'COMPLETED', 20_000, `${c.workflowId} declined`);
    const view = await latest(handle).query(getApplicationView);
    expect(view.followUps.map((f) => f.status)).toEqual(['declined', 'declined', 'declined', 'declined']);
    expect(view.followUps[0]!.contactAttempts).toHaveLength(attempts);
    // R-FU-7: resolved, but the credential window is still open: the case stays exited.
    expect(view.status).toBe('exited');
    await latest(handle).terminate('cleanup');
  });

  it('R-ABUSE-2 R-FU-7 cancelling an exited case after it continued as new cancels its detached follow-ups by id', async () => {
    const { handle, children } = await exitedCase('cancan', { continueAsNewAfterEvents: 150 });
    const firstRunId = (await handle.describe()).runId;
    for (let i = 0; i < 60 && (await latest(handle).describe()).runId === firstRunId; i += 1) await attempt(children[1]!, i);
    expect((await latest(handle).describe()).runId).not.toBe(firstRunId);
    await latest(handle).cancel();
    for (const c of children) {
      await waitFor(async () => (await c.describe()).status.name !== 'RUNNING', 20_000, `${c.workflowId} ended`);
      expect((await c.describe()).status.name).toBe('CANCELLED');
    }
  });

  it('R-ABUSE-2 terminating the application: each detached follow-up ends at its next report (a command to it is refused 409 APPLICATION_EXITED)', async () => {
    const { handle, children } = await exitedCase('term');
    await handle.terminate('operator test');
    for (const c of children) {
      expect(await rejection(attempt(c, 1))).toBe('APPLICATION_EXITED');
      await waitFor(async () => (await c.describe()).status.name === 'COMPLETED');
    }
  });

  it('R-ABUSE-2 R-FU-7 terminating the application: with no command at all, each follow-up finds out at its liveness check (30 days; here lowered to 2 s) and ends', async () => {
    const { handle, children } = await exitedCase('live', { followUpLivenessCheckMs: 2_000 });
    // While the application is open the checks change nothing on it (empty reports: no new version).
    const version = (await handle.query(getApplicationView)).version;
    await waitFor(async () => signalSizes(await runsOf(handle.workflowId), 'followUpReported').length >= 4, 20_000, 'a liveness check from each follow-up');
    expect((await handle.query(getApplicationView)).version).toBe(version);
    await handle.terminate('operator test');
    for (const c of children)
      await waitFor(async () => (await c.describe()).status.name === 'COMPLETED', 30_000, `${c.workflowId} ended after its liveness check`);
  });
});

describe('R-FU-7 on a real server', () => {
  it('cancelling the application leaves no follow-up running', async () => {
    const { handle, children } = await exitedCase('cancel');
    await handle.cancel();
    await expect(handle.result()).rejects.toThrow();
    for (const c of children) {
      await waitFor(async () => (await c.describe()).status.name !== 'RUNNING');
      expect(['TERMINATED', 'CANCELED', 'CANCELLED']).toContain((await c.describe()).status.name);
    }
  });

  it("a follow-up child that fails does not lose the application's record", async () => {
    const { handle, children } = await exitedCase('fail');
    await children[1]!.terminate('simulated failure');
    await waitFor(async () => Boolean((await handle.query(getApplicationView)).followUps[1]?.error));
    const view = await handle.query(getApplicationView);
    expect(view.status).toBe('exited');
    expect(view.followUps).toHaveLength(4);
    expect(view.followUps[1]).toMatchObject({ quarter: 2, status: expect.stringMatching(/required|overdue/) });
    expect(view.followUps[1]!.error).toMatch(/terminated/i);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate('cleanup');
  });
});
