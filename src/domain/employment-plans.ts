/**
 * The Individual Employment Plan (IEP) — for a YOUTH application the Individual Service Strategy
 * (ISS) — with its goals, objectives and linked services (R-IEP-1 … R-IEP-6).
 *
 * Pure and deterministic: "today" and the caller are parameters; every violation throws a
 * {@link DomainError}. The plan's free text (goal and objective descriptions, review notes) is PII
 * like case notes: it is not part of these records (it travels to PostgreSQL on its own).
 *
 * Decisions where the SPEC is silent (docs/rules.md says the same):
 * - plan commands need a `participating` application: before participation 409 NOT_PARTICIPATING;
 *   after any exit (soft or exclusionary) or completion 409 APPLICATION_EXITED — the exit closed the plan;
 * - a closed plan is read-only (409 PLAN_CLOSED);
 * - every actual date (plan start, goal established/completed, objective established, review, close)
 *   follows R-ACT-4 backdating and R-ACT-5 (not before participation) and is never in the future;
 *   dates also keep their order inside the plan (422 INVALID_DATE_RANGE): goal established ≥ plan
 *   start, objective established ≥ its goal's, review ≥ objective established, completion ≥
 *   established, close ≥ plan start;
 * - creating the plan links the 205 activity it needs as its first service;
 * - closing a plan (by staff with `cancelOpenGoals`, or at an exit) cancels the goals and objectives
 *   still open, so a closed plan never holds open items;
 * - a soft or exclusionary exit closes the plan on the exit date, or on the plan's start date when
 *   the exit date (the last service date) is earlier.
 */
import { validateActualDate, validateNotBeforeParticipation } from './backdating';
import { addDays, type IsoDate } from './dates';
import type { ActivityCategory, ApplicationStatus, Program, Role } from './enums';
import { DomainError } from './errors';

export const PLAN_KINDS = ['IEP', 'ISS'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_STATUSES = ['open', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
/** `manual`: closed by staff (R-IEP-5); `exit`: closed by a soft or exclusionary exit. */
export const PLAN_CLOSED_REASONS = ['manual', 'exit'] as const;
export type PlanClosedReason = (typeof PLAN_CLOSED_REASONS)[number];
export const GOAL_TYPES = ['employment', 'education', 'training', 'other'] as const;
export type GoalType = (typeof GOAL_TYPES)[number];
export const GOAL_TERMS = ['short_term', 'long_term'] as const;
export type GoalTerm = (typeof GOAL_TERMS)[number];
export const GOAL_STATUSES = ['open', 'achieved', 'not_achieved', 'cancelled'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_OUTCOMES = ['achieved', 'not_achieved'] as const;
export type GoalOutcome = (typeof GOAL_OUTCOMES)[number];
export const OBJECTIVE_STATUSES = ['open', 'completed', 'cancelled'] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];

/** R-IEP-1: the activity code a plan needs on the application ("Development of IEP/ISS/EDP"). */
export const IEP_ACTIVITY_CODE = '205';
/** R-IEP-7: how the plan's development service reads on the printed plan, always. */
export const IEP_ACTIVITY_LINE = '205 - Development of IEP/ISS/EDP';
/** R-IEP-6: `plan_objective_review_due` opens this many days before the review date (default). */
export const PLAN_OBJECTIVE_REVIEW_DAYS_DEFAULT = 7;
/** R-IEP-6: `plan_missing` once participation is more than this many days old. */
const PLAN_MISSING_AFTER_DAYS = 30;

/** Who recorded an entry, the agency-local day it was entered and whether that was late (R-TIMELY-1). */
export interface PlanEntryRecord {
  enteredOn: IsoDate;
  late: boolean;
  recordedBy: string;
}

export interface ObjectiveReviewView extends PlanEntryRecord {
  id: string;
  reviewedOn: IsoDate;
  status: ObjectiveStatus;
  nextReviewDate: IsoDate | null;
}

export interface PlanObjectiveView extends PlanEntryRecord {
  id: string;
  status: ObjectiveStatus;
  dateEstablished: IsoDate;
  /** The next review date (moved by each review that keeps the objective open). */
  reviewDate: IsoDate;
  program: Program;
  reviews: ObjectiveReviewView[];
}

export interface PlanGoalView extends PlanEntryRecord {
  id: string;
  type: GoalType;
  term: GoalTerm;
  status: GoalStatus;
  dateEstablished: IsoDate;
  estimatedCompletionDate: IsoDate;
  actualCompletionDate: IsoDate | null;
  program: Program;
  /** The completion entry (R-TIMELY-1 on actualCompletionDate); null while open or when cancelled. */
  completion: PlanEntryRecord | null;
  objectives: PlanObjectiveView[];
}

export interface PlanServiceView {
  activityId: string;
  code: string;
  title: string;
}

export interface PlanView extends PlanEntryRecord {
  id: string;
  kind: PlanKind;
  startDate: IsoDate;
  office: string;
  status: PlanStatus;
  closedOn: IsoDate | null;
  closedReason: PlanClosedReason | null;
  goals: PlanGoalView[];
  /** Ordered by the activity's date (actual begin, else projected begin). */
  services: PlanServiceView[];
  /** The close entry (R-TIMELY-1 on closedOn); null while open. An exit records `recordedBy: system`. */
  closure: PlanEntryRecord | null;
}

/** What the plan rules read of the application. */
export interface PlanContext {
  status: ApplicationStatus;
  programs: readonly Program[];
  participationDate: IsoDate | null;
  /** Agency-local today (R-TIME-2). */
  today: IsoDate;
  callerRole: Role;
}

/** The activities the plan rules read (an ActivityView satisfies it). */
export interface PlanActivity {
  id: string;
  code: string;
  title: string;
  category: ActivityCategory;
  actualBeginDate: IsoDate | null;
  projectedBeginDate: IsoDate | null;
}

/** R-IEP-1: ISS when the application's programs include YOUTH, else IEP. */
export function planKindFor(programs: readonly Program[]): PlanKind {
  return programs.includes('YOUTH') ? 'ISS' : 'IEP';
}

/** Plan commands need a participating application (see the module comment). */
function requirePlanCommandsAllowed(status: ApplicationStatus): void {
  switch (status) {
    case 'participating':
      return;
    case 'eligible':
      throw new DomainError('NOT_PARTICIPATING', 'a plan is recorded from participation on');
    case 'exited':
    case 'exited_exclusionary':
    case 'completed':
      throw new DomainError('APPLICATION_EXITED', 'the application has exited: its plan was closed at the exit');
  }
}

/** An actual date in a plan: R-ACT-4 backdating, never in the future, R-ACT-5 not before participation. */
function validatePlanDate(ctx: PlanContext, date: IsoDate, field: string, backdateApprovedBy?: string | null): void {
  validateActualDate({ date, today: ctx.today, callerRole: ctx.callerRole, backdateApprovedBy: backdateApprovedBy ?? null, field });
  if (ctx.participationDate === null) throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
  validateNotBeforeParticipation(date, ctx.participationDate, field);
}

function dateOrder(earlier: IsoDate, later: IsoDate, field: string, message: string): void {
  if (later < earlier) throw new DomainError('INVALID_DATE_RANGE', message, { field, date: later, notBefore: earlier });
}

function requireProgram(ctx: PlanContext, program: Program): void {
  if (!ctx.programs.includes(program)) {
    throw new DomainError('PROGRAM_NOT_ENROLLED', `the application is not enrolled in ${program}`, { field: 'program', program });
  }
}

export interface NewPlan {
  startDate: IsoDate;
  office: string;
  backdateApprovedBy?: string | null;
}

/**
 * R-IEP-1: a complete assessment (422 ASSESSMENT_INCOMPLETE), an activity with code 205 on the
 * application (422 IEP_ACTIVITY_REQUIRED), no open plan (409 PLAN_ALREADY_OPEN), and a start date
 * that is an actual date. Returns the plan's kind and the 205 activity it links.
 */
export function validateNewPlan(
  ctx: PlanContext,
  cmd: NewPlan,
  facts: { assessmentComplete: boolean; activities: readonly PlanActivity[]; plans: readonly Pick<PlanView, 'id' | 'status'>[] },
): { kind: PlanKind; iepActivity: PlanActivity } {
  requirePlanCommandsAllowed(ctx.status);
  if (!facts.assessmentComplete) {
    throw new DomainError('ASSESSMENT_INCOMPLETE', 'the objective assessment must be complete (all 12 sections) before a plan is created');
  }
  const iep = facts.activities.filter((a) => a.code === IEP_ACTIVITY_CODE);
  const iepActivity = iep.sort((a, b) => activityDate(a).localeCompare(activityDate(b)))[0];
  if (!iepActivity) {
    throw new DomainError('IEP_ACTIVITY_REQUIRED', `a plan needs an activity ${IEP_ACTIVITY_LINE} on the application`, { code: IEP_ACTIVITY_CODE });
  }
  const open = facts.plans.find((p) => p.status === 'open');
  if (open) throw new DomainError('PLAN_ALREADY_OPEN', `plan ${open.id} is still open; close it first`, { planId: open.id });
  validatePlanDate(ctx, cmd.startDate, 'startDate', cmd.backdateApprovedBy);
  return { kind: planKindFor(ctx.programs), iepActivity };
}

/** The plan (404 PLAN_NOT_FOUND). */
function requirePlan<P extends Pick<PlanView, 'id'>>(plans: readonly P[], planId: string): P {
  const plan = plans.find((p) => p.id === planId);
  if (!plan) throw new DomainError('PLAN_NOT_FOUND', `no plan ${planId} on this application`, { planId });
  return plan;
}

/** A plan a command may change: found, open (a closed plan is read-only: 409 PLAN_CLOSED). */
export function requireOpenPlan<P extends Pick<PlanView, 'id' | 'status' | 'closedOn'>>(ctx: PlanContext, plans: readonly P[], planId: string): P {
  requirePlanCommandsAllowed(ctx.status);
  const plan = requirePlan(plans, planId);
  if (plan.status !== 'open') {
    throw new DomainError('PLAN_CLOSED', `plan ${planId} was closed on ${plan.closedOn ?? '?'} and is read-only`, { planId });
  }
  return plan;
}

export function requireGoal(plan: Pick<PlanView, 'id' | 'goals'>, goalId: string): PlanGoalView {
  const goal = plan.goals.find((g) => g.id === goalId);
  if (!goal) throw new DomainError('GOAL_NOT_FOUND', `no goal ${goalId} in plan ${plan.id}`, { goalId });
  return goal;
}

function requireOpenGoal(plan: Pick<PlanView, 'id' | 'goals'>, goalId: string): PlanGoalView {
  const goal = requireGoal(plan, goalId);
  if (goal.status !== 'open') throw new DomainError('GOAL_NOT_OPEN', `goal ${goalId} is ${goal.status}`, { goalId, status: goal.status });
  return goal;
}

export function requireObjective(plan: Pick<PlanView, 'id' | 'goals'>, objectiveId: string): { goal: PlanGoalView; objective: PlanObjectiveView } {
  for (const goal of plan.goals) {
    const objective = goal.objectives.find((o) => o.id === objectiveId);
    if (objective) return { goal, objective };
  }
  throw new DomainError('OBJECTIVE_NOT_FOUND', `no objective ${objectiveId} in plan ${plan.id}`, { objectiveId });
}

export interface NewGoal {
  type: GoalType;
  term: GoalTerm;
  dateEstablished: IsoDate;
  estimatedCompletionDate: IsoDate;
  program: Program;
  backdateApprovedBy?: string | null;
}

/** R-IEP-2: a goal in an open plan; estimated completion ≥ established (422 INVALID_DATE_RANGE). */
export function validateNewGoal(ctx: PlanContext, plan: PlanView, cmd: NewGoal): void {
  requireProgram(ctx, cmd.program);
  validatePlanDate(ctx, cmd.dateEstablished, 'dateEstablished', cmd.backdateApprovedBy);
  dateOrder(plan.startDate, cmd.dateEstablished, 'dateEstablished', `dateEstablished ${cmd.dateEstablished} is before the plan's start date ${plan.startDate}`);
  dateOrder(
    cmd.dateEstablished,
    cmd.estimatedCompletionDate,
    'estimatedCompletionDate',
    `estimatedCompletionDate ${cmd.estimatedCompletionDate} is before dateEstablished ${cmd.dateEstablished}`,
  );
}

export interface GoalCompletion {
  actualCompletionDate: IsoDate;
  outcome: GoalOutcome;
  backdateApprovedBy?: string | null;
}

/** R-IEP-2: an open goal (409 GOAL_NOT_OPEN) ends `achieved` or `not_achieved` on an actual date ≥ established. */
export function validateGoalCompletion(ctx: PlanContext, plan: PlanView, goalId: string, cmd: GoalCompletion): PlanGoalView {
  const goal = requireOpenGoal(plan, goalId);
  if (cmd.outcome !== 'achieved' && cmd.outcome !== 'not_achieved') {
    throw new DomainError('INVALID_GOAL_OUTCOME', 'outcome must be achieved or not_achieved', { field: 'outcome' });
  }
  validatePlanDate(ctx, cmd.actualCompletionDate, 'actualCompletionDate', cmd.backdateApprovedBy);
  dateOrder(
    goal.dateEstablished,
    cmd.actualCompletionDate,
    'actualCompletionDate',
    `actualCompletionDate ${cmd.actualCompletionDate} is before dateEstablished ${goal.dateEstablished}`,
  );
  return goal;
}

export interface NewObjective {
  dateEstablished: IsoDate;
  reviewDate: IsoDate;
  program: Program;
  backdateApprovedBy?: string | null;
}

/** R-IEP-3: an objective under an open goal; review date ≥ established (422 INVALID_DATE_RANGE). */
export function validateNewObjective(ctx: PlanContext, plan: PlanView, goalId: string, cmd: NewObjective): PlanGoalView {
  const goal = requireOpenGoal(plan, goalId);
  requireProgram(ctx, cmd.program);
  validatePlanDate(ctx, cmd.dateEstablished, 'dateEstablished', cmd.backdateApprovedBy);
  dateOrder(
    goal.dateEstablished,
    cmd.dateEstablished,
    'dateEstablished',
    `dateEstablished ${cmd.dateEstablished} is before the goal's ${goal.dateEstablished}`,
  );
  dateOrder(cmd.dateEstablished, cmd.reviewDate, 'reviewDate', `reviewDate ${cmd.reviewDate} is before dateEstablished ${cmd.dateEstablished}`);
  return goal;
}

export interface ObjectiveReview {
  reviewedOn: IsoDate;
  status: ObjectiveStatus;
  nextReviewDate?: IsoDate | null;
  backdateApprovedBy?: string | null;
}

/**
 * R-IEP-3: a review of an open objective (409 OBJECTIVE_NOT_OPEN) on an actual date ≥ its
 * establishment; one that keeps it open needs `nextReviewDate` (422 NEXT_REVIEW_DATE_REQUIRED)
 * after `reviewedOn` (422 INVALID_DATE_RANGE).
 */
export function validateObjectiveReview(ctx: PlanContext, plan: PlanView, objectiveId: string, cmd: ObjectiveReview): PlanObjectiveView {
  const { objective } = requireObjective(plan, objectiveId);
  if (objective.status !== 'open') {
    throw new DomainError('OBJECTIVE_NOT_OPEN', `objective ${objectiveId} is ${objective.status}`, { objectiveId, status: objective.status });
  }
  validatePlanDate(ctx, cmd.reviewedOn, 'reviewedOn', cmd.backdateApprovedBy);
  dateOrder(
    objective.dateEstablished,
    cmd.reviewedOn,
    'reviewedOn',
    `reviewedOn ${cmd.reviewedOn} is before the objective's dateEstablished ${objective.dateEstablished}`,
  );
  const next = cmd.nextReviewDate ?? null;
  if (cmd.status === 'open' && next === null) {
    throw new DomainError('NEXT_REVIEW_DATE_REQUIRED', 'an objective that stays open needs nextReviewDate', { field: 'nextReviewDate' });
  }
  if (next !== null && next <= cmd.reviewedOn) {
    throw new DomainError('INVALID_DATE_RANGE', `nextReviewDate ${next} must be after reviewedOn ${cmd.reviewedOn}`, {
      field: 'nextReviewDate',
      date: next,
      after: cmd.reviewedOn,
    });
  }
  return objective;
}

/** R-IEP-4: an activity of this application (404 ACTIVITY_NOT_FOUND), not yet linked (409 SERVICE_ALREADY_LINKED). */
export function validateLinkService<A extends PlanActivity>(plan: PlanView, activities: readonly A[], activityId: string): A {
  const activity = activities.find((a) => a.id === activityId);
  if (!activity) throw new DomainError('ACTIVITY_NOT_FOUND', `no activity ${activityId} on this application`, { activityId });
  if (plan.services.some((s) => s.activityId === activityId)) {
    throw new DomainError('SERVICE_ALREADY_LINKED', `activity ${activityId} is already a service of plan ${plan.id}`, { activityId });
  }
  return activity;
}

export interface ClosePlan {
  closedOn: IsoDate;
  cancelOpenGoals?: boolean;
  backdateApprovedBy?: string | null;
}

/** R-IEP-5: refused while a goal is open (409 OPEN_GOALS) unless `cancelOpenGoals`; closedOn ≥ start. */
export function validateClosePlan(ctx: PlanContext, plan: PlanView, cmd: ClosePlan): void {
  validatePlanDate(ctx, cmd.closedOn, 'closedOn', cmd.backdateApprovedBy);
  dateOrder(plan.startDate, cmd.closedOn, 'closedOn', `closedOn ${cmd.closedOn} is before the plan's start date ${plan.startDate}`);
  const open = plan.goals.filter((g) => g.status === 'open');
  if (open.length > 0 && cmd.cancelOpenGoals !== true) {
    throw new DomainError('OPEN_GOALS', `${open.length} goal(s) still open: complete them, or close with cancelOpenGoals`, { openGoals: open.length });
  }
}

/** Closes a plan in place: open goals and objectives are cancelled (R-IEP-5). */
export function closePlan(plan: PlanView, closedOn: IsoDate, reason: PlanClosedReason, closure: PlanEntryRecord): void {
  plan.status = 'closed';
  plan.closedOn = closedOn;
  plan.closedReason = reason;
  plan.closure = closure;
  for (const goal of plan.goals) {
    if (goal.status === 'open') goal.status = 'cancelled';
    for (const o of goal.objectives) if (o.status === 'open') o.status = 'cancelled';
  }
}

/** R-IEP-5: the date an exit closes a plan: the exit date, not before the plan's start. */
export function exitClosingDate(plan: Pick<PlanView, 'startDate'>, exitDate: IsoDate): IsoDate {
  return exitDate < plan.startDate ? plan.startDate : exitDate;
}

function activityDate(a: Pick<PlanActivity, 'actualBeginDate' | 'projectedBeginDate'>): IsoDate {
  return a.actualBeginDate ?? a.projectedBeginDate ?? '9999-12-31';
}

/** R-IEP-4: a plan's services ordered by their activity's date (actual begin, else projected), then id. */
export function orderedServices(services: readonly PlanServiceView[], activities: readonly PlanActivity[]): PlanServiceView[] {
  const byId = new Map(activities.map((a) => [a.id, a]));
  const date = (s: PlanServiceView): IsoDate => {
    const a = byId.get(s.activityId);
    return a ? activityDate(a) : '9999-12-31';
  };
  return [...services].sort((a, b) => date(a).localeCompare(date(b)) || a.activityId.localeCompare(b.activityId));
}

// ---- R-IEP-6 alert conditions --------------------------------------------------------------------
export const PLAN_ALERT_TYPES = ['plan_objective_review_due', 'plan_goal_overdue', 'plan_missing'] as const;
export type PlanAlertType = (typeof PLAN_ALERT_TYPES)[number];

/** What the plan alerts read of the application. */
export interface PlanAlertInput {
  status: ApplicationStatus;
  participationDate: IsoDate | null;
  activities: readonly { category?: ActivityCategory }[];
  plans: readonly Pick<PlanView, 'id' | 'status' | 'goals'>[];
}

/**
 * A plan alert and the inclusive dates on which it is open (`from`/`until` null = unbounded), in
 * the shape of the alert module's candidates. `detail` holds ids and dates only.
 */
export interface PlanAlertCandidate {
  type: PlanAlertType;
  subjectKey: string;
  from: IsoDate | null;
  until: IsoDate | null;
  since: IsoDate | null;
  detail: Record<string, string | number | boolean | null>;
}

/**
 * R-IEP-6, only while `participating` (plans close at an exit):
 * - `plan_objective_review_due`: an open objective of an open plan with review date R: open from
 *   R − N (N = `reviewDays`, default 7) on, also once R has passed, until a review moves R or ends it.
 *   subjectKey = objective id; `since` = R − N.
 * - `plan_goal_overdue`: an open goal of an open plan with estimated completion E: open from E + 1.
 *   subjectKey = goal id; `since` = E + 1.
 * - `plan_missing`: no open plan, at least one `individualized` or `training` activity (any status),
 *   and more than 30 days since the participation date P: open from P + 31. subjectKey ''.
 */
export function planAlertCandidates(input: PlanAlertInput, reviewDays: number): PlanAlertCandidate[] {
  if (input.status !== 'participating') return [];
  const out: PlanAlertCandidate[] = [];
  for (const plan of input.plans) {
    if (plan.status !== 'open') continue;
    for (const goal of plan.goals) {
      if (goal.status === 'open') {
        const from = addDays(goal.estimatedCompletionDate, 1);
        out.push({
          type: 'plan_goal_overdue',
          subjectKey: goal.id,
          from,
          until: null,
          since: from,
          detail: { planId: plan.id, goalId: goal.id, estimatedCompletionDate: goal.estimatedCompletionDate },
        });
      }
      for (const o of goal.objectives) {
        if (o.status !== 'open') continue;
        const from = addDays(o.reviewDate, -reviewDays);
        out.push({
          type: 'plan_objective_review_due',
          subjectKey: o.id,
          from,
          until: null,
          since: from,
          detail: { planId: plan.id, goalId: goal.id, objectiveId: o.id, reviewDate: o.reviewDate, thresholdDays: reviewDays },
        });
      }
    }
  }
  const hasOpenPlan = input.plans.some((p) => p.status === 'open');
  const needsPlan = input.activities.some((a) => a.category === 'individualized' || a.category === 'training');
  if (!hasOpenPlan && needsPlan && input.participationDate !== null) {
    const from = addDays(input.participationDate, PLAN_MISSING_AFTER_DAYS + 1);
    out.push({
      type: 'plan_missing',
      subjectKey: '',
      from,
      until: null,
      since: from,
      detail: { participationDate: input.participationDate, afterDays: PLAN_MISSING_AFTER_DAYS },
    });
  }
  return out;
}
