/**
 * Sandbox mode, only through HTTP: one case from application through its soft exit and all four
 * quarterly follow-ups to completion, with every alert type appearing and clearing on the way
 * (GET /api/v1/alerts), and the caseload filtered by follow-up due window and status.
 */
import { ok, sandboxApiCase } from '../helpers/api-case';
import { waitFor } from '../helpers/wait';

/** Polls for up to 15 s, naming what it waits for. */
const waitUntil = (fn: () => Promise<boolean>, what: string) => waitFor(fn, 15_000, what);

let id: string;

const sandbox = sandboxApiCase('2024-01-10T18:00:00Z', {
  name: 'api_followups',
  env: { API_TOKENS: 'dev-staff:S-CM-1:staff,dev-supervisor:S-SUP-1:supervisor,sup-2:S-SUP-2:supervisor,dev-viewer:S-VIEW:viewer' },
});

const { api, advanceTo } = sandbox;
async function openAlerts(type?: string): Promise<any[]> {
  const r = await ok(api().get(`/api/v1/alerts?caseManagerId=S-CM-1${type ? `&type=${type}` : ''}`));
  return r.items.filter((a: any) => a.applicationId === id);
}
const alertOpen = (type: string, subjectKey?: string) =>
  waitUntil(async () => (await openAlerts(type)).some((a) => subjectKey === undefined || a.subjectKey === subjectKey), `${type} open`);
const alertClosed = (type: string) => waitUntil(async () => (await openAlerts(type)).length === 0, `${type} resolved`);

describe('a year of follow-ups and every alert type, through HTTP only', () => {
  let future: string;
  let supportive: string;

  it('case set-up: participation, service closed on L = 2024-01-10', async () => {
    const p = await ok(api().post('/api/v1/participants', { firstName: 'Year', lastName: 'Long', birthDate: '1988-08-08' }), 201);
    const app = await ok(
      api().post('/api/v1/applications', {
        participantId: p.id,
        programs: ['ADULT'],
        eligibilityDate: '2024-01-02',
        office: 'LA-2703',
        caseManagerId: 'S-CM-1',
      }),
      201,
    );
    id = app.id;
    const part = await ok(
      api().post(`/api/v1/applications/${id}/participation`, {
        participationDate: '2024-01-03',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-01-10', caseNote: 'Assessment.' },
      }),
    );
    await ok(api().post(`/api/v1/applications/${id}/activities/${part.activity.id}/close`, { actualEndDate: '2024-01-10', completionCode: 'successful' }));
  });

  it('Alerts R-CLOCK-5 future_activity_beyond_exit and open_activity_past_projected_end appear and clear', async () => {
    future = (
      await ok(
        api().post(`/api/v1/applications/${id}/activities`, {
          code: '328',
          program: 'ADULT',
          projectedBeginDate: '2024-05-01',
          projectedEndDate: '2024-12-01',
          caseNote: 'Training in May.',
        }),
        201,
      )
    ).activity.id;
    await alertOpen('future_activity_beyond_exit', future);
    supportive = (
      await ok(
        api().post(`/api/v1/applications/${id}/activities`, {
          code: '181',
          program: 'ADULT',
          actualBeginDate: '2024-01-10',
          projectedEndDate: '2024-01-15',
          caseNote: 'Bus pass.',
        }),
        201,
      )
    ).activity.id;
    await advanceTo('2024-01-16T08:30:00Z');
    await alertOpen('open_activity_past_projected_end', supportive);
    await ok(api().post(`/api/v1/applications/${id}/activities/${supportive}/close`, { actualEndDate: '2024-01-16', completionCode: 'successful' }));
    await alertClosed('open_activity_past_projected_end');
  });

  it('Alerts R-NOTE-1 case_note_due appears after 30 days without a note and clears with a note', async () => {
    await advanceTo('2024-02-09T08:30:00Z'); // last notes 2024-01-10 → due from 2024-02-09
    await alertOpen('case_note_due');
    await ok(api().post(`/api/v1/applications/${id}/case-notes`, { contactDate: '2024-02-09', subject: 'Check-in', body: 'Doing well.' }), 201);
    await alertClosed('case_note_due');
  });

  it('Alerts planned_break_return_passed: an approved break whose resume date passed without the service starting', async () => {
    const br = await ok(
      api().post(`/api/v1/applications/${id}/planned-breaks`, {
        reason: 'training_delay',
        resumeDate: '2024-05-01',
        activityId: future,
        caseNote: 'Waiting for the cohort.',
      }),
      201,
    );
    const approved = await ok(api().post(`/api/v1/applications/${id}/planned-breaks/${br.plannedBreak.id}/approve`, {}, { token: 'sup-2' }));
    expect(approved.application.exitClock).toMatchObject({ state: 'extended', softExitDate: '2024-07-09' });
    await alertClosed('future_activity_beyond_exit'); // the break moved the projected exit past the activity
    await advanceTo('2024-05-02T07:30:00Z');
    await alertOpen('planned_break_return_passed');
    await ok(api().post(`/api/v1/applications/${id}/activities/${future}/begin`, { actualBeginDate: '2024-05-02' }));
    await alertClosed('planned_break_return_passed');
    await advanceTo('2024-05-10T18:00:00Z');
    const closed = await ok(api().post(`/api/v1/applications/${id}/activities/${future}/close`, { actualEndDate: '2024-05-10', completionCode: 'successful' }));
    expect(closed.application.exitClock).toMatchObject({ state: 'running', softExitDate: '2024-08-09', softExitAt: '2024-08-09T07:00:00.000Z' });
  });

  it('Alerts exit_approaching appears 14 days before the soft exit and clears at the exit', async () => {
    await ok(api().post(`/api/v1/applications/${id}/case-notes`, { contactDate: '2024-05-10', subject: 'Done', body: 'Training done.' }), 201);
    await advanceTo('2024-07-25T07:30:00Z');
    expect(await openAlerts('exit_approaching')).toEqual([]);
    await advanceTo('2024-07-26T07:30:00Z');
    await alertOpen('exit_approaching');
    await advanceTo('2024-08-09T07:00:30Z');
    await waitUntil(async () => (await api().get(`/api/v1/applications/${id}`)).body.status === 'exited', 'soft exit');
    await alertClosed('exit_approaching');
    const view = (await api().get(`/api/v1/applications/${id}`)).body;
    expect(view.exit).toMatchObject({ type: 'soft', exitDate: '2024-05-10' });
    expect(view.followUps.map((f: any) => f.dueDate)).toEqual(['2024-09-30', '2024-12-31', '2025-03-31', '2025-06-30']);
  });

  it('caseload: filter by follow-up status and due window', async () => {
    await waitUntil(async () => {
      const r = await api().get('/api/v1/applications?followUpStatus=required&followUpDueAfter=2024-09-01&followUpDueBefore=2024-09-30');
      return r.body.items?.some((a: any) => a.id === id);
    }, 'caseload by follow-up window');
    const none = await ok(api().get('/api/v1/applications?followUpStatus=required&followUpDueBefore=2024-09-29'));
    expect(none.items.map((a: any) => a.id)).not.toContain(id);
  });

  it('R-FU-6 followup_due_soon appears 14 days before q1 is due; q1 completed on time clears it', async () => {
    await advanceTo('2024-09-16T07:30:00Z');
    await alertOpen('followup_due_soon', 'q1');
    await ok(
      api().post(`/api/v1/applications/${id}/follow-ups/1/contact-attempts`, { date: '2024-09-16', time: '09:15', type: 'phone', outcome: 'reached' }),
      201,
    );
    const done = await ok(
      api().post(`/api/v1/applications/${id}/follow-ups/1/complete`, {
        actualDate: '2024-09-16',
        contactType: 'phone',
        workedInQuarter: true,
        employers: [{ name: 'Acme Tools', hourlyWage: 26 }],
      }),
    );
    expect(done.followUp).toMatchObject({ status: 'completed', completion: { late: false } });
    expect((await api().get(`/api/v1/applications/${id}`)).body.followUps[0].status).toBe('completed'); // read-your-writes
    await alertClosed('followup_due_soon');
  });

  it('R-FU-5/R-FU-6 followup_overdue after q2 is due; a late completion clears it', async () => {
    await advanceTo('2025-01-01T08:30:00Z');
    await alertOpen('followup_overdue', 'q2');
    const late = await ok(
      api().post(`/api/v1/applications/${id}/follow-ups/2/complete`, {
        actualDate: '2024-12-20',
        contactType: 'email',
        workedInQuarter: false,
        statusAtFollowUp: 'in_education',
        education: { enrolled: true },
      }),
    );
    expect(late.followUp).toMatchObject({ status: 'completed', completion: { late: true } });
    await alertClosed('followup_overdue');
  });

  it('q3 completed, q4 cannot_locate after three attempts (R-FU-4): the application completes (R-FU-7)', async () => {
    await advanceTo('2025-03-15T07:30:00Z');
    await ok(
      api().post(`/api/v1/applications/${id}/follow-ups/3/complete`, {
        actualDate: '2025-03-15',
        contactType: 'in_person',
        workedInQuarter: true,
        employers: [{ name: 'Acme Tools' }],
      }),
    );
    await advanceTo('2025-06-20T07:30:00Z');
    const early = await api().post(`/api/v1/applications/${id}/follow-ups/4/complete`, {
      actualDate: '2025-06-20',
      contactType: 'phone',
      workedInQuarter: false,
      statusAtFollowUp: 'cannot_locate',
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('CONTACT_ATTEMPTS_REQUIRED');
    for (const d of ['2025-06-18', '2025-06-19', '2025-06-20']) {
      await ok(api().post(`/api/v1/applications/${id}/follow-ups/4/contact-attempts`, { date: d, time: '14:00', type: 'phone', outcome: 'no_answer' }), 201);
    }
    await ok(
      api().post(`/api/v1/applications/${id}/follow-ups/4/complete`, {
        actualDate: '2025-06-20',
        contactType: 'phone',
        workedInQuarter: false,
        statusAtFollowUp: 'cannot_locate',
      }),
    );
    await waitUntil(async () => (await api().get(`/api/v1/applications/${id}`)).body.status === 'completed', 'application completed');
    const view = (await api().get(`/api/v1/applications/${id}`)).body;
    expect(view.followUps.map((f: any) => f.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    const closedAgain = await api().post(`/api/v1/applications/${id}/follow-ups/4/contact-attempts`, {
      date: '2025-06-20',
      time: '15:00',
      type: 'phone',
      outcome: 'no_answer',
    });
    expect(closedAgain.status).toBe(409);
    // The view above is the workflow's (read-your-writes); the alert list is the PostgreSQL projection,
    // which follows a moment later.
    await waitUntil(async () => (await openAlerts()).length === 0, 'every alert resolved');
    expect(await openAlerts()).toEqual([]);
    const history = (await api().get(`/api/v1/applications/${id}/history`)).body.items.map((e: any) => e.command);
    expect(history).toEqual(expect.arrayContaining(['softExit', 'followUpsResolved']));
  });

  it('follow-up routes before exit or for an unknown application answer 404, never 500', async () => {
    const unknown = await api().post('/api/v1/applications/nope/follow-ups/1/contact-attempts', {
      date: '2025-06-20',
      time: '15:00',
      type: 'phone',
      outcome: 'no_answer',
    });
    expect(unknown.status).toBe(404);
    const badQuarter = await api().post(`/api/v1/applications/${id}/follow-ups/5/complete`, {
      actualDate: '2025-06-20',
      contactType: 'phone',
      workedInQuarter: false,
    });
    expect(badQuarter.status).toBe(400);
  });
});
