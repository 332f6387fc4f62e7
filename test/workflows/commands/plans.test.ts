/**
 * The Individual Employment Plan / Individual Service Strategy on plain state (R-IEP-1 … R-IEP-5):
 * create, goals, objectives and reviews, linked services, close, and the close an exit makes.
 * Descriptions and notes are PII: the outbox carries them to PostgreSQL; the view and audit never do.
 */
import { ASSESSMENT_SECTIONS } from '../../../src/domain/assessment';
import type { ApplicationState } from '../../../src/workflows/application/state';
import { datedEntries } from '../../../src/workflows/application/commands/corrections';
import {
  assessAll,
  commands,
  entry,
  flush,
  iso,
  newState,
  nextCommandId,
  onDay,
  participating,
  refuse,
  run,
  softExit,
  softExitAt,
  supervisor,
  view,
} from './harness';

const { createPlan, addPlanGoal, completePlanGoal, addPlanObjective, reviewPlanObjective, linkPlanService, closePlan } = commands;
const { addActivity, closeActivity, recordAssessmentSection, recordExclusionaryExit } = commands;

const NOW = onDay('2024-02-20');
const newPlan = { startDate: '2024-02-15', office: 'LA-2703' };

/** Participating since 2024-02-01 with a 205 activity, the assessment complete (on 2024-02-20). */
function ready(o: { code?: string; programs?: ('ADULT' | 'YOUTH')[] } = {}): { state: ApplicationState; a205: string } {
  const program = o.programs?.[0] ?? 'ADULT';
  const c = participating({
    participationDate: '2024-02-01',
    code: o.code ?? '205',
    program,
    now: NOW,
    ...(o.programs ? { input: { programs: o.programs } } : {}),
  });
  assessAll(c.state, NOW);
  flush(c.state);
  return { state: c.state, a205: c.activityId };
}

function withPlan() {
  const r = ready();
  const planId = run(createPlan, r.state, newPlan, { now: NOW }).plan!.id;
  flush(r.state);
  return { ...r, planId };
}

const goal = (planId: string, over: Record<string, unknown> = {}) => ({
  planId,
  type: 'employment' as const,
  term: 'long_term' as const,
  description: 'Become a certified welder: secret-goal-text',
  dateEstablished: '2024-02-15',
  estimatedCompletionDate: '2024-08-01',
  program: 'ADULT' as const,
  ...over,
});

const objective = (planId: string, goalId: string, over: Record<string, unknown> = {}) => ({
  planId,
  goalId,
  description: 'Enroll in the welding class: secret-objective-text',
  dateEstablished: '2024-02-15',
  reviewDate: '2024-03-01',
  program: 'ADULT' as const,
  ...over,
});

const planOf = (state: ApplicationState, planId: string) => state.plans!.find((p) => p.id === planId)!;

describe('createPlan (R-IEP-1)', () => {
  it('R-IEP-1: a plan (IEP) starts open with the 205 activity as its first service; entered on time (R-TIMELY-1, Presidents’ Day not counted)', () => {
    const { state, a205 } = ready();
    const commandId = nextCommandId();
    const res = run(createPlan, state, newPlan, { now: NOW });
    const planId = res.plan!.id;
    const plan = {
      id: planId,
      kind: 'IEP',
      startDate: '2024-02-15',
      office: 'LA-2703',
      status: 'open',
      closedOn: null,
      closedReason: null,
      goals: [],
      services: [{ activityId: a205, code: '205', title: 'Development of IEP/ISS/EDP' }],
      enteredOn: '2024-02-20',
      late: false,
      recordedBy: 'S-STAFF-1',
      closure: null,
    };
    expect(state.plans).toEqual([plan]);
    expect(res.plan).toEqual(plan);
    expect(res.application.plans).toEqual([plan]);
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'createPlan',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(NOW),
        summary: { planId, kind: 'IEP', startDate: '2024-02-15', office: 'LA-2703', late: false, iepActivityId: a205 },
      },
    ]);
    expect(state.outbox.planRecords).toEqual([]);
  });

  it('R-IEP-1: a YOUTH application gets an Individual Service Strategy (ISS)', () => {
    const { state } = ready({ programs: ['YOUTH'] });
    expect(run(createPlan, state, newPlan, { now: NOW }).plan!.kind).toBe('ISS');
  });

  it('R-IEP-1: a plan needs a complete assessment, a 205 activity and no other open plan', () => {
    const partial = participating({ participationDate: '2024-02-01', code: '205', now: NOW });
    for (const section of ASSESSMENT_SECTIONS.slice(0, 11))
      run(recordAssessmentSection, partial.state, { section, status: 'complete', summary: 'x' }, { now: NOW });
    run(recordAssessmentSection, partial.state, { section: 'referrals', status: 'incomplete', summary: 'Pending.' }, { now: NOW });
    expect(refuse(createPlan, partial.state, newPlan, { now: NOW })).toBe('ASSESSMENT_INCOMPLETE');

    const without205 = ready({ code: '101' });
    expect(refuse(createPlan, without205.state, newPlan, { now: NOW })).toBe('IEP_ACTIVITY_REQUIRED');

    const { state } = withPlan();
    expect(refuse(createPlan, state, { ...newPlan, startDate: '2024-02-16' }, { now: NOW })).toBe('PLAN_ALREADY_OPEN');
  });

  it('R-IEP-1 dates: the start is an actual date (not in the future, not before participation) and the office is required; before participation NOT_PARTICIPATING', () => {
    const { state } = ready();
    expect(refuse(createPlan, state, { ...newPlan, startDate: '2024-02-21' }, { now: NOW })).toBe('FUTURE_DATE');
    expect(refuse(createPlan, state, { ...newPlan, startDate: '2024-01-31' }, { now: NOW })).toBe('DATE_BEFORE_PARTICIPATION');
    expect(refuse(createPlan, state, { ...newPlan, office: '  ' }, { now: NOW })).toBe('TEXT_REQUIRED');
    expect(refuse(createPlan, newState(), newPlan, { now: NOW })).toBe('NOT_PARTICIPATING');
  });
});

describe('goals and objectives (R-IEP-2, R-IEP-3)', () => {
  it('R-IEP-2: a goal is added open; its description goes to the outbox only', () => {
    const { state, planId } = withPlan();
    const commandId = nextCommandId();
    const res = run(addPlanGoal, state, goal(planId), { now: NOW });
    const goalId = res.goal!.id;
    const added = {
      id: goalId,
      type: 'employment',
      term: 'long_term',
      status: 'open',
      dateEstablished: '2024-02-15',
      estimatedCompletionDate: '2024-08-01',
      actualCompletionDate: null,
      program: 'ADULT',
      enteredOn: '2024-02-20',
      late: false,
      recordedBy: 'S-STAFF-1',
      completion: null,
      objectives: [],
    };
    expect(planOf(state, planId).goals).toEqual([added]);
    expect(res.goal).toEqual(added);
    expect(state.outbox.planRecords).toEqual([{ kind: 'goal_description', planId, goalId, description: 'Become a certified welder: secret-goal-text' }]);
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'addPlanGoal',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(NOW),
        summary: { planId, goalId, type: 'employment', term: 'long_term', dateEstablished: '2024-02-15', late: false },
      },
    ]);
    expect(JSON.stringify(view(state, NOW))).not.toContain('secret-goal-text');
  });

  it('R-IEP-2: a goal is established on or after the plan start, completes on or after that, for an enrolled program', () => {
    const { state, planId } = withPlan();
    const opts = { now: NOW };
    expect(refuse(addPlanGoal, state, goal(planId, { dateEstablished: '2024-02-14' }), opts)).toBe('INVALID_DATE_RANGE');
    expect(refuse(addPlanGoal, state, goal(planId, { estimatedCompletionDate: '2024-02-14' }), opts)).toBe('INVALID_DATE_RANGE');
    expect(refuse(addPlanGoal, state, goal(planId, { dateEstablished: '2024-02-21' }), opts)).toBe('FUTURE_DATE');
    expect(refuse(addPlanGoal, state, goal(planId, { program: 'YOUTH' }), opts)).toBe('PROGRAM_NOT_ENROLLED');
    expect(refuse(addPlanGoal, state, goal(planId, { description: ' ' }), opts)).toBe('TEXT_REQUIRED');
    expect(refuse(addPlanGoal, state, goal('nope'), opts)).toBe('PLAN_NOT_FOUND');
  });

  it('R-IEP-2: an open goal ends achieved or not_achieved on or after it was established; only once (GOAL_NOT_OPEN)', () => {
    const { state, planId } = withPlan();
    const goalId = run(addPlanGoal, state, goal(planId, { dateEstablished: '2024-02-16' }), { now: NOW }).goal!.id;
    flush(state);
    const opts = { now: NOW };
    expect(refuse(completePlanGoal, state, { planId, goalId, actualCompletionDate: '2024-02-15', outcome: 'achieved' }, opts)).toBe('INVALID_DATE_RANGE');
    expect(refuse(completePlanGoal, state, { planId, goalId, actualCompletionDate: '2024-02-20', outcome: 'cancelled' as never }, opts)).toBe(
      'INVALID_GOAL_OUTCOME',
    );
    const commandId = nextCommandId();
    const done = run(completePlanGoal, state, { planId, goalId, actualCompletionDate: '2024-02-20', outcome: 'achieved' }, opts).goal!;
    expect(done).toMatchObject({
      status: 'achieved',
      actualCompletionDate: '2024-02-20',
      completion: { enteredOn: '2024-02-20', late: false, recordedBy: 'S-STAFF-1' },
    });
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'completePlanGoal',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(NOW),
        summary: { planId, goalId, outcome: 'achieved', actualCompletionDate: '2024-02-20', late: false },
      },
    ]);
    expect(refuse(completePlanGoal, state, { planId, goalId, actualCompletionDate: '2024-02-20', outcome: 'achieved' }, opts)).toBe('GOAL_NOT_OPEN');
    expect(refuse(addPlanObjective, state, objective(planId, goalId, { dateEstablished: '2024-02-16' }), opts)).toBe('GOAL_NOT_OPEN');
  });

  it('R-IEP-3: objectives and their reviews: a review that keeps the objective open needs a later next review date, which becomes its review date; the note goes to the outbox', () => {
    const { state, planId } = withPlan();
    const opts = { now: NOW };
    const goalId = run(addPlanGoal, state, goal(planId), opts).goal!.id;
    flush(state);
    const o = run(addPlanObjective, state, objective(planId, goalId), opts).objective!;
    expect(o).toEqual({
      id: o.id,
      status: 'open',
      dateEstablished: '2024-02-15',
      reviewDate: '2024-03-01',
      program: 'ADULT',
      enteredOn: '2024-02-20',
      late: false,
      recordedBy: 'S-STAFF-1',
      reviews: [],
    });
    expect(state.outbox.planRecords).toEqual([
      { kind: 'objective_description', planId, objectiveId: o.id, description: 'Enroll in the welding class: secret-objective-text' },
    ]);
    expect(state.outbox.audit.at(-1)!.summary).toEqual({ planId, goalId, objectiveId: o.id, reviewDate: '2024-03-01', late: false });
    expect(refuse(addPlanObjective, state, objective(planId, goalId, { reviewDate: '2024-02-14' }), opts)).toBe('INVALID_DATE_RANGE');
    expect(refuse(addPlanObjective, state, objective(planId, goalId, { dateEstablished: '2024-02-14' }), opts)).toBe('INVALID_DATE_RANGE');
    flush(state);

    const review = { planId, objectiveId: o.id, reviewedOn: '2024-02-20', status: 'open' as const, note: 'On track: secret-review-note' };
    expect(refuse(reviewPlanObjective, state, review, opts)).toBe('NEXT_REVIEW_DATE_REQUIRED');
    expect(refuse(reviewPlanObjective, state, { ...review, nextReviewDate: '2024-02-20' }, opts)).toBe('INVALID_DATE_RANGE');
    expect(refuse(reviewPlanObjective, state, { ...review, reviewedOn: '2024-02-14', nextReviewDate: '2024-03-20' }, opts)).toBe('INVALID_DATE_RANGE');
    expect(refuse(reviewPlanObjective, state, { ...review, nextReviewDate: '2024-03-20', note: '' }, opts)).toBe('TEXT_REQUIRED');
    const reviewed = run(reviewPlanObjective, state, { ...review, nextReviewDate: '2024-03-20' }, opts).objective!;
    const reviewId = reviewed.reviews[0]!.id;
    expect(reviewed).toMatchObject({ status: 'open', reviewDate: '2024-03-20' });
    expect(reviewed.reviews).toEqual([
      { id: reviewId, reviewedOn: '2024-02-20', status: 'open', nextReviewDate: '2024-03-20', enteredOn: '2024-02-20', late: false, recordedBy: 'S-STAFF-1' },
    ]);
    expect(state.outbox.planRecords).toEqual([
      {
        kind: 'objective_review',
        id: reviewId,
        planId,
        objectiveId: o.id,
        reviewedOn: '2024-02-20',
        status: 'open',
        nextReviewDate: '2024-03-20',
        note: 'On track: secret-review-note',
        enteredOn: '2024-02-20',
        late: false,
        recordedBy: 'S-STAFF-1',
        recordedAt: iso(NOW),
      },
    ]);
    expect(state.outbox.audit.at(-1)!.summary).toEqual({
      planId,
      goalId,
      objectiveId: o.id,
      reviewId,
      status: 'open',
      reviewedOn: '2024-02-20',
      nextReviewDate: '2024-03-20',
      late: false,
    });
    expect(JSON.stringify(view(state, NOW))).not.toMatch(/secret-(objective-text|review-note)/);
    expect(JSON.stringify(state.outbox.audit)).not.toMatch(/secret-/);

    const completed = run(reviewPlanObjective, state, { ...review, status: 'completed' }, opts).objective!;
    expect(completed).toMatchObject({ status: 'completed', reviewDate: '2024-03-20' });
    expect(completed.reviews).toHaveLength(2);
    expect(refuse(reviewPlanObjective, state, { ...review, status: 'completed' }, opts)).toBe('OBJECTIVE_NOT_OPEN');
  });
});

describe('services and closing (R-IEP-4, R-IEP-5)', () => {
  it('R-IEP-4: any activity of the application is linked once; the plan lists its services by their activity’s date', () => {
    const { state, planId, a205 } = withPlan();
    const opts = { now: NOW };
    const future = run(
      addActivity,
      state,
      { code: '328', entry: entry('328'), program: 'ADULT', projectedBeginDate: '2024-04-01', projectedEndDate: '2024-06-30', caseNote: 'Welding class.' },
      opts,
    ).activity!;
    const begun = run(
      addActivity,
      state,
      { code: '203', entry: entry('203'), program: 'ADULT', actualBeginDate: '2024-02-10', projectedEndDate: '2024-03-10', caseNote: 'Assessment.' },
      opts,
    ).activity!;
    flush(state);
    run(linkPlanService, state, { planId, activityId: future.id }, opts);
    const res = run(linkPlanService, state, { planId, activityId: begun.id }, opts);
    expect(res.plan!.services.map((s) => s.activityId)).toEqual([a205, begun.id, future.id]);
    expect(res.plan!.services[1]).toEqual({ activityId: begun.id, code: '203', title: 'Objective Assessment' });
    expect(res.application.plans[0]!.services.map((s) => s.code)).toEqual(['205', '203', '328']);
    expect(state.outbox.audit.map((a) => a.summary)).toEqual([
      { planId, activityId: future.id, code: '328' },
      { planId, activityId: begun.id, code: '203' },
    ]);
    expect(refuse(linkPlanService, state, { planId, activityId: begun.id }, opts)).toBe('SERVICE_ALREADY_LINKED');
    expect(refuse(linkPlanService, state, { planId, activityId: a205 }, opts)).toBe('SERVICE_ALREADY_LINKED');
    expect(refuse(linkPlanService, state, { planId, activityId: 'nope' }, opts)).toBe('ACTIVITY_NOT_FOUND');
  });

  it('R-IEP-5: closing with an open goal needs cancelOpenGoals (OPEN_GOALS), which cancels the open goals and objectives; a closed plan is read-only and a new one may start', () => {
    const { state, planId } = withPlan();
    const opts = { now: NOW };
    const open = run(addPlanGoal, state, goal(planId), opts).goal!;
    const openObjective = run(addPlanObjective, state, objective(planId, open.id), opts).objective!;
    const achieved = run(addPlanGoal, state, goal(planId, { type: 'training', term: 'short_term' }), opts).goal!;
    run(completePlanGoal, state, { planId, goalId: achieved.id, actualCompletionDate: '2024-02-20', outcome: 'achieved' }, opts);
    flush(state);

    expect(refuse(closePlan, state, { planId, closedOn: '2024-02-20' }, opts)).toBe('OPEN_GOALS');
    expect(refuse(closePlan, state, { planId, closedOn: '2024-02-14', cancelOpenGoals: true }, opts)).toBe('INVALID_DATE_RANGE');
    const commandId = nextCommandId();
    run(closePlan, state, { planId, closedOn: '2024-02-20', cancelOpenGoals: true }, { now: NOW, actor: supervisor });
    const plan = planOf(state, planId);
    expect(plan).toMatchObject({
      status: 'closed',
      closedOn: '2024-02-20',
      closedReason: 'manual',
      closure: { enteredOn: '2024-02-20', late: false, recordedBy: 'S-SUP-1' },
    });
    expect(plan.goals.map((g) => [g.id, g.status])).toEqual([
      [open.id, 'cancelled'],
      [achieved.id, 'achieved'],
    ]);
    expect(plan.goals[0]!.objectives.map((o) => [o.id, o.status])).toEqual([[openObjective.id, 'cancelled']]);
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'closePlan',
        actorId: 'S-SUP-1',
        actorRole: 'supervisor',
        at: iso(NOW),
        summary: { planId, closedOn: '2024-02-20', cancelledGoals: 1, late: false },
      },
    ]);

    expect(refuse(addPlanGoal, state, goal(planId), opts)).toBe('PLAN_CLOSED');
    expect(refuse(closePlan, state, { planId, closedOn: '2024-02-20' }, opts)).toBe('PLAN_CLOSED');
    const next = run(createPlan, state, { startDate: '2024-02-20', office: 'LA-2703' }, opts).plan!;
    expect(next).toMatchObject({ status: 'open', startDate: '2024-02-20' });
    expect(state.plans!.map((p) => p.status)).toEqual(['closed', 'open']);
  });

  it('R-IEP-5: a soft exit closes the open plan (closedReason exit, by the system, never late) on the exit date, here the plan’s start date because L is earlier', () => {
    const c = participating({ participationDate: '2024-02-01', code: '205', now: NOW });
    run(closeActivity, c.state, { activityId: c.activityId, actualEndDate: '2024-02-10', completionCode: 'successful' }, { now: NOW });
    assessAll(c.state, NOW);
    const planId = run(createPlan, c.state, newPlan, { now: NOW }).plan!.id;
    const goalId = run(addPlanGoal, c.state, goal(planId), { now: NOW }).goal!.id;
    flush(c.state);
    expect(new Date(softExitAt(c.state)!).toISOString()).toBe('2024-05-11T07:00:00.000Z');
    softExit(c.state);
    const plan = planOf(c.state, planId);
    expect(plan).toMatchObject({
      status: 'closed',
      closedOn: '2024-02-15',
      closedReason: 'exit',
      closure: { enteredOn: '2024-05-11', late: false, recordedBy: 'system' },
    });
    expect(plan.goals.map((g) => [g.id, g.status])).toEqual([[goalId, 'cancelled']]);
    expect(c.state.outbox.audit).toEqual([
      expect.objectContaining({
        command: 'softExit',
        actorId: 'system',
        summary: { exitDate: '2024-02-10', exitedAt: '2024-05-11T07:00:00.000Z', plansClosed: planId },
      }),
    ]);
    const after = { now: onDay('2024-05-12') };
    expect(refuse(addPlanGoal, c.state, goal(planId), after)).toBe('APPLICATION_EXITED');
    expect(refuse(createPlan, c.state, newPlan, after)).toBe('APPLICATION_EXITED');
  });

  it('R-IEP-5: an exclusionary exit closes the open plan on its exit date, recorded by the staff member', () => {
    const c = participating({ participationDate: '2024-02-01', code: '205', now: NOW });
    run(closeActivity, c.state, { activityId: c.activityId, actualEndDate: '2024-02-10', completionCode: 'successful' }, { now: NOW });
    assessAll(c.state, NOW);
    const planId = run(createPlan, c.state, newPlan, { now: NOW }).plan!.id;
    flush(c.state);
    run(recordExclusionaryExit, c.state, { reason: '02', exitDate: '2024-02-19', documentationRef: 'MED-1', caseNote: 'Medical.' }, { now: NOW });
    expect(planOf(c.state, planId)).toMatchObject({
      status: 'closed',
      closedOn: '2024-02-19',
      closedReason: 'exit',
      closure: { enteredOn: '2024-02-20', late: false, recordedBy: 'S-STAFF-1' },
    });
    expect(c.state.outbox.audit.at(-1)!.summary).toEqual({ reason: '02', exitDate: '2024-02-19', documentationRef: 'MED-1', plansClosed: planId });
  });
});

describe('the plan under a participation-date correction (R-DCR-1 as applied)', () => {
  it("R-DCR-1: the plan's dates count: moving participation past the plan's start, a goal or an objective is DATE_BEFORE_PARTICIPATION", () => {
    const { state, planId } = withPlan();
    const goalId = run(addPlanGoal, state, goal(planId, { dateEstablished: '2024-02-16' }), { now: NOW }).goal!.id;
    const objectiveId = run(addPlanObjective, state, objective(planId, goalId, { dateEstablished: '2024-02-17' }), { now: NOW }).objective!.id;
    expect(datedEntries(state)).toEqual([
      { field: 'startDate', date: '2024-02-15', ref: { planId } },
      { field: 'dateEstablished', date: '2024-02-16', ref: { planId, goalId } },
      { field: 'dateEstablished', date: '2024-02-17', ref: { planId, goalId, objectiveId } },
    ]);
    const participation = (participationDate: string) => ({
      target: { kind: 'participation' as const },
      changes: { participationDate },
      reason: 'Began later.',
    });
    expect(refuse(commands.requestDataChange, state, participation('2024-02-16'), { now: NOW })).toBe('DATE_BEFORE_PARTICIPATION');
    run(commands.requestDataChange, state, participation('2024-02-15'), { now: NOW });
  });
});
