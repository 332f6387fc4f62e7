/**
 * SPEC §10 on real PostgreSQL, below the HTTP layer: the report SQL on projection rows written directly
 * (the edges the end-to-end test does not reach: YOUTH's education success, OJT out of the credential
 * rate, an exclusionary exit out of skill gains, unknown earnings, the data review's codes, offices,
 * paging), and the migration's backfill of the report columns from views projected before §10, which
 * must equal what the projection now writes (src/activities/projection-rows.ts).
 */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/client';
import { createTestDatabase, type TestDatabase } from '../../src/db/test-database';
import { DEFAULT_MIGRATIONS_DIR, applyMigrations } from '../../src/db/migrate';
import { FederalReports } from '../../src/api/services/federal-reports';
import { followUpRow } from '../../src/activities/projection-rows';
import type { FollowUpView } from '../../src/workflows/application/contract';

async function sql(url: string, text: string, params: unknown[] = []): Promise<any[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

describe('report SQL on projection rows (PY2024Q1: R = Jul–Sep 2024)', () => {
  let database: TestDatabase;
  let db: Db;
  let reports: FederalReports;

  const app = (
    id: string,
    o: { programs: string[]; office?: string; participation: string; exit?: string; exitType?: 'soft' | 'exclusionary'; edu?: string },
  ) => `
    INSERT INTO participants (id, first_name, last_name, birth_date, created_by) VALUES (md5('${id}')::uuid, '${id}', 'T', '1990-01-01', 't');
    INSERT INTO applications (id, participant_id, programs, office, status, participation_date, exit_type, exit_date, exit_reason, education_at_participation, view, version)
    VALUES ('${id}', md5('${id}')::uuid, ARRAY[${o.programs.map((p) => `'${p}'`).join(',')}], '${o.office ?? 'Y'}', 'x', '${o.participation}',
      ${o.exitType ? `'${o.exitType}'` : 'NULL'}, ${o.exit ? `'${o.exit}'` : 'NULL'}, ${o.exitType === 'exclusionary' ? `'02'` : 'NULL'}, '${o.edu ?? 'none'}', '{}', 1);`;
  const fu = (id: string, q: number, code: string, o: { earnings?: number | null; employers?: string[]; inEducation?: boolean; status?: string } = {}) => `
    INSERT INTO follow_ups (application_id, quarter, period_start, period_end, due_date, status, employment_code, earnings, employer_ids, in_education)
    VALUES ('${id}', ${q}, '2023-04-01', '2023-06-30', '2023-06-30', '${o.status ?? (code === '9' ? 'required' : 'completed')}', '${code}',
      ${o.earnings === undefined || o.earnings === null ? 'NULL' : o.earnings}, ARRAY[${(o.employers ?? []).map((e) => `'${e}'`).join(',')}]::text[], ${o.inEducation ?? false});`;
  const training = (id: string, program: string, type: string | null, begin = '2023-01-10', end: string | null = '2023-02-15') => `
    INSERT INTO activities (id, application_id, code, program, status, actual_begin_date, actual_end_date, category, training_type)
    VALUES ('${id}-t', '${id}', '328', '${program}', 'closed', '${begin}', ${end ? `'${end}'` : 'NULL'}, 'training', ${type ? `'${type}'` : 'NULL'});`;

  beforeAll(async () => {
    database = await createTestDatabase('federal_reports');
    db = createDb(database.url);
    reports = new FederalReports(db);
    await sql(
      database.url,
      [
        // Y1: YOUTH, secondary at participation, no training; q2 in education (a success for YOUTH), q4 employed with unknown earnings.
        app('Y1', { programs: ['YOUTH'], participation: '2023-01-05', exit: '2023-02-15', exitType: 'soft', edu: 'secondary' }),
        fu('Y1', 2, '0', { inEducation: true }),
        fu('Y1', 4, '1', { earnings: null }),
        // Y2: YOUTH, OJT (01) only: out of the credential rate; not employed.
        app('Y2', { programs: ['YOUTH'], participation: '2023-01-05', exit: '2023-02-15', exitType: 'soft' }),
        training('Y2', 'YOUTH', '01'),
        fu('Y2', 2, '0'),
        fu('Y2', 4, '0'),
        // Y3: YOUTH exclusionary exit in the cohorts: left out of every exit-based indicator.
        app('Y3', { programs: ['YOUTH'], participation: '2023-01-05', exit: '2023-02-15', exitType: 'exclusionary', edu: 'secondary' }),
        // Y4: YOUTH, postsecondary, excluded in W's program year (2024-08-01): out of skill gains.
        app('Y4', { programs: ['YOUTH'], participation: '2024-01-02', exit: '2024-08-01', exitType: 'exclusionary', edu: 'postsecondary' }),
        // Y5: YOUTH, postsecondary, participating; a type 1 credential in W counts as a gain.
        app('Y5', { programs: ['YOUTH'], participation: '2024-01-02', edu: 'postsecondary' }),
        `INSERT INTO credentials (id, application_id, type, attained_on, activity_id, verification_method, recorded_by, recorded_at, entered_on, late, counts_for_credential_rate)
         VALUES ('Y5-c', 'Y5', '1', '2024-07-10', 'x', 'copy_in_case_file', 't', now(), '2024-07-10', false, NULL);`,
        // A1: ADULT in office X, training without a type (in the credential rate, listed by the review);
        // employed in q2 without an employer id and in q4 with one: not retained, EMPLOYER_ID_MISSING.
        app('A1', { programs: ['ADULT'], office: 'X', participation: '2023-01-05', exit: '2023-02-15', exitType: 'soft' }),
        training('A1', 'ADULT', null),
        fu('A1', 2, '1', { earnings: 4000.5 }),
        fu('A1', 4, '1', { earnings: 4100, employers: ['111111111'] }),
        // A2: ADULT, employed in q2 (3000) and q4 at the same employer; an OJT and an 06 training: in the credential rate.
        app('A2', { programs: ['ADULT'], participation: '2023-01-05', exit: '2023-02-15', exitType: 'soft' }),
        training('A2', 'ADULT', '06'),
        fu('A2', 2, '2', { earnings: 3000, employers: ['222222222'] }),
        fu('A2', 4, '1', { earnings: 3100, employers: ['222222222'] }),
        `INSERT INTO credentials (id, application_id, type, attained_on, activity_id, verification_method, recorded_by, recorded_at, entered_on, late, counts_for_credential_rate)
         VALUES ('A2-c', 'A2', '5', '2023-02-10', 'A2-t', 'copy_in_case_file', 't', now(), '2023-02-12', false, true);`,
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('R-RPT-3 (YOUTH): education counts as a success; R-RPT-4: OJT is out of the credential rate, secondary at participation is in; R-RPT-2: the exclusion is out', async () => {
    const r = await reports.performance({ period: 'PY2024Q1', program: 'YOUTH' });
    expect(r.indicators.employmentRateQ2).toEqual({ numerator: 1, denominator: 2, rate: 0.5 }); // Y1 (education) of Y1, Y2
    expect(r.indicators.employmentRateQ4).toEqual({ numerator: 1, denominator: 2, rate: 0.5 }); // Y1 employed
    expect(r.indicators.credentialRate).toEqual({ numerator: 0, denominator: 1, rate: 0 }); // Y1 only (Y2's training is OJT)
    expect(r.indicators.medianEarningsQ2).toEqual({ value: null, count: 0 });
    expect(r.indicators.retentionWithSameEmployer).toEqual({ numerator: 0, denominator: 0, rate: null });
  });

  it("R-RPT-5: a type 1 credential in W is a gain; an exclusionary exit in W's program year is out; R-RPT-1 served counts the exclusion", async () => {
    const r = await reports.performance({ period: 'PY2024Q1', program: 'YOUTH' });
    expect(r.indicators.measurableSkillGains).toEqual({ numerator: 1, denominator: 1, rate: 1 }); // Y5 (Y4 excluded)
    expect(r.indicators.participantsServed.count).toBe(2); // Y4 (exit 2024-08-01) and Y5
  });

  it('R-RPT-3 median of the known Q2 earnings; R-RPT-6 retention needs the same employer id; R-RPT-4 a training without a type is in', async () => {
    const r = await reports.performance({ period: 'PY2024Q1', program: 'ADULT' });
    expect(r.indicators.employmentRateQ2).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(r.indicators.medianEarningsQ2).toEqual({ value: 3500.25, count: 2 });
    expect(r.indicators.retentionWithSameEmployer).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect(r.indicators.credentialRate).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    const x = await reports.performance({ period: 'PY2024Q1', program: 'ADULT', office: 'X' });
    expect(x.indicators.employmentRateQ2.denominator).toBe(1);
    const scoped = await reports.performance({ period: 'PY2024Q1', program: 'ADULT', scope: ['Y'] });
    expect(scoped.indicators.employmentRateQ2.denominator).toBe(1); // A2 only
  });

  it('R-RPT-9: every code, by office, paged', async () => {
    const all = await reports.dataQuality({ period: 'PY2024Q1', limit: 100, offset: 0 });
    expect(all.items.map((i) => [i.applicationId, i.element, i.code])).toEqual([
      ['A1', '1303', 'TRAINING_TYPE_MISSING'],
      ['A1', '1618', 'EMPLOYER_ID_MISSING'],
      ['Y1', '1706', 'EARNINGS_MISSING'],
    ]);
    const x = await reports.dataQuality({ period: 'PY2024Q1', office: 'X', limit: 1, offset: 1 });
    expect(x).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ applicationId: 'A1', code: 'EMPLOYER_ID_MISSING' }] });
    expect(await reports.dataQuality({ period: 'PY2024Q1', office: 'X', limit: 10, offset: 5 })).toMatchObject({ total: 2, items: [] });
  });
});

describe('the reporting_projection migration backfills views projected before §10', () => {
  const MIGRATION = '20261206060430_reporting_projection';
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase('reporting_backfill', { migrate: false });
    dir = await mkdtemp(path.join(os.tmpdir(), 'wioa-migrations-'));
    for (const e of await readdir(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })) {
      if (e.isDirectory() && e.name < MIGRATION) await cp(path.join(DEFAULT_MIGRATIONS_DIR, e.name), path.join(dir, e.name), { recursive: true });
    }
    await cp(path.join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'));
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("follow-up codes, earnings, employer ids and education equal the projection's; activities get their category and type; participants a PIRL id", async () => {
    const completion = (c: Record<string, unknown>) => ({
      actualDate: '2024-05-01',
      contactType: 'phone',
      recordedBy: 's',
      late: false,
      workedInQuarter: false,
      employers: [],
      ...c,
    });
    const followUps: FollowUpView[] = [
      {
        quarter: 1,
        periodStart: '2024-04-01',
        periodEnd: '2024-06-30',
        dueDate: '2024-06-30',
        status: 'completed',
        contactAttempts: [],
        completion: completion({
          workedInQuarter: true,
          employers: [
            { name: 'A', hourlyWage: 17.35, hoursPerWeek: 32 },
            { name: 'B', quarterlyEarnings: 1234.565, employerId: '123456789', employmentType: 'military' },
          ],
        }) as never,
      },
      {
        quarter: 2,
        periodStart: '2024-07-01',
        periodEnd: '2024-09-30',
        dueDate: '2024-09-30',
        status: 'completed',
        contactAttempts: [],
        completion: completion({ workedInQuarter: true, employers: [{ name: 'C', hourlyWage: 20 }], youthPlacementCode: '2' }) as never,
      },
      {
        quarter: 3,
        periodStart: '2024-10-01',
        periodEnd: '2024-12-31',
        dueDate: '2024-12-31',
        status: 'completed',
        contactAttempts: [],
        completion: completion({ statusAtFollowUp: 'cannot_locate', education: { enrolled: true, type: 'secondary' } }) as never,
      },
      { quarter: 4, periodStart: '2025-01-01', periodEnd: '2025-03-31', dueDate: '2025-03-31', status: 'overdue', contactAttempts: [] },
    ];
    const view = {
      id: 'old-1',
      exit: { type: 'soft', exitDate: '2024-01-10', exitedAt: '2024-04-10T07:00:00.000Z' },
      activities: [
        { id: 'act-1', category: 'training' },
        { id: 'act-2', category: 'career_staff_assisted' },
      ],
      followUps,
    };
    await applyMigrations(db.url, { migrationsDir: dir });
    await sql(
      db.url,
      `INSERT INTO participants (id, first_name, last_name, birth_date, created_by) VALUES ('00000000-0000-4000-8000-000000000001', 'A', 'B', '1990-01-01', 's');
       INSERT INTO applications (id, participant_id, programs, office, status, view, version, exit_type, exit_date) VALUES ('old-1', '00000000-0000-4000-8000-000000000001', ARRAY['ADULT'], 'X', 'exited', $1, 3, 'soft', '2024-01-10');
       INSERT INTO activities (id, application_id, code, program, status) VALUES ('act-1', 'old-1', '328', 'ADULT', 'closed'), ('act-2', 'old-1', '102', 'ADULT', 'closed');`.replace(
        '$1',
        `'${JSON.stringify(view).replace(/'/g, "''")}'`,
      ),
    );
    for (const f of followUps) {
      await sql(db.url, `INSERT INTO follow_ups (application_id, quarter, period_start, period_end, due_date, status) VALUES ('old-1', $1, $2, $3, $4, $5)`, [
        f.quarter,
        f.periodStart,
        f.periodEnd,
        f.dueDate,
        f.status,
      ]);
    }
    await applyMigrations(db.url); // the full history
    const rows = await sql(
      db.url,
      `SELECT quarter, employment_code, earnings::float8 AS earnings, employer_ids, in_education, youth_placement_code FROM follow_ups ORDER BY quarter`,
    );
    expect(rows).toEqual(
      followUps.map((f) => {
        const r = followUpRow(f);
        return {
          quarter: f.quarter,
          employment_code: r.employmentCode,
          earnings: r.earnings,
          employer_ids: r.employerIds,
          in_education: r.inEducation,
          youth_placement_code: r.youthPlacementCode,
        };
      }),
    );
    expect(rows.map((r) => r.employment_code)).toEqual(['1', '1', '0', '9']);
    expect(await sql(db.url, `SELECT id, category, training_type FROM activities ORDER BY id`)).toEqual([
      { id: 'act-1', category: 'training', training_type: '06' },
      { id: 'act-2', category: 'career_staff_assisted', training_type: null },
    ]);
    const [p] = await sql(db.url, 'SELECT pirl_id FROM participants');
    expect(p.pirl_id).toMatch(/^[0-9A-Z]{12}$/);
  });
});
