import {
  IEP_ACTIVITY_LINE,
  closePlan,
  computeAlerts,
  exitClosingDate,
  nextAlertChange,
  orderedServices,
  planAlertCandidates,
  planKindFor,
  requireOpenPlan,
  validateClosePlan,
  validateGoalCompletion,
  validateLinkService,
  validateNewGoal,
  validateNewObjective,
  validateNewPlan,
  validateObjectiveReview,
  type AlertInput,
  type PlanActivity,
  type PlanContext,
  type PlanGoalView,
  type PlanObjectiveView,
  type PlanView,
} from '../../src/domain';
import { codeOf } from './helpers-errors';

const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  status: 'participating',
  programs: ['ADULT'],
  participationDate: '2024-01-03',
  today: '2024-03-04',
  callerRole: 'supervisor', // dates 31–90 days back need no approval (R-ACT-4 is tested with a staff caller below)
  ...over,
});
const rec = { enteredOn: '2024-03-04', late: false, recordedBy: 'S-1' };
const act = (id: string, code: string, category: PlanActivity['category'], begin: string | null, projected: string | null = null): PlanActivity => ({
  id,
  code,
  title: code === '205' ? 'Development of IEP/ISS/EDP' : `Service ${code}`,
  category,
  actualBeginDate: begin,
  projectedBeginDate: projected,
});
const objective = (over: Partial<PlanObjectiveView> = {}): PlanObjectiveView => ({
  id: 'o1',
  status: 'open',
  dateEstablished: '2024-02-10',
  reviewDate: '2024-03-10',
  program: 'ADULT',
  reviews: [],
  ...rec,
  ...over,
});
const goal = (over: Partial<PlanGoalView> = {}): PlanGoalView => ({
  id: 'g1',
  type: 'employment',
  term: 'short_term',
  status: 'open',
  dateEstablished: '2024-02-05',
  estimatedCompletionDate: '2024-05-01',
  actualCompletionDate: null,
  program: 'ADULT',
  completion: null,
  objectives: [],
  ...rec,
  ...over,
});
const plan = (over: Partial<PlanView> = {}): PlanView => ({
  id: 'p1',
  kind: 'IEP',
  startDate: '2024-02-01',
  office: 'LA-2703',
  status: 'open',
  closedOn: null,
  closedReason: null,
  goals: [],
  services: [{ activityId: 'a205', code: '205', title: 'Development of IEP/ISS/EDP' }],
  closure: null,
  ...rec,
  ...over,
});
const a205 = act('a205', '205', 'individualized', '2024-02-01');

describe('employment plans (R-IEP-1 … R-IEP-6)', () => {
  it('R-IEP-1 kind: ISS when the programs include YOUTH, else IEP', () => {
    expect(planKindFor(['ADULT', 'DISLOCATED_WORKER'])).toBe('IEP');
    expect(planKindFor(['YOUTH'])).toBe('ISS');
    expect(planKindFor(['ADULT', 'YOUTH'])).toBe('ISS');
  });

  it('R-IEP-1 needs a complete assessment (ASSESSMENT_INCOMPLETE), a 205 activity (IEP_ACTIVITY_REQUIRED), no open plan (PLAN_ALREADY_OPEN)', () => {
    const facts = { assessmentComplete: true, activities: [act('a1', '101', 'career_staff_assisted', '2024-01-03'), a205], plans: [] };
    expect(validateNewPlan(ctx(), { startDate: '2024-02-01', office: 'LA-2703' }, facts)).toEqual({ kind: 'IEP', iepActivity: a205 });
    expect(validateNewPlan(ctx({ programs: ['YOUTH'] }), { startDate: '2024-02-01', office: 'X' }, facts).kind).toBe('ISS');
    expect(codeOf(() => validateNewPlan(ctx(), { startDate: '2024-02-01', office: 'X' }, { ...facts, assessmentComplete: false }))).toBe(
      'ASSESSMENT_INCOMPLETE',
    );
    expect(
      codeOf(() =>
        validateNewPlan(ctx(), { startDate: '2024-02-01', office: 'X' }, { ...facts, activities: [act('a1', '101', 'career_staff_assisted', '2024-01-03')] }),
      ),
    ).toBe('IEP_ACTIVITY_REQUIRED');
    expect(codeOf(() => validateNewPlan(ctx(), { startDate: '2024-02-01', office: 'X' }, { ...facts, plans: [{ id: 'p0', status: 'open' }] }))).toBe(
      'PLAN_ALREADY_OPEN',
    );
    expect(
      codeOf(() => validateNewPlan(ctx(), { startDate: '2024-02-01', office: 'X' }, { ...facts, plans: [{ id: 'p0', status: 'closed' }] })),
    ).toBeUndefined();
  });

  it('R-IEP-1 the start date is an actual date: not in the future, not before participation, backdating per R-ACT-4', () => {
    const facts = { assessmentComplete: true, activities: [a205], plans: [] };
    expect(codeOf(() => validateNewPlan(ctx(), { startDate: '2024-03-05', office: 'X' }, facts))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateNewPlan(ctx(), { startDate: '2024-01-02', office: 'X' }, facts))).toBe('DATE_BEFORE_PARTICIPATION');
    const later = ctx({ today: '2024-04-15', callerRole: 'staff' }); // 2024-02-01 is 74 days back
    expect(codeOf(() => validateNewPlan(later, { startDate: '2024-02-01', office: 'X' }, facts))).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect(codeOf(() => validateNewPlan(later, { startDate: '2024-02-01', office: 'X', backdateApprovedBy: 'S-SUP' }, facts))).toBeUndefined();
    expect(codeOf(() => validateNewPlan(ctx({ status: 'eligible' }), { startDate: '2024-02-01', office: 'X' }, facts))).toBe('NOT_PARTICIPATING');
    for (const s of ['exited', 'exited_exclusionary', 'completed'] as const) {
      expect(codeOf(() => validateNewPlan(ctx({ status: s }), { startDate: '2024-02-01', office: 'X' }, facts))).toBe('APPLICATION_EXITED');
    }
  });

  it('R-IEP-2 goals: estimated ≥ established (INVALID_DATE_RANGE), established ≥ plan start, enrolled program', () => {
    const g = { type: 'employment', term: 'long_term', dateEstablished: '2024-02-05', estimatedCompletionDate: '2024-02-05', program: 'ADULT' } as const;
    expect(codeOf(() => validateNewGoal(ctx(), plan(), g))).toBeUndefined();
    expect(codeOf(() => validateNewGoal(ctx(), plan(), { ...g, estimatedCompletionDate: '2024-02-04' }))).toBe('INVALID_DATE_RANGE');
    expect(codeOf(() => validateNewGoal(ctx(), plan(), { ...g, dateEstablished: '2024-01-31', estimatedCompletionDate: '2024-06-01' }))).toBe(
      'INVALID_DATE_RANGE',
    );
    expect(codeOf(() => validateNewGoal(ctx(), plan(), { ...g, program: 'YOUTH' }))).toBe('PROGRAM_NOT_ENROLLED');
    expect(codeOf(() => validateNewGoal(ctx(), plan(), { ...g, dateEstablished: '2024-03-05', estimatedCompletionDate: '2024-06-01' }))).toBe('FUTURE_DATE');
  });

  it('R-IEP-2 completing a goal: open only (GOAL_NOT_OPEN), actual completion ≥ established, not in the future', () => {
    const p = plan({ goals: [goal(), goal({ id: 'g2', status: 'achieved' })] });
    expect(codeOf(() => validateGoalCompletion(ctx(), p, 'g1', { actualCompletionDate: '2024-03-01', outcome: 'achieved' }))).toBeUndefined();
    expect(codeOf(() => validateGoalCompletion(ctx(), p, 'g2', { actualCompletionDate: '2024-03-01', outcome: 'achieved' }))).toBe('GOAL_NOT_OPEN');
    expect(codeOf(() => validateGoalCompletion(ctx(), p, 'nope', { actualCompletionDate: '2024-03-01', outcome: 'achieved' }))).toBe('GOAL_NOT_FOUND');
    expect(codeOf(() => validateGoalCompletion(ctx(), p, 'g1', { actualCompletionDate: '2024-02-04', outcome: 'not_achieved' }))).toBe('INVALID_DATE_RANGE');
    expect(codeOf(() => validateGoalCompletion(ctx(), p, 'g1', { actualCompletionDate: '2024-03-05', outcome: 'achieved' }))).toBe('FUTURE_DATE');
  });

  it('R-IEP-3 objectives under an open goal: review date ≥ established; a review that keeps it open needs nextReviewDate > reviewedOn', () => {
    const p = plan({ goals: [goal({ objectives: [objective(), objective({ id: 'o2', status: 'completed' })] })] });
    const o = { dateEstablished: '2024-02-10', reviewDate: '2024-03-10', program: 'ADULT' } as const;
    expect(codeOf(() => validateNewObjective(ctx(), p, 'g1', o))).toBeUndefined();
    expect(codeOf(() => validateNewObjective(ctx(), p, 'g1', { ...o, reviewDate: '2024-02-09' }))).toBe('INVALID_DATE_RANGE');
    expect(codeOf(() => validateNewObjective(ctx(), p, 'g1', { ...o, dateEstablished: '2024-02-04' }))).toBe('INVALID_DATE_RANGE');
    expect(codeOf(() => validateNewObjective(ctx(), plan({ goals: [goal({ status: 'cancelled' })] }), 'g1', o))).toBe('GOAL_NOT_OPEN');

    expect(codeOf(() => validateObjectiveReview(ctx(), p, 'o1', { reviewedOn: '2024-03-01', status: 'open', nextReviewDate: '2024-04-01' }))).toBeUndefined();
    expect(codeOf(() => validateObjectiveReview(ctx(), p, 'o1', { reviewedOn: '2024-03-01', status: 'open' }))).toBe('NEXT_REVIEW_DATE_REQUIRED');
    expect(codeOf(() => validateObjectiveReview(ctx(), p, 'o1', { reviewedOn: '2024-03-01', status: 'open', nextReviewDate: '2024-03-01' }))).toBe(
      'INVALID_DATE_RANGE',
    );
    expect(codeOf(() => validateObjectiveReview(ctx(), p, 'o1', { reviewedOn: '2024-03-01', status: 'completed' }))).toBeUndefined();
    expect(codeOf(() => validateObjectiveReview(ctx(), p, 'o2', { reviewedOn: '2024-03-01', status: 'completed' }))).toBe('OBJECTIVE_NOT_OPEN');
    expect(codeOf(() => validateObjectiveReview(ctx(), p, 'o9', { reviewedOn: '2024-03-01', status: 'completed' }))).toBe('OBJECTIVE_NOT_FOUND');
    expect(codeOf(() => validateObjectiveReview(ctx(), p, 'o1', { reviewedOn: '2024-02-09', status: 'cancelled' }))).toBe('INVALID_DATE_RANGE');
  });

  it('R-IEP-4 services: an activity of this application (ACTIVITY_NOT_FOUND), once (SERVICE_ALREADY_LINKED), ordered by the activity date', () => {
    const activities = [a205, act('a2', '300', 'training', '2024-01-20'), act('a3', '301', 'training', null, '2024-04-01')];
    expect(validateLinkService(plan(), activities, 'a2').id).toBe('a2');
    expect(codeOf(() => validateLinkService(plan(), activities, 'zzz'))).toBe('ACTIVITY_NOT_FOUND');
    expect(codeOf(() => validateLinkService(plan(), activities, 'a205'))).toBe('SERVICE_ALREADY_LINKED');
    const services = [
      { activityId: 'a3', code: '301', title: 'x' },
      { activityId: 'a205', code: '205', title: 'y' },
      { activityId: 'a2', code: '300', title: 'z' },
    ];
    expect(orderedServices(services, activities).map((s) => s.activityId)).toEqual(['a2', 'a205', 'a3']);
  });

  it('R-IEP-5 close: refused while a goal is open (OPEN_GOALS) unless cancelOpenGoals; a closed plan is read-only (PLAN_CLOSED)', () => {
    const p = plan({ goals: [goal({ objectives: [objective()] }), goal({ id: 'g2', status: 'achieved' })] });
    expect(codeOf(() => validateClosePlan(ctx(), p, { closedOn: '2024-03-04' }))).toBe('OPEN_GOALS');
    expect(codeOf(() => validateClosePlan(ctx(), p, { closedOn: '2024-01-31', cancelOpenGoals: true }))).toBe('INVALID_DATE_RANGE');
    expect(codeOf(() => validateClosePlan(ctx(), p, { closedOn: '2024-03-04', cancelOpenGoals: true }))).toBeUndefined();
    closePlan(p, '2024-03-04', 'manual', rec);
    expect(p).toMatchObject({ status: 'closed', closedOn: '2024-03-04', closedReason: 'manual' });
    expect(p.goals.map((g) => g.status)).toEqual(['cancelled', 'achieved']);
    expect(p.goals[0]!.objectives[0]!.status).toBe('cancelled');
    expect(codeOf(() => requireOpenPlan(ctx(), [p], 'p1'))).toBe('PLAN_CLOSED');
    expect(codeOf(() => requireOpenPlan(ctx(), [p], 'p2'))).toBe('PLAN_NOT_FOUND');
    expect(codeOf(() => requireOpenPlan(ctx({ status: 'exited' }), [plan()], 'p1'))).toBe('APPLICATION_EXITED');
  });

  it('R-IEP-5 an exit closes the plan on the exit date (never before the plan started)', () => {
    expect(exitClosingDate(plan(), '2024-05-10')).toBe('2024-05-10');
    expect(exitClosingDate(plan({ startDate: '2024-02-01' }), '2024-01-20')).toBe('2024-02-01');
  });

  it('R-IEP-7 the plan development line reads exactly "205 - Development of IEP/ISS/EDP"', () => {
    expect(IEP_ACTIVITY_LINE).toBe('205 - Development of IEP/ISS/EDP');
  });
});

describe('plan alerts (R-IEP-6)', () => {
  const base: AlertInput = {
    status: 'participating',
    exitClock: { state: 'blocked', softExitDate: null },
    activities: [
      { id: 'a205', code: '205', category: 'individualized', status: 'open', actualBeginDate: '2024-01-03', projectedBeginDate: null, projectedEndDate: null },
    ],
    plannedBreak: null,
    followUps: [],
    participationDate: '2024-01-03',
    lastCaseNoteDate: '2099-01-01', // keep case_note_due out of the way
  };
  const types = (input: AlertInput, today: string) => computeAlerts(input, today).map((a) => `${a.type}:${a.subjectKey}`);

  it('R-IEP-6 plan_objective_review_due opens N = 7 days before the review date, stays open once past, clears on review (date moves) or completion', () => {
    const p = plan({ goals: [goal({ estimatedCompletionDate: '2099-01-01', objectives: [objective({ reviewDate: '2024-03-20' })] })] });
    const input = { ...base, plans: [p] };
    expect(types(input, '2024-03-12')).toEqual([]);
    expect(types(input, '2024-03-13')).toEqual(['plan_objective_review_due:o1']);
    expect(types(input, '2024-04-30')).toEqual(['plan_objective_review_due:o1']);
    expect(computeAlerts(input, '2024-03-13')[0]).toMatchObject({
      since: '2024-03-13',
      detail: { planId: 'p1', goalId: 'g1', objectiveId: 'o1', reviewDate: '2024-03-20', thresholdDays: 7 },
    });
    expect(nextAlertChange(input, '2024-03-01')).toBe('2024-03-13');
    const reviewed = {
      ...base,
      plans: [plan({ goals: [goal({ estimatedCompletionDate: '2099-01-01', objectives: [objective({ reviewDate: '2024-05-20' })] })] })],
    };
    expect(types(reviewed, '2024-03-21')).toEqual([]);
    const done = { ...base, plans: [plan({ goals: [goal({ estimatedCompletionDate: '2099-01-01', objectives: [objective({ status: 'completed' })] })] })] };
    expect(types(done, '2024-03-21')).toEqual([]);
    // The threshold is configurable.
    expect(
      computeAlerts(input, '2024-03-09', { exitApproachingDays: 14, followUpDueSoonDays: 14, caseNoteDueDays: 30, planObjectiveReviewDays: 11 }).map(
        (a) => a.type,
      ),
    ).toEqual(['plan_objective_review_due']);
  });

  it('R-IEP-6 plan_goal_overdue: an open goal past its estimated completion date (from E + 1); not once completed or the plan closed', () => {
    const input = { ...base, plans: [plan({ goals: [goal({ estimatedCompletionDate: '2024-05-01' })] })] };
    expect(types(input, '2024-05-01')).toEqual([]);
    expect(types(input, '2024-05-02')).toEqual(['plan_goal_overdue:g1']);
    expect(nextAlertChange(input, '2024-04-01')).toBe('2024-05-02');
    expect(types({ ...base, plans: [plan({ goals: [goal({ estimatedCompletionDate: '2024-05-01', status: 'achieved' })] })] }, '2024-05-02')).toEqual([]);
    expect(types({ ...base, plans: [plan({ status: 'closed', goals: [goal({ estimatedCompletionDate: '2024-05-01' })] })] }, '2024-05-02')).toEqual([
      'plan_missing:',
    ]);
  });

  it('R-IEP-6 plan_missing: participating more than 30 days, an individualized or training activity, no open plan', () => {
    const input = { ...base, plans: [] };
    expect(types(input, '2024-02-02')).toEqual([]); // day 30
    expect(types(input, '2024-02-03')).toEqual(['plan_missing:']); // day 31
    expect(nextAlertChange(input, '2024-01-20')).toBe('2024-02-03');
    expect(types({ ...input, plans: [plan()] }, '2024-02-03')).toEqual([]);
    expect(types({ ...input, plans: [plan({ status: 'closed' })] }, '2024-02-03')).toEqual(['plan_missing:']);
    const careerOnly = { ...input, activities: [{ ...base.activities[0]!, code: '101', category: 'career_staff_assisted' as const }] };
    expect(types(careerOnly, '2024-03-01')).toEqual([]);
    expect(types({ ...input, status: 'exited' }, '2024-03-01')).toEqual([]);
  });

  it('R-IEP-6 without plans in the input (runs from before the plan alerts) nothing about plans is derived', () => {
    const { plans: _none, ...old } = { ...base, plans: [] };
    expect(types(old, '2024-03-01')).toEqual([]);
    expect(planAlertCandidates({ status: 'participating', participationDate: '2024-01-03', activities: base.activities, plans: [] }, 7)).toHaveLength(1);
  });
});
