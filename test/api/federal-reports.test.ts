/**
 * SPEC §10 end to end, only through HTTP, on the sandbox clock (time-skipping server from 2023-03-01):
 * five ADULT cases are driven into known cohorts of the report PY2024Q1 (R = Jul–Sep 2024), then the
 * performance report (R-RPT-7) is checked indicator by indicator, the PIRL export (R-RPT-8) field by
 * field for several elements, and the data review (R-RPT-9) before the follow-ups were completed.
 *
 *   case  service            exit (date L)            cohorts of PY2024Q1 (R = q(2024-09-30))
 *   A     306 training (09)  soft, 2023-03-10 (R−6)   Q2, Q4, credential, retention
 *   B     102 (no training)  soft, 2023-03-10 (R−6)   Q2, Q4
 *   C     306 training       exclusionary 02 (R−6)    left out of every exit-based indicator (R-RPT-2)
 *   E     328 training, open —                        served; skill gains (open training overlaps W)
 *   F     102                soft, 2023-08-01 (R−4)   exited, Q2
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/wait';

let env: TestWorkflowEnvironment;
let stack: Stack;
const SUP = { token: 'dev-supervisor' };

beforeAll(async () => {
  env = await timeSkippingEnv('2023-03-01T18:00:00Z');
  stack = await startStack(env, { name: 'api_federal_reports', mode: 'sandbox' });
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

async function ok(p: Promise<{ status: number; body: any }>, status = 200): Promise<any> {
  const res = await p;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

interface Case {
  id: string;
  pirlId: string;
  activityId: string;
}

async function newCase(name: string, code: string, projectedEndDate = '2023-03-31'): Promise<Case> {
  const { http } = stack;
  const p = await ok(http.post('/api/v1/participants', { firstName: name, lastName: 'Report', birthDate: '1985-04-12' }), 201);
  expect(p.pirlId).toMatch(/^[0-9A-Z]{12}$/);
  const a = await ok(http.post('/api/v1/applications', { participantId: p.id, programs: ['ADULT'], eligibilityDate: '2023-02-27', office: 'LA-2703' }), 201);
  const part = await ok(
    http.post(`/api/v1/applications/${a.id}/participation`, {
      participationDate: '2023-03-01',
      activity: { code, program: 'ADULT', projectedEndDate, caseNote: 'Enrolled.' },
    }),
  );
  return { id: a.id, pirlId: p.pirlId, activityId: part.activity.id };
}

const advance = (until: string) => ok(stack.http.post('/api/v1/sandbox/clock/advance', { until }));
const close = (c: Case, date: string) =>
  ok(stack.http.post(`/api/v1/applications/${c.id}/activities/${c.activityId}/close`, { actualEndDate: date, completionCode: 'successful' }));
const complete = (c: Case, q: number, body: Record<string, unknown>) =>
  ok(stack.http.post(`/api/v1/applications/${c.id}/follow-ups/${q}/complete`, { contactType: 'phone', ...body }));
const status = async (c: Case) => (await ok(stack.http.get(`/api/v1/applications/${c.id}`))).status as string;

describe('§10 federal performance reporting over HTTP', () => {
  const cases: Record<'A' | 'B' | 'C' | 'E' | 'F', Case> = {} as never;

  it('drives five cases through the sandbox clock into known cohorts', async () => {
    cases.A = await newCase('Ada', '306');
    cases.B = await newCase('Ben', '102');
    cases.C = await newCase('Cy', '306');
    cases.E = await newCase('Eve', '328', '2024-12-31');
    cases.F = await newCase('Fay', '102', '2023-08-31');
    const { A, B, C, E } = cases;
    expect((await ok(stack.http.get(`/api/v1/applications/${A.id}`))).activities[0]).toMatchObject({ code: '306', trainingType: '09' });

    await advance('2023-03-10T20:00:00Z');
    for (const c of [A, B, C]) await close(c, '2023-03-10');
    await ok(
      stack.http.post(`/api/v1/applications/${A.id}/credentials`, {
        type: '5',
        attainedOn: '2023-03-09',
        activityId: A.activityId,
        verification: { method: 'copy_in_case_file' },
      }),
      201,
    );

    await advance('2023-03-15T20:00:00Z');
    // R-EXCL-1 (amended): 06 is refused; 02 ends the case at once.
    const refused = await stack.http.post(`/api/v1/applications/${C.id}/exclusionary-exit`, {
      reason: '06',
      documentationRef: 'DOC-1',
      caseNote: 'Ineligible.',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('EXCLUSION_REASON_NOT_ALLOWED');
    await ok(stack.http.post(`/api/v1/applications/${C.id}/exclusionary-exit`, { reason: '02', documentationRef: 'DOC-1', caseNote: 'Medical.' }));

    await advance('2023-08-01T20:00:00Z');
    await close(cases.F, '2023-08-01');
    expect(await status(A)).toBe('exited'); // soft exit 2023-06-09, exit date 2023-03-10

    await advance('2023-09-20T20:00:00Z');
    await complete(A, 2, { actualDate: '2023-09-15', workedInQuarter: true, employers: [{ name: 'Acme', employerId: '123456789', quarterlyEarnings: 9000 }] });
    await complete(B, 2, { actualDate: '2023-09-15', workedInQuarter: false, statusAtFollowUp: 'not_employed' });

    await advance('2024-03-20T20:00:00Z');
    expect(await status(cases.F)).toBe('exited');
    expect(await status(E)).toBe('participating');
  });

  it("R-RPT-9: before the Q4 and F's Q2 follow-ups are done, the data review lists them (FOLLOW_UP_OPEN)", async () => {
    const { A, B, F } = cases;
    const review = await eventually(
      () => stack.http.get('/api/v1/reports/data-quality?period=PY2024Q1&office=LA-2703'),
      (r) => r.status === 200 && r.body.total === 3,
    );
    expect(review.body.items.map((i: any) => [i.applicationId, i.element, i.code]).sort()).toEqual(
      [
        [A.id, '1606', 'FOLLOW_UP_OPEN'],
        [B.id, '1606', 'FOLLOW_UP_OPEN'],
        [F.id, '1602', 'FOLLOW_UP_OPEN'],
      ].sort(),
    );
    expect((await stack.http.get('/api/v1/reports/data-quality?period=PY2024Q1', { token: 'dev-viewer' })).status).toBe(403);
  });

  it('completes the rest and records a skill gain in the window', async () => {
    const { A, E, F } = cases;
    await complete(A, 4, {
      actualDate: '2024-03-15',
      workedInQuarter: true,
      employers: [{ name: 'Acme', employerId: '123456789', hourlyWage: 25, hoursPerWeek: 40 }],
    });
    await complete(F, 2, {
      actualDate: '2024-03-15',
      workedInQuarter: true,
      employers: [{ name: 'Beta', hourlyWage: 20, hoursPerWeek: 40, employmentType: 'registered_apprenticeship' }],
    });
    await advance('2024-07-20T20:00:00Z'); // B's q4 (due 2024-03-31) is missed after the 90-day grace
    await ok(
      stack.http.post(`/api/v1/applications/${E.id}/skill-gains`, {
        type: 'training_milestone',
        achievedOn: '2024-07-15',
        activityId: E.activityId,
        documentationRef: 'Module 3 certificate',
      }),
      201,
    );
  });

  it('R-RPT-1 … R-RPT-7: every indicator of PY2024Q1 for ADULT', async () => {
    const expected = {
      participantsServed: { count: 1 }, // E (A, B, C exited 2023-03-10 and F 2023-08-01: before 2023-10-01)
      participantsExited: { count: 1 }, // F (R−4)
      employmentRateQ2: { numerator: 2, denominator: 3, rate: 0.6667 }, // A, F of A, B, F (C excluded)
      employmentRateQ4: { numerator: 1, denominator: 2, rate: 0.5 }, // A of A, B (B's q4 missed)
      credentialRate: { numerator: 1, denominator: 1, rate: 1 }, // A (training 09); B had no training
      measurableSkillGains: { numerator: 1, denominator: 1, rate: 1 }, // E
      retentionWithSameEmployer: { numerator: 1, denominator: 1, rate: 1 }, // A: 123456789 in q2 and q4
      medianEarningsQ2: { value: 9700, count: 2 }, // A 9,000.00 and F 20 × 40 × 13 = 10,400.00
    };
    const report = await eventually(
      () => stack.http.get('/api/v1/reports/performance?period=PY2024Q1&program=ADULT', { token: 'dev-viewer' }),
      (r) => r.status === 200 && JSON.stringify(r.body.indicators) === JSON.stringify(expected),
      30_000,
    ).catch(async (err) => {
      const last = await stack.http.get('/api/v1/reports/performance?period=PY2024Q1&program=ADULT');
      throw new Error(`${(err as Error).message}: ${JSON.stringify(last.body.indicators)}`);
    });
    expect(report.body).toMatchObject({
      period: 'PY2024Q1',
      program: 'ADULT',
      office: null,
      reportQuarter: { start: '2024-07-01', end: '2024-09-30' },
      cohorts: {
        served: { from: '2023-10-01', to: '2024-09-30' },
        exited: { from: '2023-07-01', to: '2024-06-30' },
        employmentQ2: { from: '2022-10-01', to: '2023-09-30' }, // R − 7 … R − 4
        employmentQ4: { from: '2022-04-01', to: '2023-03-31' }, // R − 9 … R − 6
        skillGains: { from: '2024-07-01', to: '2024-09-30' },
      },
      indicators: expected,
    });
    // Another office sees nothing; YOUTH has no periods here.
    const other = await ok(stack.http.get('/api/v1/reports/performance?period=PY2024Q1&program=ADULT&office=SF-0001'));
    expect(other.indicators.participantsServed.count).toBe(0);
    expect(other.indicators.employmentRateQ2).toEqual({ numerator: 0, denominator: 0, rate: null });
    const bad = await stack.http.get('/api/v1/reports/performance?period=PY2024Q7&program=ADULT');
    expect([bad.status, bad.body.code, bad.body.errors?.[0]?.path]).toEqual([400, 'VALIDATION_FAILED', expect.stringMatching(/period/)]);
    expect((await stack.http.get('/api/v1/reports/performance?period=PY2024Q1&program=TAA')).status).toBe(400);
  });

  it('R-RPT-8: the PIRL export (supervisor only, no-store), field by field', async () => {
    const { A, B, C, E, F } = cases;
    expect((await stack.http.get('/api/v1/reports/pirl?period=PY2024Q1')).status).toBe(403); // staff
    const res = await stack.http.get('/api/v1/reports/pirl?period=PY2024Q1', SUP);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const lines = (res.body as string).trimEnd().split('\n');
    const header = lines[0]!.split(',');
    expect(lines[0]).toBe(
      '100,200,900,901,903,904,905,923,1303,1332,1401,1600,1602,1604,1606,1618,1703,1704,1705,1706,1800,1801,1806,1807,1808,1809,1810,1811,1900,1901',
    );
    const rows = new Map(
      lines.slice(1).map((l) => {
        const f = l.split(',');
        return [f[0]!, Object.fromEntries(header.map((h, i) => [h, f[i]]))];
      }),
    );
    expect([...rows.keys()]).toEqual([A, B, C, E, F].map((c) => c.pirlId).sort());
    expect(rows.get(A.pirlId)).toMatchObject({
      '200': '19850412',
      '900': '20230301',
      '901': '20230310',
      '903': '1',
      '904': '0',
      '905': '0',
      '923': '00',
      '1303': '09',
      '1332': '0',
      '1401': '0',
      '1600': '0',
      '1602': '1',
      '1604': '0',
      '1606': '1',
      '1618': '1',
      '1703': '000000.00',
      '1704': '009000.00',
      '1705': '000000.00',
      '1706': '013000.00',
      '1800': '5',
      '1801': '20230309',
      '1811': '20230301',
      '1900': '',
      '1901': '',
    });
    expect(rows.get(B.pirlId)).toMatchObject({ '901': '20230310', '1303': '00', '1602': '0', '1606': '0', '1618': '0', '1800': '0', '1801': '', '1811': '' });
    expect(rows.get(C.pirlId)).toMatchObject({ '901': '20230310', '923': '02', '1600': '', '1703': '' });
    expect(rows.get(E.pirlId)).toMatchObject({ '901': '', '1303': '06', '1600': '', '1606': '', '1703': '', '1809': '20240715' });
    expect(rows.get(F.pirlId)).toMatchObject({
      '901': '20230801',
      '1600': '0',
      '1602': '2',
      '1604': '9',
      '1606': '9',
      '1618': '',
      '1704': '010400.00',
      '1705': '999999.99',
    });
    const badPeriod = await stack.http.get('/api/v1/reports/pirl?period=2024', SUP);
    expect([badPeriod.status, badPeriod.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
