/**
 * R-FU-7 on a real Temporal dev server (the time-skipping test server implements neither parent
 * close policies nor reporting a child's termination to its parent). Each case starts from carried
 * state whose soft exit is already due (L = 92 days ago), the entry point continue-as-new uses, so
 * the workflow exits at once and starts its four follow-up children in real time.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { devServerEnv, testDataConverter, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';
import { recordingActivities, STAFF } from '../helpers/workflow-driver';
import { createWorker } from '../../src/worker/create-worker';
import { addDays, agencyToday } from '../../src/domain/dates';
import { initialState } from '../../src/workflows/application/state';
import {
  type ApplicationWorkflowInput,
  applicationWorkflowId,
  followUpWorkflowId,
  getApplicationView, WORKFLOW_TYPE, type ApplicationWorkflow } from '../../src/workflows/application/contract';
import { waitFor } from '../helpers/wait';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let taskQueue: string;

beforeAll(async () => {
  env = await devServerEnv();
  taskQueue = uniqueTaskQueue('orphans');
  worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, activities: recordingActivities().activities, workflowBundle: await workflowBundle(), dataConverter: testDataConverter() });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

async function exitedCase(tag: string) {
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
  };
  const state = initialState(input, new Date().toISOString());
  state.status = 'participating';
  state.participationDate = addDays(L, -10);
  state.activities = [
    {
      id: `${applicationId}-a1`, code: '101', title: 'Initial Assessment', category: 'career_staff_assisted', program: 'ADULT', status: 'closed',
      actualBeginDate: addDays(L, -10), projectedBeginDate: null, projectedEndDate: L, actualEndDate: L, completionCode: 'successful',
      provider: null, restartsExitClock: true, createdBy: 'S-1', createdAt: new Date().toISOString(),
    },
  ];
  state.version = 3;
  const handle = await env.client.workflow.start<ApplicationWorkflow>(WORKFLOW_TYPE, { taskQueue, workflowId: applicationWorkflowId(applicationId), args: [input, state] });
  const children = [1, 2, 3, 4].map((q) => env.client.workflow.getHandle(followUpWorkflowId(applicationId, q)));
  await waitFor(async () => {
    const statuses = await Promise.all(children.map((c) => c.describe().then((d) => d.status.name).catch(() => 'NONE')));
    return statuses.every((s) => s === 'RUNNING');
  });
  expect((await handle.query(getApplicationView)).exit).toMatchObject({ type: 'soft', exitDate: L });
  return { handle, children };
}

describe('R-FU-7 on a real server', () => {
  it('terminating the application terminates its four follow-ups (no orphans)', async () => {
    const { handle, children } = await exitedCase('term');
    await handle.terminate('operator test');
    for (const c of children) await waitFor(async () => (await c.describe()).status.name === 'TERMINATED');
  });

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
