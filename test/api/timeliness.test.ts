/**
 * Entry timeliness (R-TIMELY-1 … R-TIMELY-3) over real HTTP in sandbox mode: late entries flagged in
 * the answer and the view, and counted per staff member by GET /api/v1/reports/timeliness.
 * The clock starts on Tuesday 2024-12-03 (10:00 agency time), after Thanksgiving 2024-11-28.
 */
import { ok, sandboxApiCase } from '../helpers/api-case';
import { waitFor } from '../helpers/wait';

const sandbox = sandboxApiCase('2024-12-03T18:00:00Z', {
  name: 'api_timeliness',
  env: { API_TOKENS: 'dev-staff:S-CM-1:staff,dev-supervisor:S-SUP-1:supervisor,dev-viewer:S-VIEW:viewer' },
});

const { api } = sandbox;
const report = (q: string) => ok(api().get(`/api/v1/reports/timeliness?${q}`, { token: 'dev-viewer' }));

describe('timeliness through HTTP', () => {
  let id: string;

  it('R-TIMELY-1 vector: an activity dated 2024-11-22 entered 2024-12-03 is late (answer and view); dated 2024-11-25 it is on time', async () => {
    const p = await ok(api().post('/api/v1/participants', { firstName: 'On', lastName: 'Time', birthDate: '1990-03-03' }), 201);
    id = (
      await ok(
        api().post('/api/v1/applications', {
          participantId: p.id,
          programs: ['ADULT'],
          eligibilityDate: '2024-11-01',
          office: 'LA-2703',
          caseManagerId: 'S-CM-1',
        }),
        201,
      )
    ).id;
    // Participation dated 2024-11-20: on time until 2024-11-27 → late (and so is its note, contact 2024-11-20).
    const part = await ok(
      api().post(`/api/v1/applications/${id}/participation`, {
        participationDate: '2024-11-20',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-12-31', caseNote: 'Assessment.' },
      }),
    );
    expect(part.activity).toMatchObject({ enteredOn: '2024-12-03', late: true });
    const late = await ok(
      api().post(`/api/v1/applications/${id}/activities`, {
        code: '102',
        program: 'ADULT',
        actualBeginDate: '2024-11-22',
        projectedEndDate: '2024-12-31',
        caseNote: 'Workshop.',
      }),
      201,
    );
    expect(late.activity).toMatchObject({
      enteredOn: '2024-12-03',
      late: true,
      entries: { begin: { datedOn: '2024-11-22', enteredOn: '2024-12-03', late: true, enteredBy: 'S-CM-1' } },
    });
    const onTime = await ok(
      api().post(`/api/v1/applications/${id}/activities`, {
        code: '102',
        program: 'ADULT',
        actualBeginDate: '2024-11-25',
        projectedEndDate: '2024-12-31',
        caseNote: 'Workshop 2.',
      }),
      201,
    );
    expect(onTime.activity).toMatchObject({ enteredOn: '2024-12-03', late: false });
    const view = await ok(api().get(`/api/v1/applications/${id}`));
    expect(view.activities.map((a: any) => [a.id, a.late])).toEqual([
      [part.activity.id, true],
      [late.activity.id, true],
      [onTime.activity.id, false],
    ]);
  });

  it('R-TIMELY-2 a case note contacted 2024-11-27 (3 business days, 6 calendar days before) is late; one of 2024-11-29 is on time', async () => {
    const late = await ok(
      api().post(`/api/v1/applications/${id}/case-notes`, { contactDate: '2024-11-27', subject: 'Call', body: 'Called before the holiday.' }),
      201,
    );
    expect(late.caseNote).toMatchObject({ contactDate: '2024-11-27', enteredOn: '2024-12-03', late: true });
    const onTime = await ok(api().post(`/api/v1/applications/${id}/case-notes`, { contactDate: '2024-11-29', subject: 'Call', body: 'Called again.' }), 201);
    expect(onTime.caseNote).toMatchObject({ enteredOn: '2024-12-03', late: false });
    await ok(
      api().post(
        `/api/v1/applications/${id}/case-notes`,
        { contactDate: '2024-12-03', subject: 'Review', body: 'Supervisor review.' },
        { token: 'dev-supervisor' },
      ),
      201,
    );
  });

  it('R-TIMELY-3 the report counts, per staff member, the entries entered in the range, the late ones and the on-time rate', async () => {
    // S-CM-1: 3 activity begins (2 late) + 5 case notes (participation's, dated 11-20: late; two
    // attached to the activities, dated today; 11-27: late; 11-29) = 8 entries, 4 late. S-SUP-1: 1 note on time.
    const expected = [
      {
        staffId: 'S-CM-1',
        entries: 8,
        lateEntries: 4,
        onTimeRate: 0.5,
        byKind: { activity: { entries: 3, lateEntries: 2 }, case_note: { entries: 5, lateEntries: 2 } },
      },
      { staffId: 'S-SUP-1', entries: 1, lateEntries: 0, onTimeRate: 1, byKind: { case_note: { entries: 1, lateEntries: 0 } } },
    ];
    await waitFor(
      async () => JSON.stringify((await report('from=2024-12-01&to=2024-12-31')).items) === JSON.stringify(expected),
      15_000,
      'the entries projected',
    );
    expect(await report('from=2024-12-01&to=2024-12-31&office=LA-2703')).toEqual({
      from: '2024-12-01',
      to: '2024-12-31',
      office: 'LA-2703',
      items: expected,
      total: { entries: 9, lateEntries: 4, onTimeRate: 0.5556 },
    });
    // Entered outside the range, or in another office: not counted.
    expect((await report('from=2024-11-01&to=2024-12-02')).items).toEqual([]);
    expect((await report('from=2024-12-01&to=2024-12-31&office=SF-0001')).items).toEqual([]);
  });

  it('R-TIMELY-1 closing on the day it ends is on time; the close is counted as its own entry', async () => {
    const view = await ok(api().get(`/api/v1/applications/${id}`));
    const closed = await ok(
      api().post(`/api/v1/applications/${id}/activities/${view.activities[1].id}/close`, { actualEndDate: '2024-12-03', completionCode: 'successful' }),
    );
    expect(closed.activity).toMatchObject({
      enteredOn: '2024-12-03',
      late: false,
      entries: { begin: { late: true }, close: { datedOn: '2024-12-03', late: false } },
    });
    await waitFor(async () => (await report('from=2024-12-03&to=2024-12-03')).items[0]?.byKind.activity_close?.entries === 1, 15_000, 'the close projected');
  });

  it('R-TIMELY-3 bad queries are 400 problems', async () => {
    for (const q of ['from=2024-12-01', 'from=2024-02-30&to=2024-03-01', 'from=2024-12-01&to=2024-12-31&x=1']) {
      const r = await api().get(`/api/v1/reports/timeliness?${q}`);
      expect({ q, status: r.status, code: r.body.code }).toEqual({ q, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('R-TIMELY-3 from after to is a schema-valid query refused by a rule: 422 INVALID_DATE_RANGE, documented (schemathesis found it as a 400)', async () => {
    // Found by schemathesis (ST202): GET ?to=6293-08-22&from=8277-04-21 answered 400 although the document accepts it.
    for (const q of ['from=2024-12-31&to=2024-12-01', 'from=8277-04-21&to=6293-08-22']) {
      const r = await api().get(`/api/v1/reports/timeliness?${q}`);
      expect({ q, status: r.status, code: r.body.code, errors: r.body.errors }).toEqual({
        q,
        status: 422,
        code: 'INVALID_DATE_RANGE',
        errors: [{ path: 'from', message: 'from must not be after to' }],
      });
    }
    expect((await report('from=2024-12-03&to=2024-12-03')).from).toBe('2024-12-03');
    const doc = (await api().get('/openapi.json', { token: null })).body;
    expect(Object.keys(doc.paths['/api/v1/reports/timeliness'].get.responses)).toContain('422');
  });
});
