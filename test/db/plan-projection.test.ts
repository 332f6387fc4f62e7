/**
 * §8 projection on real PostgreSQL (src/activities/plan-projection.ts through persistApplication):
 * plan, goal, objective and service rows follow the latest view; the outbox's text lands once, even
 * when a batch is retried; an older view or record never moves a row backwards.
 */
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createDb, type Db } from '../../src/db/client';
import { createTestDatabase, type TestDatabase } from '../../src/db/test-database';
import { createProjectionActivities, type PersistBatch } from '../../src/activities/projection';
import { createLogger } from '../../src/logger';
import type { ApplicationView } from '../../src/workflows/application/contract';
import type { PendingPlanRecord } from '../../src/workflows/application/projection-contract';
import type { PlanView } from '../../src/domain/employment-plans';

let database: TestDatabase;
let db: Db;
let persist: (batch: PersistBatch) => Promise<{ applied: boolean }>;

beforeAll(async () => {
  database = await createTestDatabase('plan_projection');
  db = createDb(database.url);
  const { persistApplication } = createProjectionActivities({ db, logger: createLogger('silent') });
  const env = new MockActivityEnvironment();
  persist = (batch) => env.run(persistApplication, batch);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

const rec = { enteredOn: '2024-02-20', late: false, recordedBy: 'S-1' };
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
    participationDate: '2024-02-01',
    educationAtParticipation: 'none',
    lastServiceDate: null,
    exitClock: { state: 'blocked', softExitDate: null, softExitAt: null, daysRemaining: null },
    plannedBreak: null,
    activities: [],
    closure: null,
    exit: null,
    followUps: [],
    credentials: [],
    skillGains: [],
    assessment: { status: 'not_started', sections: [], completedOn: null },
    plans: [],
    version: 1,
    createdAt: '2024-02-01T18:00:00.000Z',
    updatedAt: '2024-02-20T18:00:00.000Z',
  };
}
const plan = (id: string): PlanView => ({
  id,
  kind: 'IEP',
  startDate: '2024-02-15',
  office: 'LA-2703',
  status: 'open',
  closedOn: null,
  closedReason: null,
  closure: null,
  ...rec,
  services: [{ activityId: 'a205', code: '205', title: 'Development of IEP/ISS/EDP' }],
  goals: [
    {
      id: `${id}-g1`,
      type: 'employment',
      term: 'long_term',
      status: 'open',
      dateEstablished: '2024-02-16',
      estimatedCompletionDate: '2024-08-01',
      actualCompletionDate: null,
      program: 'ADULT',
      completion: null,
      ...rec,
      objectives: [{ id: `${id}-o1`, status: 'open', dateEstablished: '2024-02-16', reviewDate: '2024-03-05', program: 'ADULT', reviews: [], ...rec }],
    },
  ],
});
const batch = (view: ApplicationView, planRecords?: PendingPlanRecord[]): PersistBatch => ({
  view: structuredClone(view),
  caseNotes: [],
  audit: [],
  ...(planRecords ? { planRecords } : {}),
});

describe('the §8 projection (R-OAS-1, R-IEP-1 … R-IEP-5)', () => {
  it('R-IEP-1 R-IEP-2 R-IEP-3 R-IEP-4: rows from the view, descriptions and reviews from the outbox; a retried batch writes nothing twice', async () => {
    const view = await newCase();
    await persist(batch(view));
    const p = plan(`p-${randomUUID()}`);
    view.plans = [p];
    view.version = 2;
    const records: PendingPlanRecord[] = [
      { kind: 'goal_description', planId: p.id, goalId: p.goals[0]!.id, description: 'Welder.' },
      { kind: 'objective_description', planId: p.id, objectiveId: p.goals[0]!.objectives[0]!.id, description: 'Course.' },
      {
        kind: 'objective_review',
        id: `r-${p.id}`,
        planId: p.id,
        objectiveId: p.goals[0]!.objectives[0]!.id,
        reviewedOn: '2024-02-20',
        status: 'open',
        nextReviewDate: '2024-03-20',
        note: 'On track.',
        ...rec,
        recordedAt: '2024-02-20T18:00:00.000Z',
      },
    ];
    await persist(batch(view, records));
    await persist(batch(view, records)); // a retry: same rows
    expect(await db.plan.findUnique({ where: { id: p.id } })).toMatchObject({
      applicationId: view.id,
      kind: 'IEP',
      status: 'open',
      late: false,
      recordedBy: 'S-1',
    });
    expect(await db.planGoal.findMany({ where: { planId: p.id } })).toEqual([expect.objectContaining({ description: 'Welder.', status: 'open' })]);
    expect(await db.planObjective.findMany({ where: { planId: p.id } })).toEqual([
      expect.objectContaining({ description: 'Course.', reviewDate: new Date('2024-03-05T00:00:00Z') }),
    ]);
    expect(await db.planObjectiveReview.findMany({ where: { planId: p.id } })).toEqual([
      expect.objectContaining({ note: 'On track.', nextReviewDate: new Date('2024-03-20T00:00:00Z') }),
    ]);
    expect(await db.planService.findMany({ where: { planId: p.id } })).toEqual([expect.objectContaining({ code: '205' })]);
    // R-TIMELY-3: the plan's entries are counted by the timeliness report.
    expect((await db.timedEntry.findMany({ where: { applicationId: view.id, kind: 'plan_entry' } })).map((e) => e.entryId).sort()).toEqual(
      [`goal:${p.goals[0]!.id}`, `objective:${p.goals[0]!.objectives[0]!.id}`, `plan:${p.id}`].sort(),
    );

    // R-IEP-5: the plan closes; an older view afterwards changes nothing.
    const closed = structuredClone(view);
    closed.version = 3;
    closed.plans[0]!.status = 'closed';
    closed.plans[0]!.closedOn = '2024-02-27';
    closed.plans[0]!.closedReason = 'exit';
    closed.plans[0]!.goals[0]!.status = 'cancelled';
    await persist(batch(closed));
    expect((await persist(batch(view))).applied).toBe(false);
    expect(await db.plan.findUnique({ where: { id: p.id } })).toMatchObject({
      status: 'closed',
      closedReason: 'exit',
      closedOn: new Date('2024-02-27T00:00:00Z'),
    });
    expect((await db.planGoal.findFirst({ where: { planId: p.id } }))?.status).toBe('cancelled');
    expect((await db.planGoal.findFirst({ where: { planId: p.id } }))?.description).toBe('Welder.');
  });

  it('R-OAS-1: a section is upserted with its summary; an older record never overwrites a newer one', async () => {
    const view = await newCase();
    await persist(batch(view));
    const section = (summary: string, at: string): PendingPlanRecord => ({
      kind: 'assessment_section',
      section: 'barriers',
      status: 'complete',
      summary,
      updatedAt: at,
      updatedBy: 'S-1',
    });
    view.version = 2;
    await persist(batch(view, [section('First.', '2024-02-20T18:00:00.000Z'), section('Second.', '2024-02-21T18:00:00.000Z')]));
    view.version = 3;
    await persist(batch(view, [section('Stale retry.', '2024-02-20T18:00:00.000Z')]));
    expect(await db.assessmentSection.findMany({ where: { applicationId: view.id } })).toEqual([
      expect.objectContaining({ section: 'barriers', summary: 'Second.' }),
    ]);
  });
});
