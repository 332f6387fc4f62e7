/**
 * Drives the application workflow directly with the Temporal client on a time-skipping server whose
 * clock starts at a chosen instant. Activities are recording fakes (the database layer has its own
 * tests); each `CaseRun` owns its environment, task queue and worker.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { createWorker } from '../../src/worker/create-worker';
import { requireCode } from '../../src/domain/activity-codes';
import { defaultActivityCatalog } from '../../src/domain/activity-catalog';
import {
  type Actor,
  type ApplicationView,
  type ApplicationWorkflowInput,
  type Command,
  type CommandResult,
  applicationWorkflowId,
  closeActivity,
  getApplicationView,
  recordParticipation,
  WORKFLOW_TYPE,
  type ApplicationWorkflow,
} from '../../src/workflows/application/contract';
import type { Activities } from '../../src/activities';
import type { PersistBatch } from '../../src/activities/projection';
import type { applicationWorkflow } from '../../src/workflows/application/workflow';
import { testDataConverter, timeSkippingEnv, uniqueTaskQueue, workflowBundle } from './temporal';

export const STAFF: Actor = { staffId: 'S-STAFF-1', role: 'staff' };
export const STAFF_2: Actor = { staffId: 'S-STAFF-2', role: 'staff' };
export const SUPERVISOR: Actor = { staffId: 'S-SUP-1', role: 'supervisor' };
export const SUPERVISOR_2: Actor = { staffId: 'S-SUP-2', role: 'supervisor' };

export const entry = (code: string) => requireCode(defaultActivityCatalog, code);

/** Recording fake of the activities: what the workflow asked to persist, in order. */
export function recordingActivities() {
  const batches: PersistBatch[] = [];
  const activities: Activities = {
    persistApplication: async (batch: PersistBatch) => {
      batches.push(structuredClone(batch));
      return { applied: true };
    },
    // The daily notifications job (not run by application workflows).
    createDailyNotifications: async () => ({ staff: 0, created: 0 }),
    sendNotificationDigests: async () => ({ sent: 0 }),
  };
  return { activities, batches };
}

export interface CaseRun {
  env: TestWorkflowEnvironment;
  worker: Worker;
  handle: WorkflowHandle<typeof applicationWorkflow>;
  batches: PersistBatch[];
  applicationId: string;
  /** Sends an Update as `actor`; resolves with its result or rejects with the Temporal error. */
  send<P>(update: UpdateDefinition<CommandResult, [Command<P>]>, payload: P, actor?: Actor): Promise<CommandResult>;
  view(): Promise<ApplicationView>;
  /** Moves the server clock to `iso` (forward only), firing timers on the way. */
  advanceTo(iso: string): Promise<void>;
  now(): Promise<string>;
  stop(): Promise<void>;
}

let bundle: WorkflowBundle | undefined;
let counter = 0;

/** Starts a time-skipping server at `startAt`, a worker, and one application workflow. */
export async function startCase(startAt: string, input: Partial<ApplicationWorkflowInput> = {}): Promise<CaseRun> {
  bundle ??= await workflowBundle();
  const env = await timeSkippingEnv(startAt);
  const taskQueue = uniqueTaskQueue('wf');
  const { activities, batches } = recordingActivities();
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue,
    activities,
    workflowBundle: bundle,
    dataConverter: testDataConverter(),
  });
  const running = worker.run();
  counter += 1;
  const applicationId = `T${Date.now().toString(36)}${counter}`;
  const handle = await env.client.workflow.start<ApplicationWorkflow>(WORKFLOW_TYPE, {
    taskQueue,
    workflowId: applicationWorkflowId(applicationId),
    args: [
      {
        applicationId,
        participantId: '00000000-0000-4000-8000-000000000001',
        programs: ['ADULT', 'DISLOCATED_WORKER'],
        eligibilityDate: '2023-12-01',
        office: 'LA-2703',
        caseManagerId: 'S-STAFF-1',
        createdBy: STAFF,
        agencyTimeZone: 'America/Los_Angeles',
        searchAttributes: false,
        ...input,
      },
    ],
  });
  return {
    env,
    worker,
    handle,
    batches,
    applicationId,
    send: (update, payload, actor = STAFF) => handle.executeUpdate(update, { args: [{ actor, payload }] }),
    view: () => handle.query(getApplicationView),
    advanceTo: async (iso) => {
      const ms = Date.parse(iso) - (await env.currentTimeMs());
      if (ms > 0) await env.sleep(ms);
    },
    now: async () => new Date(await env.currentTimeMs()).toISOString(),
    stop: async () => {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/**
 * `startCase` for a test file: registers an afterEach that stops every case the returned function
 * started during the test (each case keeps its own environment, task queue and worker).
 */
export function casesStoppedAfterEach(): (startAt: string, input?: Partial<ApplicationWorkflowInput>) => Promise<CaseRun> {
  const runs: CaseRun[] = [];
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((r) => r.stop()));
  });
  return async (startAt, input = {}) => {
    const run = await startCase(startAt, input);
    runs.push(run);
    return run;
  };
}

/** Participation on `participationDate` with a clock-restarting service (101), closed on `L`; its id. */
export async function participateAndClose(run: CaseRun, participationDate: string, L: string): Promise<string> {
  const res = await run.send(recordParticipation, {
    participationDate,
    activity: { code: '101', entry: entry('101'), program: 'ADULT', projectedEndDate: L, caseNote: 'Initial assessment done.' },
  });
  const activityId = res.activity!.id;
  await run.send(closeActivity, { activityId, actualEndDate: L, completionCode: 'successful' });
  return activityId;
}

/** The SPEC error code of a rejected Update (ApplicationFailure type), or the error itself. */
export async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const cause = (err as { cause?: { type?: string } }).cause;
    return cause?.type ?? String(err);
  }
  throw new Error('expected the update to be rejected');
}
