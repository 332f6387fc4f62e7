/**
 * Scenarios that drive a case through the real API (and, where the API cannot, the Temporal client).
 * Used by `npm run capture:histories` to record fixture histories for the replay tests.
 */
import type { Stack } from './stack';
import { ensureDailyNotifications } from '../../src/temporal/notification-schedule';
import { DAILY_NOTIFICATIONS_WORKFLOW_TYPE } from '../../src/workflows/notifications/contract';
import { importedApplicationId } from '../../src/api/services/case-import';
import {
  type ApplicationWorkflowInput,
  applicationWorkflowId,
  followUpWorkflowId,
  WORKFLOW_TYPE,
  type ApplicationWorkflow,
} from '../../src/workflows/application/contract';

export interface Captured {
  /** File name of the fixture (default: the scenario's name). */
  name?: string;
  workflowId: string;
  /** A specific run (e.g. the first run of a case that continued as new); default: the latest. */
  runId?: string;
}

export interface Scenario {
  name: string;
  /** 'dev' = Temporal dev server; 'sandbox' = time-skipping server starting at `startAt`. */
  server: 'dev' | 'sandbox';
  startAt?: string;
  run(stack: Stack): Promise<Captured | Captured[]>;
}

function expectStatus(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

export async function createApplication(stack: Stack, overrides: { programs?: string[]; eligibilityDate?: string; office?: string } = {}): Promise<string> {
  const p = await stack.http.post('/api/v1/participants', { firstName: 'Test', lastName: 'Participant', birthDate: '1977-05-25' });
  expectStatus(p, 201, 'create participant');
  const a = await stack.http.post('/api/v1/applications', {
    participantId: p.body.id,
    programs: overrides.programs ?? ['ADULT'],
    eligibilityDate: overrides.eligibilityDate ?? '2024-01-02',
    office: overrides.office ?? 'LA-2703',
    caseManagerId: 'S-1042',
  });
  expectStatus(a, 201, 'create application');
  return a.body.id as string;
}

/** Participation on `date` with service 101, closed on `L` (the SPEC's basic vector when L = 2024-01-10). */
async function participateAndClose(stack: Stack, id: string, date: string, L: string): Promise<void> {
  const part = await stack.http.post(`/api/v1/applications/${id}/participation`, {
    participationDate: date,
    activity: { code: '101', program: 'ADULT', projectedEndDate: L, caseNote: 'Initial assessment.' },
  });
  expectStatus(part, 200, 'participation');
  const close = await stack.http.post(`/api/v1/applications/${id}/activities/${part.body.activity.id}/close`, {
    actualEndDate: L,
    completionCode: 'successful',
  });
  expectStatus(close, 200, 'close activity');
}

async function advance(stack: Stack, until: string): Promise<void> {
  expectStatus(await stack.http.post('/api/v1/sandbox/clock/advance', { until }), 200, 'advance clock');
}

async function waitForStatus(stack: Stack, id: string, status: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await stack.http.get(`/api/v1/applications/${id}`);
    if (v.body.status === status) return;
    if (Date.now() > deadline) throw new Error(`application ${id} did not reach ${status}: ${JSON.stringify(v.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** L = 2024-01-10, a training activity projected to begin 2024-06-15, and a break until then requested (pending). */
async function caseWithRequestedBreak(stack: Stack): Promise<{ id: string; activityId: string; breakId: string }> {
  const id = await createApplication(stack);
  await participateAndClose(stack, id, '2024-01-03', '2024-01-10');
  const future = await stack.http.post(`/api/v1/applications/${id}/activities`, {
    code: '328',
    program: 'ADULT',
    projectedBeginDate: '2024-06-15',
    projectedEndDate: '2024-12-15',
    caseNote: 'Training cohort starts in June.',
  });
  expectStatus(future, 201, 'future activity');
  const activityId: string = future.body.activity.id;
  const br = await stack.http.post(`/api/v1/applications/${id}/planned-breaks`, {
    reason: 'training_delay',
    resumeDate: '2024-06-15',
    activityId,
    caseNote: 'Waiting for the cohort.',
  });
  expectStatus(br, 201, 'request break');
  return { id, activityId, breakId: br.body.plannedBreak.id };
}

/** The SPEC's basic vector: L = 2024-01-10, a case note, soft exit on 2024-04-10. */
async function basicSoftExit(stack: Stack): Promise<Captured> {
  const id = await createApplication(stack);
  await participateAndClose(stack, id, '2024-01-03', '2024-01-10');
  await stack.http.post(`/api/v1/applications/${id}/case-notes`, { contactDate: '2024-01-10', subject: 'Call', body: 'Checked in.' });
  await advance(stack, '2024-04-10T07:00:30Z');
  await waitForStatus(stack, id, 'exited');
  return { workflowId: applicationWorkflowId(id) };
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'application-created',
    server: 'dev',
    run: async (stack) => ({ workflowId: applicationWorkflowId(await createApplication(stack)) }),
  },
  {
    name: 'soft-exit-basic',
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: basicSoftExit,
  },
  {
    // Recorded with the payload codec on (the default since it exists): every payload is ciphertext under
    // the development key `dev-2026`; replay needs that key (test/replay/replay.test.ts).
    name: 'encrypted-soft-exit',
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: basicSoftExit,
  },
  {
    name: 'planned-break',
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: async (stack) => {
      const { id, breakId } = await caseWithRequestedBreak(stack);
      expectStatus(
        await stack.http.post(`/api/v1/applications/${id}/planned-breaks/${breakId}/approve`, {}, { token: 'dev-supervisor' }),
        200,
        'approve break',
      );
      await advance(stack, '2024-07-09T07:00:30Z');
      await waitForStatus(stack, id, 'exited');
      return { workflowId: applicationWorkflowId(id) };
    },
  },
  {
    // pending-break-ends-v1 (R-BREAK-2): the break's activity begins while the break is still pending;
    // the break ends, approving it is refused, and the case exits at L + 91 of its last service.
    name: 'pending-break-ends',
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: async (stack) => {
      const { id, activityId, breakId } = await caseWithRequestedBreak(stack);
      await advance(stack, '2024-02-01T18:00:00Z');
      expectStatus(
        await stack.http.post(`/api/v1/applications/${id}/activities/${activityId}/begin`, { actualBeginDate: '2024-02-01' }),
        200,
        'begin the break activity',
      );
      const approve = await stack.http.post(`/api/v1/applications/${id}/planned-breaks/${breakId}/approve`, {}, { token: 'dev-supervisor' });
      expectStatus(approve, 409, 'approve the ended break');
      if (approve.body.code !== 'PLANNED_BREAK_NOT_PENDING') throw new Error(`approve: ${JSON.stringify(approve.body)}`);
      await advance(stack, '2024-02-15T18:00:00Z');
      expectStatus(
        await stack.http.post(`/api/v1/applications/${id}/activities/${activityId}/close`, { actualEndDate: '2024-02-15', completionCode: 'successful' }),
        200,
        'close',
      );
      await advance(stack, '2024-05-16T07:00:30Z'); // L = 2024-02-15: soft exit at L + 91
      await waitForStatus(stack, id, 'exited');
      const view = await stack.http.get(`/api/v1/applications/${id}`);
      if (view.body.exit?.exitDate !== '2024-02-15' || view.body.plannedBreak?.status !== 'ended')
        throw new Error(`exit: ${JSON.stringify({ exit: view.body.exit, plannedBreak: view.body.plannedBreak })}`);
      return { workflowId: applicationWorkflowId(id) };
    },
  },
  {
    name: 'exclusionary-exit',
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: async (stack) => {
      const id = await createApplication(stack);
      await participateAndClose(stack, id, '2024-01-03', '2024-01-10');
      await advance(stack, '2024-02-01T18:00:00Z');
      const res = await stack.http.post(`/api/v1/applications/${id}/exclusionary-exit`, { reason: '03', documentationRef: 'DOC-1', caseNote: 'Deceased.' });
      expectStatus(res, 200, 'exclusionary exit');
      await stack.env.client.workflow.getHandle(applicationWorkflowId(id)).result();
      return { workflowId: applicationWorkflowId(id) };
    },
  },
  {
    // R-DCR-2: L corrected 2024-01-10 → 2024-01-20 on 2024-02-01 by an approved change request; the soft exit moves to 2024-04-20.
    name: 'change-request-soft-exit',
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: async (stack) => {
      const id = await createApplication(stack);
      const part = await stack.http.post(`/api/v1/applications/${id}/participation`, {
        participationDate: '2024-01-03',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Initial assessment.' },
      });
      expectStatus(part, 200, 'participation');
      const activityId = part.body.activity.id as string;
      expectStatus(
        await stack.http.post(`/api/v1/applications/${id}/activities/${activityId}/close`, { actualEndDate: '2024-01-10', completionCode: 'successful' }),
        200,
        'close',
      );
      await advance(stack, '2024-02-01T18:00:00Z');
      const cr = await stack.http.post(`/api/v1/applications/${id}/change-requests`, {
        target: { kind: 'activity', activityId },
        changes: { actualEndDate: '2024-01-20' },
        reason: 'The last session was on the 20th.',
      });
      expectStatus(cr, 201, 'request change');
      expectStatus(
        await stack.http.post(`/api/v1/applications/${id}/change-requests/${cr.body.changeRequest.id}/approve`, {}, { token: 'dev-supervisor' }),
        200,
        'approve change',
      );
      await advance(stack, '2024-04-20T07:00:30Z');
      await waitForStatus(stack, id, 'exited');
      return { workflowId: applicationWorkflowId(id) };
    },
  },
  // Started directly with a low history limit so the first run continues as new; its history is captured.
  continuedAsNew('continued-as-new', { continueAsNewAfterEvents: 60 }, ''),
  // The same on the byte bound: few events, long notes.
  continuedAsNew('continued-as-new-on-bytes', { continueAsNewAfterBytes: 24 * 1024 }, ` ${'Long note. '.repeat(150)}`),
  // R-SUB-2: the sandbox clock workflow's first run (sleep to 06:00, the job, continue as new) and one
  // day's job as the Schedule starts it (dev server).
  {
    name: 'daily-notifications-clock',
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: async (stack) => {
      const id = await createApplication(stack);
      await participateAndClose(stack, id, '2024-01-03', '2024-01-10');
      const subscribe = await stack.http.put(
        '/api/v1/me/alert-subscriptions',
        { subscriptions: [{ type: 'exit_approaching', notify: 'daily_while_open' }] },
        { token: 'dev-staff' },
      );
      expectStatus(subscribe, 200, 'subscribe');
      const clock = await ensureDailyNotifications(stack.env.client, {
        mode: 'sandbox',
        taskQueue: stack.config.temporal.taskQueue,
        agencyTimeZone: stack.config.agencyTimeZone,
      });
      await advance(stack, '2024-01-12T15:00:00Z'); // two mornings: 01-11 and 01-12 (06:00 PST = 14:00Z)
      return { workflowId: clock.id, ...(clock.runId ? { runId: clock.runId } : {}) };
    },
  },
  {
    name: 'daily-notifications-run',
    server: 'dev',
    run: async (stack) => {
      const workflowId = `wioa-daily-notifications-capture-${Date.now()}`;
      await stack.env.client.workflow.execute(DAILY_NOTIFICATIONS_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: stack.config.temporal.taskQueue,
        args: [{ agencyTimeZone: stack.config.agencyTimeZone }],
      });
      return { workflowId };
    },
  },
  // A full year: soft exit, four follow-ups (on time, late, cannot-locate after 3 attempts, declined),
  // completion the day after the credential window. The case checkpoints every 30 days (docs/versioning.md):
  // every run is captured, the exit's among them; the last began with the carried state.
  followUpYear('follow-up-year', 'follow-up-child-q3'),
  // §11 R-ABUSE-2: contact attempts after the exit until the exited application and the follow-up both
  // continue as new (lowered bounds): the first run of each.
  { name: 'bounded-follow-up-continued', server: 'sandbox', startAt: '2024-01-10T18:00:00Z', run: boundedFollowUpContinued },
  // R-IMP-1: a legacy case imported on a planned break: the workflow starts with the state the import built.
  { name: 'imported-case', server: 'sandbox', startAt: '2024-06-03T18:00:00Z', run: importedCase },
  // §8: assessment, a plan with a goal and an objective, its alerts, a soft exit closing it.
  { name: 'plan-alerts', server: 'sandbox', startAt: '2024-01-10T18:00:00Z', run: planAlerts },
  {
    // R-CRED-3: a skill gain and a training activity, soft exit, follow-ups
    // declined, a credential attained in month 11, completion only the day after the credential window.
    name: 'credential-window',
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: async (stack) => {
      const id = await createApplication(stack);
      const part = await stack.http.post(`/api/v1/applications/${id}/participation`, {
        participationDate: '2024-01-03',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Orientation.' },
      });
      expectStatus(part, 200, 'participation');
      const training = await stack.http.post(`/api/v1/applications/${id}/activities`, {
        code: '328',
        program: 'ADULT',
        actualBeginDate: '2024-01-05',
        projectedEndDate: '2024-01-10',
        caseNote: 'Welding course.',
      });
      expectStatus(training, 201, 'training activity');
      const trainingId = training.body.activity.id as string;
      expectStatus(
        await stack.http.post(`/api/v1/applications/${id}/skill-gains`, {
          type: 'training_milestone',
          achievedOn: '2024-01-08',
          activityId: trainingId,
          documentationRef: 'Milestone sheet',
        }),
        201,
        'skill gain',
      );
      for (const activityId of [part.body.activity.id as string, trainingId]) {
        expectStatus(
          await stack.http.post(`/api/v1/applications/${id}/activities/${activityId}/close`, { actualEndDate: '2024-01-10', completionCode: 'successful' }),
          200,
          'close',
        );
      }
      await advance(stack, '2024-04-10T07:00:30Z');
      await waitForStatus(stack, id, 'exited');
      expectStatus(
        await stack.http.post(`/api/v1/applications/${id}/follow-ups/decline`, { date: '2024-04-10', caseNote: 'Declined follow-up.' }),
        200,
        'decline',
      );
      await advance(stack, '2024-12-06T17:00:00Z');
      expectStatus(
        await stack.http.post(`/api/v1/applications/${id}/credentials`, {
          type: '5',
          attainedOn: '2024-12-05',
          activityId: trainingId,
          verification: { method: 'verified', documentationRef: 'Certificate scan' },
        }),
        201,
        'credential in month 11',
      );
      await advance(stack, '2025-01-11T08:00:30Z');
      await waitForStatus(stack, id, 'completed');
      return { workflowId: applicationWorkflowId(id) };
    },
  },
];

/** §8 (R-OAS-1, R-IEP-1 … R-IEP-6): a case with a plan whose alerts open and resolve, closed by the soft exit. */
async function planAlerts(stack: Stack): Promise<Captured> {
  const id = await createApplication(stack);
  const base = `/api/v1/applications/${id}`;
  const part = await stack.http.post(`${base}/participation`, {
    participationDate: '2024-01-03',
    activity: { code: '205', program: 'ADULT', projectedEndDate: '2024-01-19', caseNote: 'Plan development.' },
  });
  expectStatus(part, 200, 'participation');
  const training = await stack.http.post(`${base}/activities`, {
    code: '328',
    program: 'ADULT',
    actualBeginDate: '2024-01-08',
    projectedEndDate: '2024-01-19',
    caseNote: 'Training.',
  });
  expectStatus(training, 201, 'training');
  for (const section of [
    'general',
    'expectation',
    'education',
    'degree',
    'certificate',
    'employment',
    'household_income',
    'work_readiness',
    'barriers',
    'criminal_background',
    'tests',
    'referrals',
  ]) {
    expectStatus(
      await stack.http.put(`${base}/assessment/sections/${section}`, { status: 'complete', summary: `Summary of ${section}.` }),
      200,
      `assessment ${section}`,
    );
  }
  const plan = await stack.http.post(`${base}/plans`, { startDate: '2024-01-10', office: 'LA-2703' });
  expectStatus(plan, 201, 'plan');
  const planId = plan.body.plan.id as string;
  const goal = await stack.http.post(`${base}/plans/${planId}/goals`, {
    type: 'employment',
    term: 'short_term',
    description: 'Welding job.',
    dateEstablished: '2024-01-10',
    estimatedCompletionDate: '2024-03-01',
    program: 'ADULT',
  });
  expectStatus(goal, 201, 'goal');
  const objective = await stack.http.post(`${base}/plans/${planId}/goals/${goal.body.goal.id}/objectives`, {
    description: 'Finish the welding course.',
    dateEstablished: '2024-01-10',
    reviewDate: '2024-01-25',
    program: 'ADULT',
  });
  expectStatus(objective, 201, 'objective');
  expectStatus(await stack.http.post(`${base}/plans/${planId}/services`, { activityId: training.body.activity.id }), 201, 'link service');
  await advance(stack, '2024-01-19T09:00:00Z'); // the objective's review is due (2024-01-25 − 7 days)
  const review = await stack.http.post(`${base}/plans/${planId}/objectives/${objective.body.objective.id}/review`, {
    reviewedOn: '2024-01-19',
    status: 'open',
    nextReviewDate: '2024-04-01',
    note: 'On track.',
  });
  expectStatus(review, 200, 'review');
  for (const a of [part.body.activity.id, training.body.activity.id]) {
    expectStatus(await stack.http.post(`${base}/activities/${a}/close`, { actualEndDate: '2024-01-19', completionCode: 'successful' }), 200, 'close activity');
  }
  // The goal becomes overdue on 2024-03-02 (a timer); the soft exit on 2024-04-19 closes the plan.
  await advance(stack, '2024-04-19T07:00:30Z');
  await waitForStatus(stack, id, 'exited');
  return { workflowId: applicationWorkflowId(id) };
}

/** A participant and an application workflow started (by the client) with these history limits; its first run id. */
async function startWithLimits(
  stack: Stack,
  id: string,
  firstName: string,
  lastName: string,
  limits: Pick<ApplicationWorkflowInput, 'continueAsNewAfterEvents' | 'continueAsNewAfterBytes' | 'checkpointAfterDays'>,
): Promise<string> {
  const p = await stack.http.post('/api/v1/participants', { firstName, lastName, birthDate: '1980-02-02' });
  const handle = await stack.env.client.workflow.start<ApplicationWorkflow>(WORKFLOW_TYPE, {
    taskQueue: stack.config.temporal.taskQueue,
    workflowId: applicationWorkflowId(id),
    args: [
      {
        applicationId: id,
        participantId: p.body.id,
        programs: ['ADULT'],
        eligibilityDate: '2024-01-02',
        office: 'LA-2703',
        caseManagerId: 'S-1042',
        createdBy: { staffId: 'S-DEV-STAFF', role: 'staff' },
        agencyTimeZone: 'America/Los_Angeles',
        searchAttributes: false,
        ...limits,
      },
    ],
  });
  return handle.firstExecutionRunId;
}

/** A case started with a low continue-as-new limit and given notes until its first run hands over. */
function continuedAsNew(
  name: string,
  limits: Pick<ApplicationWorkflowInput, 'continueAsNewAfterEvents' | 'continueAsNewAfterBytes'>,
  noteTail: string,
): Scenario {
  return {
    name,
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: async (stack) => {
      const id = `can-${Date.now().toString(36)}`;
      const firstRunId = await startWithLimits(stack, id, 'Long', 'History', limits);
      await participateAndClose(stack, id, '2024-01-03', '2024-01-10');
      for (let i = 0; i < 15; i += 1) {
        await stack.http.post(`/api/v1/applications/${id}/case-notes`, { contactDate: '2024-01-10', subject: `Call ${i}`, body: `Note ${i}.${noteTail}` });
      }
      const deadline = Date.now() + 20_000;
      while ((await stack.env.client.workflow.getHandle(applicationWorkflowId(id)).describe()).runId === firstRunId) {
        if (Date.now() > deadline) throw new Error('the workflow did not continue as new');
        await new Promise((r) => setTimeout(r, 100));
      }
      return { workflowId: applicationWorkflowId(id), runId: firstRunId };
    },
  };
}

/** A full year: soft exit, four follow-ups (on time, late, cannot-locate after 3 attempts, declined). */
function followUpYear(name: string, childName: string): Scenario {
  return {
    name,
    server: 'sandbox',
    startAt: '2024-01-10T18:00:00Z',
    run: async (stack) => {
      const id = await createApplication(stack);
      await participateAndClose(stack, id, '2024-01-03', '2024-01-10');
      await advance(stack, '2024-04-10T07:00:30Z');
      await waitForStatus(stack, id, 'exited');
      await advance(stack, '2024-06-20T18:00:00Z');
      const fu = (q: number, what: string, body: unknown) => stack.http.post(`/api/v1/applications/${id}/follow-ups/${q}/${what}`, body);
      expectStatus(await fu(1, 'contact-attempts', { date: '2024-06-20', time: '09:00', type: 'phone', outcome: 'reached' }), 201, 'attempt q1');
      expectStatus(
        await fu(1, 'complete', { actualDate: '2024-06-20', contactType: 'phone', workedInQuarter: true, employers: [{ name: 'Acme' }] }),
        200,
        'complete q1',
      );
      await advance(stack, '2024-10-05T18:00:00Z');
      expectStatus(
        await fu(2, 'complete', { actualDate: '2024-10-05', contactType: 'email', workedInQuarter: false, statusAtFollowUp: 'in_education' }),
        200,
        'complete q2 late',
      );
      await advance(stack, '2024-12-20T18:00:00Z');
      for (const d of ['2024-12-18', '2024-12-19', '2024-12-20']) {
        expectStatus(await fu(3, 'contact-attempts', { date: d, time: '10:00', type: 'text', outcome: 'no_answer' }), 201, 'attempt q3');
      }
      expectStatus(
        await fu(3, 'complete', { actualDate: '2024-12-20', contactType: 'text', workedInQuarter: false, statusAtFollowUp: 'cannot_locate' }),
        200,
        'complete q3',
      );
      expectStatus(
        await stack.http.post(`/api/v1/applications/${id}/follow-ups/decline`, { date: '2024-12-20', caseNote: 'Declined further contact.' }),
        200,
        'decline',
      );
      // R-CRED-3: the case completes the day after its credential window.
      await advance(stack, '2025-01-11T08:00:30Z');
      await waitForStatus(stack, id, 'completed');
      return [{ workflowId: applicationWorkflowId(id) }, { name: childName, workflowId: followUpWorkflowId(id, 3) }];
    },
  };
}

/**
 * §11 R-ABUSE-2: a case started with a low continue-as-new bound (150 events), exited, then given
 * contact attempts on q1 through the API until both the exited application and the follow-up have
 * continued as new. Captures the first run of each: the application's (soft exit, four detached
 * children, change reports, the hand-over after the exit) and q1's (change reports, its hand-over).
 */
async function boundedFollowUpContinued(stack: Stack): Promise<Captured[]> {
  const id = `bfc-${Date.now().toString(36)}`;
  // No checkpoint within the scenario's months: the first run is the one that exits and takes the attempts.
  const firstRunId = await startWithLimits(stack, id, 'Many', 'Attempts', { continueAsNewAfterEvents: 150, checkpointAfterDays: 365 });
  await participateAndClose(stack, id, '2024-01-03', '2024-01-10');
  await advance(stack, '2024-04-10T07:00:30Z');
  await waitForStatus(stack, id, 'exited');
  await advance(stack, '2024-05-01T18:00:00Z');
  const childHandle = stack.env.client.workflow.getHandle(followUpWorkflowId(id, 1));
  const childFirstRunId = (await childHandle.describe()).runId;
  const continued = async (): Promise<boolean> =>
    (await stack.env.client.workflow.getHandle(applicationWorkflowId(id)).describe()).runId !== firstRunId &&
    (await childHandle.describe()).runId !== childFirstRunId;
  for (let i = 0; i < 200 && !(await continued()); i += 1) {
    const res = await stack.http.post(`/api/v1/applications/${id}/follow-ups/1/contact-attempts`, {
      date: '2024-05-01',
      time: '10:00',
      type: 'phone',
      outcome: 'no_answer',
      note: `Attempt ${i}.`,
    });
    expectStatus(res, 201, 'contact attempt');
  }
  if (!(await continued())) throw new Error('the exited application and its follow-up did not both continue as new');
  return [
    { name: 'bounded-follow-up-continued', workflowId: applicationWorkflowId(id), runId: firstRunId },
    { name: 'bounded-follow-up-continued-child-q1', workflowId: followUpWorkflowId(id, 1), runId: childFirstRunId },
  ];
}

/** R-IMP-1: one legacy case on an approved planned break, imported through the API; then a case note on it. */
async function importedCase(stack: Stack): Promise<Captured> {
  const externalId = `LEGACY-${Date.now().toString(36)}`;
  const line = {
    externalId,
    participant: { firstName: 'Bea', lastName: 'Legacy', birthDate: '1980-04-05' },
    application: { programs: ['ADULT'], eligibilityDate: '2024-03-25', office: 'LA-2703', caseManagerId: 'S-DEV-STAFF', participationDate: '2024-04-01' },
    activities: [
      {
        ref: 'assess',
        code: '101',
        program: 'ADULT',
        actualBeginDate: '2024-04-01',
        projectedEndDate: '2024-04-30',
        actualEndDate: '2024-05-01',
        completionCode: 'successful',
      },
      { ref: 'training', code: '205', program: 'ADULT', projectedBeginDate: '2024-09-01', projectedEndDate: '2024-12-20' },
    ],
    // Requested by the line's case manager, approved by the importing supervisor (another person).
    plannedBreak: { reason: 'training_delay', resumeDate: '2024-09-01', activityRef: 'training', approvedBy: 'S-DEV-SUPERVISOR' },
  };
  const res = await stack.http.post('/api/v1/imports', undefined, {
    token: 'dev-supervisor',
    rawBody: `${JSON.stringify(line)}\n`,
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expectStatus(res, 200, 'import');
  if ((res.body as { created?: number }).created !== 1) throw new Error(`import: ${JSON.stringify(res.body)}`);
  const id = importedApplicationId(externalId);
  expectStatus(
    await stack.http.post(`/api/v1/applications/${id}/case-notes`, { contactDate: '2024-06-03', subject: 'Call', body: 'Checked in after the import.' }),
    201,
    'case note',
  );
  return { workflowId: applicationWorkflowId(id) };
}
