/**
 * End to end in sandbox mode, only through HTTP: the real API, worker and PostgreSQL on the
 * time-skipping server (clock starting 2024-01-10), driving a case from application to soft exit with
 * the sandbox clock routes.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/wait';

let env: TestWorkflowEnvironment;
let stack: Stack;

beforeAll(async () => {
  env = await timeSkippingEnv('2024-01-10T18:00:00Z');
  stack = await startStack(env, {
    name: 'api_sandbox',
    mode: 'sandbox',
    env: { API_TOKENS: 'dev-staff:S-DEV-STAFF:staff,dev-supervisor:S-DEV-SUPERVISOR:supervisor,sup-2:S-SUP-2:supervisor,dev-viewer:S-DEV-VIEWER:viewer' },
  });
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

describe('sandbox mode: application → soft exit over HTTP', () => {
  it('R-CLOCK-3/R-CLOCK-4 basic vector through the API: exit date 2024-01-10, exit instant 2024-04-10T07:00:00Z', async () => {
    const { http } = stack;
    const clock = await http.get('/api/v1/sandbox/clock');
    expect(clock.status).toBe(200);
    expect(clock.body.now.slice(0, 10)).toBe('2024-01-10');

    const participant = await http.post('/api/v1/participants', { firstName: 'Maria', lastName: 'Lopez', birthDate: '1990-03-14', ssn: '123-45-6789' });
    expect(participant.status).toBe(201);
    const app = await http.post('/api/v1/applications', {
      participantId: participant.body.id,
      programs: ['ADULT'],
      eligibilityDate: '2024-01-02',
      office: 'LA-2703',
      caseManagerId: 'S-DEV-STAFF',
    });
    expect(app.status).toBe(201);
    const id = app.body.id as string;

    const participation = await http.post(`/api/v1/applications/${id}/participation`, {
      participationDate: '2024-01-03',
      activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-01-31', caseNote: 'Initial assessment completed.' },
    });
    expect(participation.status).toBe(200);
    expect(participation.body.application.exitClock.state).toBe('blocked');
    const activityId = participation.body.activity.id as string;

    const closed = await http.post(`/api/v1/applications/${id}/activities/${activityId}/close`, { actualEndDate: '2024-01-10', completionCode: 'successful' });
    expect(closed.status).toBe(200);
    expect(closed.body.application.exitClock).toMatchObject({
      state: 'running',
      softExitDate: '2024-04-10',
      softExitAt: '2024-04-10T07:00:00.000Z',
      daysRemaining: 91,
    });

    // Read-your-writes: the next GET sees the close.
    const view = await http.get(`/api/v1/applications/${id}`, { token: 'dev-viewer' });
    expect(view.body.lastServiceDate).toBe('2024-01-10');

    // Caseload from the projection (eventually consistent), with filters.
    const listed = await eventually(
      () => http.get(`/api/v1/applications?caseManagerId=S-DEV-STAFF&softExitBefore=2024-05-01`),
      (r) => r.body.items?.some((a: any) => a.id === id && a.exitClock.state === 'running'),
    );
    expect(listed.body.total).toBeGreaterThanOrEqual(1);
    const none = await http.get(`/api/v1/applications?softExitBefore=2024-04-10`);
    expect(none.body.items.map((a: any) => a.id)).not.toContain(id);

    const advanced = await http.post('/api/v1/sandbox/clock/advance', { until: '2024-04-10T07:00:30Z' });
    expect(advanced.status).toBe(200);
    expect(Date.parse(advanced.body.now)).toBeGreaterThanOrEqual(Date.parse('2024-04-10T07:00:30Z'));

    const exited = await eventually(
      () => http.get(`/api/v1/applications/${id}`),
      (r) => r.body.status === 'exited',
    );
    expect(exited.body.exit.type).toBe('soft');
    expect(exited.body.exit.exitDate).toBe('2024-01-10');
    expect(Date.parse(exited.body.exit.exitedAt)).toBeGreaterThanOrEqual(Date.parse('2024-04-10T07:00:00Z'));
    expect(Date.parse(exited.body.exit.exitedAt)).toBeLessThan(Date.parse('2024-04-10T07:01:00Z'));

    // After exit only F-codes (R-CLOCK-4).
    const refused = await http.post(`/api/v1/applications/${id}/activities`, {
      code: '205',
      program: 'ADULT',
      actualBeginDate: '2024-04-10',
      projectedEndDate: '2024-05-01',
      caseNote: 'IEP',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('APPLICATION_EXITED');

    // The audit trail lists every accepted command with who and when.
    const history = await eventually(
      () => http.get(`/api/v1/applications/${id}/history`),
      (r) => r.body.items?.some((e: any) => e.command === 'softExit'),
    );
    expect(history.body.items.map((e: any) => e.command)).toEqual(['createApplication', 'recordParticipation', 'closeActivity', 'softExit']);
    expect(history.body.items[1]).toMatchObject({ actorId: 'S-DEV-STAFF', actorRole: 'staff' });

    // The projection caught up too.
    const row = await eventually(
      () => stack.db.application.findUnique({ where: { id } }),
      (r) => r?.status === 'exited',
    );
    expect(row!.exitDate!.toISOString().slice(0, 10)).toBe('2024-01-10');
  });

  it('GET /activity-codes returns the catalog (R-ACT-1)', async () => {
    const res = await stack.http.get('/api/v1/activity-codes', { token: 'dev-viewer' });
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.codes.map((c: any) => [c.code, c]));
    expect(byCode['205'].restartsExitClock).toBe(true);
    expect(byCode['120'].restartsExitClock).toBe(false);
    expect(byCode.F01.category).toBe('follow_up');
  });

  it('GET /activity-codes marks the codes a skill gain can be earned in: training and individualized (R-MSG-1)', async () => {
    const res = await stack.http.get('/api/v1/activity-codes', { token: 'dev-viewer' });
    expect(res.status).toBe(200);
    const codes = res.body.codes as { code: string; category: string; skillGainEligible: boolean }[];
    for (const c of codes)
      expect({ code: c.code, eligible: c.skillGainEligible }).toEqual({ code: c.code, eligible: ['training', 'individualized'].includes(c.category) });
    expect(codes.filter((c) => c.skillGainEligible).length).toBeGreaterThan(0);
    expect(codes.filter((c) => !c.skillGainEligible).length).toBeGreaterThan(0);
  });

  it('R-BREAK-1/R-BREAK-2 through the API: staff cannot approve (403), the requester cannot (SELF_APPROVAL 422), another supervisor can; cancel restores the clock', async () => {
    const { http } = stack;
    const p = await http.post('/api/v1/participants', { firstName: 'Sam', lastName: 'Lee', birthDate: '1985-11-02' });
    const app = await http.post('/api/v1/applications', { participantId: p.body.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'LA-2703' });
    const id = app.body.id;
    const now = (await http.get('/api/v1/sandbox/clock')).body.now.slice(0, 10);
    const part = await http.post(`/api/v1/applications/${id}/participation`, {
      participationDate: now,
      activity: { code: '101', program: 'ADULT', projectedEndDate: now, caseNote: 'Assessment.' },
    });
    await http.post(`/api/v1/applications/${id}/activities/${part.body.activity.id}/close`, { actualEndDate: now, completionCode: 'successful' });
    const resume = new Date(Date.parse(`${now}T00:00:00Z`) + 120 * 86_400_000).toISOString().slice(0, 10);
    const future = await http.post(`/api/v1/applications/${id}/activities`, {
      code: '328',
      program: 'ADULT',
      projectedBeginDate: resume,
      projectedEndDate: resume,
      caseNote: 'Training cohort.',
    });
    expect(future.status).toBe(201);
    const br = await http.post(
      `/api/v1/applications/${id}/planned-breaks`,
      { reason: 'training_delay', resumeDate: resume, activityId: future.body.activity.id, caseNote: 'Waiting for cohort.' },
      { token: 'dev-supervisor' },
    );
    expect(br.status).toBe(201);
    const breakId = br.body.plannedBreak.id;
    const byStaff = await http.post(`/api/v1/applications/${id}/planned-breaks/${breakId}/approve`, {});
    expect(byStaff.status).toBe(403);
    const self = await http.post(`/api/v1/applications/${id}/planned-breaks/${breakId}/approve`, {}, { token: 'dev-supervisor' });
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('SELF_APPROVAL');
    const approved = await http.post(`/api/v1/applications/${id}/planned-breaks/${breakId}/approve`, {}, { token: 'sup-2' });
    expect(approved.status).toBe(200);
    expect(approved.body.application.exitClock.state).toBe('extended');
    expect(approved.body.plannedBreak).toMatchObject({ status: 'approved', approvedBy: 'S-SUP-2', requestedBy: 'S-DEV-SUPERVISOR' });
    const cancel = await http.post(`/api/v1/applications/${id}/planned-breaks/${breakId}/cancel`, {});
    expect(cancel.status).toBe(200);
    expect(cancel.body.application.exitClock.state).toBe('running');
    expect(cancel.body.plannedBreak.status).toBe('cancelled');
  });

  it('R-BREAK-2 through the API: beginning the activity of a break still pending ends the break; approving it then is 409 PLANNED_BREAK_NOT_PENDING and the clock is not extended', async () => {
    const { http } = stack;
    const p = await http.post('/api/v1/participants', { firstName: 'Ana', lastName: 'Ruiz', birthDate: '1990-03-04' });
    const id = (await http.post('/api/v1/applications', { participantId: p.body.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'LA-2703' }))
      .body.id;
    const now = (await http.get('/api/v1/sandbox/clock')).body.now.slice(0, 10);
    const part = await http.post(`/api/v1/applications/${id}/participation`, {
      participationDate: now,
      activity: { code: '101', program: 'ADULT', projectedEndDate: now, caseNote: 'Assessment.' },
    });
    await http.post(`/api/v1/applications/${id}/activities/${part.body.activity.id}/close`, { actualEndDate: now, completionCode: 'successful' });
    const resume = new Date(Date.parse(`${now}T00:00:00Z`) + 120 * 86_400_000).toISOString().slice(0, 10);
    const future = await http.post(`/api/v1/applications/${id}/activities`, {
      code: '328',
      program: 'ADULT',
      projectedBeginDate: resume,
      projectedEndDate: resume,
      caseNote: 'Training cohort.',
    });
    const activityId = future.body.activity.id;
    const br = await http.post(`/api/v1/applications/${id}/planned-breaks`, {
      reason: 'training_delay',
      resumeDate: resume,
      activityId,
      caseNote: 'Waiting for cohort.',
    });
    expect(br.body.plannedBreak.status).toBe('pending');
    const begun = await http.post(`/api/v1/applications/${id}/activities/${activityId}/begin`, { actualBeginDate: now });
    expect(begun.status).toBe(200);
    expect(begun.body.application.plannedBreak).toMatchObject({ id: br.body.plannedBreak.id, status: 'ended' });
    expect(begun.body.application.exitClock.state).toBe('blocked');
    const late = await http.post(`/api/v1/applications/${id}/planned-breaks/${br.body.plannedBreak.id}/approve`, {}, { token: 'sup-2' });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'PLANNED_BREAK_NOT_PENDING' });
    const closed = await http.post(`/api/v1/applications/${id}/activities/${activityId}/close`, { actualEndDate: now, completionCode: 'successful' });
    expect(closed.body.application.exitClock).toMatchObject({ state: 'running', daysRemaining: 91 });
  });
});
