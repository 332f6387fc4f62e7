/**
 * The projection activity (persistApplication) on real PostgreSQL: it writes only new and changed
 * activity, follow-up and alert rows (a batch costs the same few statements however many services a
 * case has), and the rows always match the latest view it applied.
 */
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createDb, type Db } from '../../src/db/client';
import { createTestDatabase, type TestDatabase } from '../../src/db/test-database';
import { createProjectionActivities, type PersistBatch } from '../../src/activities/projection';
import { createLogger } from '../../src/logger';
import type { ActivityView, ApplicationView, FollowUpView } from '../../src/workflows/application/contract';
import type { Alert } from '../../src/domain/alerts';

let database: TestDatabase;
let db: Db;
let statements = 0;
let persist: (batch: PersistBatch) => Promise<{ applied: boolean }>;

beforeAll(async () => {
  database = await createTestDatabase('projection');
  db = createDb(database.url);
  const counted = db.$extends({
    query: {
      $allOperations: ({ args, query }) => {
        statements += 1;
        return query(args);
      },
    },
  }) as unknown as Db;
  const { persistApplication } = createProjectionActivities({ db: counted, logger: createLogger('silent') });
  const env = new MockActivityEnvironment();
  persist = (batch) => env.run(persistApplication, batch);
});

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const activity = (id: string, status: ActivityView['status'] = 'open'): ActivityView => ({
  id,
  code: '104',
  title: 'Workshop',
  category: 'career_staff_assisted',
  program: 'ADULT',
  status,
  actualBeginDate: '2024-01-04',
  projectedBeginDate: null,
  projectedEndDate: '2024-01-10',
  actualEndDate: status === 'closed' ? '2024-01-10' : null,
  completionCode: status === 'closed' ? 'successful' : null,
  provider: null,
  restartsExitClock: true,
  createdBy: 'S-1',
  createdAt: '2024-01-04T18:00:00.000Z',
});

const followUp = (quarter: number, attempts = 0): FollowUpView => ({
  quarter,
  periodStart: '2024-04-01',
  periodEnd: '2024-06-30',
  dueDate: '2024-06-30',
  status: 'required',
  contactAttempts: Array.from({ length: attempts }, (_, i) => ({
    date: '2024-05-01',
    time: `10:0${i}`,
    type: 'phone',
    outcome: 'no_answer',
    recordedBy: 'S-1',
  })),
});

const alert = (type: Alert['type'], subjectKey: string, detail: Alert['detail'] = {}): Alert => ({ type, subjectKey, since: '2024-01-10', detail });

async function newCase(): Promise<ApplicationView> {
  const participantId = randomUUID();
  await db.participant.create({ data: { id: participantId, firstName: 'P', lastName: 'Q', birthDate: new Date('1980-01-01T00:00:00Z'), createdBy: 'S-1' } });
  return {
    id: `app-${randomUUID()}`,
    participantId,
    programs: ['ADULT'],
    office: 'LA-2703',
    caseManagerId: 'S-1',
    status: 'participating',
    eligibilityDate: '2024-01-02',
    participationDate: '2024-01-03',
    educationAtParticipation: 'none',
    lastServiceDate: null,
    exitClock: { state: 'blocked', softExitDate: null, softExitAt: null, daysRemaining: null },
    plannedBreak: null,
    activities: [],
    closure: null,
    exit: null,
    followUps: [],
    assessment: { status: 'not_started', sections: [], completedOn: null },
    plans: [],
    credentials: [],
    skillGains: [],
    version: 1,
    createdAt: '2024-01-02T18:00:00.000Z',
    updatedAt: '2024-01-10T18:00:00.000Z',
  };
}

/** Sends the view as the next version; returns the statements the batch took. */
async function next(view: ApplicationView, alerts?: Alert[]): Promise<number> {
  view.version += 1;
  const before = statements;
  const { applied } = await persist({ view: JSON.parse(JSON.stringify(view)) as ApplicationView, caseNotes: [], audit: [], ...(alerts ? { alerts } : {}) });
  expect(applied).toBe(true);
  return statements - before;
}

const activityRows = (id: string) => db.activity.findMany({ where: { applicationId: id }, orderBy: { id: 'asc' } });

describe('persistApplication writes only what changed', () => {
  it('activities: new rows inserted, a changed one updated, unchanged ones untouched; statements do not grow with services', async () => {
    const view = await newCase();
    view.activities = Array.from({ length: 50 }, (_, i) => activity(`${view.id}-a${String(i).padStart(2, '0')}`, 'closed'));
    await next(view, []);
    const first = await activityRows(view.id);
    expect(first).toHaveLength(50);

    view.activities.push(activity(`${view.id}-a50`));
    const small = await next(view, []);
    view.activities[50] = activity(`${view.id}-a50`, 'closed');
    view.activities.push(activity(`${view.id}-a51`));
    for (let i = 52; i < 250; i += 1) view.activities.push(activity(`${view.id}-a${i}`, 'closed'));
    await next(view, []);
    view.activities.push(activity(`${view.id}-a250`));
    const large = await next(view, []);
    expect(large).toBe(small); // the same statements with 51 or 251 services

    const rows = await activityRows(view.id);
    expect(rows).toHaveLength(251);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(`${view.id}-a50`)).toMatchObject({ status: 'closed', completionCode: 'successful', actualEndDate: new Date('2024-01-10T00:00:00Z') });
    expect(byId.get(`${view.id}-a250`)).toMatchObject({ status: 'open', completionCode: null, actualEndDate: null });
    // Unchanged rows were not rewritten (updatedAt is set by every update).
    for (const r of first) expect(byId.get(r.id)!.updatedAt).toEqual(r.updatedAt);
  });

  it('an older version changes nothing', async () => {
    const view = await newCase();
    view.activities = [activity(`${view.id}-a0`)];
    await next(view, []);
    const stale = { ...view, version: view.version - 1, activities: [activity(`${view.id}-a0`, 'closed')] };
    const { applied } = await persist({ view: stale, caseNotes: [], audit: [] });
    expect(applied).toBe(false);
    expect((await activityRows(view.id))[0]).toMatchObject({ status: 'open' });
  });

  it('follow-ups: a changed quarter is updated, unchanged ones are not rewritten', async () => {
    const view = await newCase();
    view.followUps = [followUp(1), followUp(2)];
    await next(view, []);
    const before = await db.followUp.findMany({ where: { applicationId: view.id }, orderBy: { quarter: 'asc' } });
    view.followUps = [followUp(1, 2), followUp(2)];
    await next(view, []);
    const after = await db.followUp.findMany({ where: { applicationId: view.id }, orderBy: { quarter: 'asc' } });
    expect(after[0]!.contactAttempts).toEqual(view.followUps[0]!.contactAttempts);
    expect(after[0]!.updatedAt.getTime()).toBeGreaterThanOrEqual(before[0]!.updatedAt.getTime());
    expect(after[1]!.updatedAt).toEqual(before[1]!.updatedAt);
  });

  it('alerts: opened, detail updated, resolved, reopened (raisedAt kept), and reassigned with the case manager', async () => {
    const view = await newCase();
    await next(view, [alert('case_note_due', ''), alert('exit_approaching', '', { softExitDate: '2024-04-10' })]);
    const rows = () => db.alert.findMany({ where: { applicationId: view.id }, orderBy: { type: 'asc' } });
    const opened = await rows();
    expect(opened.map((a) => [a.type, a.status, a.caseManagerId])).toEqual([
      ['case_note_due', 'open', 'S-1'],
      ['exit_approaching', 'open', 'S-1'],
    ]);

    view.updatedAt = '2024-01-12T18:00:00.000Z';
    await next(view, [alert('exit_approaching', '', { softExitDate: '2024-04-11' })]);
    let now = await rows();
    expect(now[0]).toMatchObject({ type: 'case_note_due', status: 'resolved', resolvedAt: new Date('2024-01-12T18:00:00.000Z') });
    expect(now[1]).toMatchObject({ type: 'exit_approaching', status: 'open', detail: { softExitDate: '2024-04-11', since: '2024-01-10' } });

    view.updatedAt = '2024-01-20T18:00:00.000Z';
    await next(view, [alert('case_note_due', '')]);
    now = await rows();
    expect(now[0]).toMatchObject({ status: 'open', resolvedAt: null, raisedAt: opened[0]!.raisedAt });
    expect(now[1]).toMatchObject({ status: 'resolved', resolvedAt: new Date('2024-01-20T18:00:00.000Z') });

    // The same alerts again: nothing to write (application row, activity and alert reads only).
    const quiet = await next(view, [alert('case_note_due', '')]);
    expect(await rows()).toEqual(now);
    expect(quiet).toBeLessThanOrEqual(3);

    view.caseManagerId = 'S-2';
    await next(view, [alert('case_note_due', '')]);
    expect((await rows()).map((a) => [a.type, a.status, a.caseManagerId])).toEqual([
      ['case_note_due', 'open', 'S-2'],
      ['exit_approaching', 'resolved', 'S-2'],
    ]);
  });
});

describe('§8 outcomes (R-CRED-1, R-CRED-4, R-MSG-1)', () => {
  const credential = (id: string, countsForCredentialRate: boolean | null) => ({
    id,
    type: '1' as const,
    attainedOn: '2024-03-01',
    activityId: 'A-1',
    verification: { method: 'verified' as const, hasDocumentationRef: true },
    recordedBy: 'S-1',
    countsForCredentialRate,
    enteredOn: '2024-03-04',
    late: false,
    recordedAt: '2024-03-04T18:00:00.000Z',
  });
  const gain = (id: string) => ({
    id,
    type: 'training_milestone' as const,
    achievedOn: '2024-03-01',
    programYear: 'PY2023' as const,
    activityId: 'A-1',
    recordedBy: 'S-1',
    enteredOn: '2024-03-04',
    late: false,
    recordedAt: '2024-03-04T18:00:00.000Z',
    documentationRef: 'Milestone sheet',
  });

  it('R-CRED-1 / R-MSG-1 each row is written once with its documentation reference, however often the batch is retried; R-CRED-4 the rate follows the newer view only', async () => {
    const view = await newCase();
    const c = credential(`${view.id}-c1`, null);
    view.credentials = [c];
    view.skillGains = [gain(`${view.id}-g1`)].map(({ documentationRef: _r, ...g }) => g);
    view.version += 1;
    const outcomes = { credentials: [{ ...c, documentationRef: 'Diploma in drawer 4' }], skillGains: [gain(`${view.id}-g1`)] };
    const batch = { view: structuredClone(view), caseNotes: [], audit: [], outcomes };
    expect((await persist(batch)).applied).toBe(true);
    expect((await persist(structuredClone(batch))).applied).toBe(false); // retried: the same version
    const rows = await db.credential.findMany({ where: { applicationId: view.id } });
    expect(rows.map((r) => [r.id, r.documentationRef, r.countsForCredentialRate])).toEqual([[c.id, 'Diploma in drawer 4', null]]);
    expect((await db.skillGain.findMany({ where: { applicationId: view.id } })).map((g) => [g.programYear, g.documentationRef])).toEqual([
      ['PY2023', 'Milestone sheet'],
    ]);

    view.credentials = [credential(c.id, true)];
    await next(view);
    expect((await db.credential.findUniqueOrThrow({ where: { id: c.id } })).countsForCredentialRate).toBe(true);
    const stale = { ...structuredClone(view), version: view.version - 1, credentials: [credential(c.id, false)] };
    expect((await persist({ view: stale, caseNotes: [], audit: [] })).applied).toBe(false);
    expect((await db.credential.findUniqueOrThrow({ where: { id: c.id } })).countsForCredentialRate).toBe(true);
    expect(await db.credential.count({ where: { applicationId: view.id } })).toBe(1);
  });
});
