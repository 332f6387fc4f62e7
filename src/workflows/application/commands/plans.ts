/**
 * The Individual Employment Plan / Individual Service Strategy (R-IEP-1 … R-IEP-5): create, goals,
 * objectives and their reviews, linked services, close; and the close an exit makes. The rules live
 * in src/domain/employment-plans.ts; descriptions and notes go to PostgreSQL through the outbox.
 */
import {
  type PlanContext,
  type PlanEntryRecord,
  type PlanGoalView,
  type PlanObjectiveView,
  type PlanView,
  closePlan,
  exitClosingDate,
  orderedServices,
  requireGoal,
  requireObjective,
  requireOpenPlan,
  validateClosePlan,
  validateGoalCompletion,
  validateLinkService,
  validateNewGoal,
  validateNewObjective,
  validateNewPlan,
  validateObjectiveReview,
} from '../../../domain/employment-plans';
import { requireActivity } from '../../../domain/activity-rules';
import { entryTimeliness } from '../../../domain/timeliness';
import {
  createPlan,
  addPlanGoal,
  completePlanGoal,
  addPlanObjective,
  reviewPlanObjective,
  linkPlanService,
  closePlan as closePlanUpdate,
  type Actor,
  type AddPlanGoalPayload,
  type AddPlanObjectivePayload,
  type ClosePlanPayload,
  type Command,
  type CompletePlanGoalPayload,
  type CreatePlanPayload,
  type LinkPlanServicePayload,
  type ReviewPlanObjectivePayload,
} from '../contract';
import { type ApplicationState, type CommandContext, type SYSTEM_ACTOR, audit, spec, todayOf } from '../state';
import { queuePlanRecord, requireText } from './assessment';

function planContext(state: ApplicationState, actor: Actor, now: number): PlanContext {
  return {
    status: state.status,
    programs: state.input.programs,
    participationDate: state.participationDate,
    today: todayOf(state, now),
    callerRole: actor.role,
  };
}

const plansOf = (state: ApplicationState): PlanView[] => state.plans;

/** R-TIMELY-1 for a plan entry describing `datedOn`, entered now by `actor`. */
function entry(state: ApplicationState, ctx: CommandContext, actor: Actor, datedOn: string): PlanEntryRecord {
  return { ...entryTimeliness('plan_entry', datedOn, todayOf(state, ctx.now)), recordedBy: actor.staffId };
}

/** The plan as the view shows it (services in activity-date order). */
const shown = (state: ApplicationState, plan: PlanView): PlanView => ({ ...plan, services: orderedServices(plan.services, state.activities) });

function openPlan(state: ApplicationState, actor: Actor, now: number, planId: string): PlanView {
  return requireOpenPlan(planContext(state, actor, now), state.plans, planId);
}

export const createPlanCommand = spec(createPlan, {
  decide: (state, { actor, payload }: Command<CreatePlanPayload>, now) => {
    requireText(payload.office, 'office');
    return validateNewPlan(planContext(state, actor, now), payload, {
      assessmentComplete: state.assessment.status === 'complete',
      activities: state.activities,
      plans: state.plans,
    });
  },
  apply: (state, { actor, payload }, d, ctx) => {
    const plan: PlanView = {
      id: ctx.newId(),
      kind: d.kind,
      startDate: payload.startDate,
      office: payload.office,
      status: 'open',
      closedOn: null,
      closedReason: null,
      goals: [],
      // R-IEP-7: the plan's development (205) is always one of its services.
      services: [{ activityId: d.iepActivity.id, code: d.iepActivity.code, title: d.iepActivity.title }],
      ...entry(state, ctx, actor, payload.startDate),
      closure: null,
    };
    plansOf(state).push(plan);
    audit(state, ctx, actor, ctx.command, {
      planId: plan.id,
      kind: plan.kind,
      startDate: plan.startDate,
      office: plan.office,
      late: plan.late,
      iepActivityId: d.iepActivity.id,
    });
    return { plan: shown(state, plan) };
  },
});

export const addPlanGoalCommand = spec(addPlanGoal, {
  decide: (state, { actor, payload }: Command<AddPlanGoalPayload>, now) => {
    const plan = openPlan(state, actor, now, payload.planId);
    requireText(payload.description, 'description');
    validateNewGoal(planContext(state, actor, now), plan, payload);
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const plan = openPlan(state, actor, ctx.now, payload.planId);
    const goal: PlanGoalView = {
      id: ctx.newId(),
      type: payload.type,
      term: payload.term,
      status: 'open',
      dateEstablished: payload.dateEstablished,
      estimatedCompletionDate: payload.estimatedCompletionDate,
      actualCompletionDate: null,
      program: payload.program,
      ...entry(state, ctx, actor, payload.dateEstablished),
      completion: null,
      objectives: [],
    };
    plan.goals.push(goal);
    queuePlanRecord(state, { kind: 'goal_description', planId: plan.id, goalId: goal.id, description: payload.description });
    audit(state, ctx, actor, ctx.command, {
      planId: plan.id,
      goalId: goal.id,
      type: goal.type,
      term: goal.term,
      dateEstablished: goal.dateEstablished,
      late: goal.late,
    });
    return { goal, plan: shown(state, plan) };
  },
});

export const completePlanGoalCommand = spec(completePlanGoal, {
  decide: (state, { actor, payload }: Command<CompletePlanGoalPayload>, now) => {
    const plan = openPlan(state, actor, now, payload.planId);
    validateGoalCompletion(planContext(state, actor, now), plan, payload.goalId, payload);
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const plan = openPlan(state, actor, ctx.now, payload.planId);
    const goal = requireGoal(plan, payload.goalId);
    const completion = entry(state, ctx, actor, payload.actualCompletionDate);
    goal.status = payload.outcome;
    goal.actualCompletionDate = payload.actualCompletionDate;
    goal.completion = completion;
    audit(state, ctx, actor, ctx.command, {
      planId: plan.id,
      goalId: goal.id,
      outcome: payload.outcome,
      actualCompletionDate: payload.actualCompletionDate,
      late: completion.late,
    });
    return { goal, plan: shown(state, plan) };
  },
});

export const addPlanObjectiveCommand = spec(addPlanObjective, {
  decide: (state, { actor, payload }: Command<AddPlanObjectivePayload>, now) => {
    const plan = openPlan(state, actor, now, payload.planId);
    requireText(payload.description, 'description');
    validateNewObjective(planContext(state, actor, now), plan, payload.goalId, payload);
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const plan = openPlan(state, actor, ctx.now, payload.planId);
    const goal = requireGoal(plan, payload.goalId);
    const objective: PlanObjectiveView = {
      id: ctx.newId(),
      status: 'open',
      dateEstablished: payload.dateEstablished,
      reviewDate: payload.reviewDate,
      program: payload.program,
      ...entry(state, ctx, actor, payload.dateEstablished),
      reviews: [],
    };
    goal.objectives.push(objective);
    queuePlanRecord(state, { kind: 'objective_description', planId: plan.id, objectiveId: objective.id, description: payload.description });
    audit(state, ctx, actor, ctx.command, {
      planId: plan.id,
      goalId: goal.id,
      objectiveId: objective.id,
      reviewDate: objective.reviewDate,
      late: objective.late,
    });
    return { objective, goal };
  },
});

export const reviewPlanObjectiveCommand = spec(reviewPlanObjective, {
  decide: (state, { actor, payload }: Command<ReviewPlanObjectivePayload>, now) => {
    const plan = openPlan(state, actor, now, payload.planId);
    requireText(payload.note, 'note');
    validateObjectiveReview(planContext(state, actor, now), plan, payload.objectiveId, payload);
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const plan = openPlan(state, actor, ctx.now, payload.planId);
    const { goal, objective } = requireObjective(plan, payload.objectiveId);
    const record = entry(state, ctx, actor, payload.reviewedOn);
    const review = { id: ctx.newId(), reviewedOn: payload.reviewedOn, status: payload.status, nextReviewDate: payload.nextReviewDate ?? null, ...record };
    objective.reviews.push(review);
    objective.status = payload.status;
    if (review.nextReviewDate !== null) objective.reviewDate = review.nextReviewDate;
    queuePlanRecord(state, {
      kind: 'objective_review',
      ...review,
      planId: plan.id,
      objectiveId: objective.id,
      note: payload.note,
      recordedAt: new Date(ctx.now).toISOString(),
    });
    audit(state, ctx, actor, ctx.command, {
      planId: plan.id,
      goalId: goal.id,
      objectiveId: objective.id,
      reviewId: review.id,
      status: review.status,
      reviewedOn: review.reviewedOn,
      nextReviewDate: review.nextReviewDate,
      late: review.late,
    });
    return { objective, goal };
  },
});

export const linkPlanServiceCommand = spec(linkPlanService, {
  decide: (state, { actor, payload }: Command<LinkPlanServicePayload>, now) => {
    const plan = openPlan(state, actor, now, payload.planId);
    validateLinkService(plan, state.activities, payload.activityId);
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const plan = openPlan(state, actor, ctx.now, payload.planId);
    const activity = requireActivity(state.activities, payload.activityId);
    plan.services.push({ activityId: activity.id, code: activity.code, title: activity.title });
    audit(state, ctx, actor, ctx.command, { planId: plan.id, activityId: activity.id, code: activity.code });
    return { plan: shown(state, plan) };
  },
});

export const closePlanCommand = spec(closePlanUpdate, {
  decide: (state, { actor, payload }: Command<ClosePlanPayload>, now) => {
    const plan = openPlan(state, actor, now, payload.planId);
    validateClosePlan(planContext(state, actor, now), plan, payload);
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const plan = openPlan(state, actor, ctx.now, payload.planId);
    const cancelled = plan.goals.filter((g) => g.status === 'open').length;
    closePlan(plan, payload.closedOn, 'manual', entry(state, ctx, actor, payload.closedOn));
    audit(state, ctx, actor, ctx.command, { planId: plan.id, closedOn: payload.closedOn, cancelledGoals: cancelled, late: plan.closure?.late ?? false });
    return { plan: shown(state, plan) };
  },
});

/**
 * R-IEP-5: a soft or exclusionary exit closes the open plan on the exit date (`closedReason: exit`).
 * The close is the exit's doing, not a late entry: `enteredOn` is today, `late` false. Returns the
 * ids of the plans closed (for the exit's audit entry).
 */
export function closePlansAtExit(state: ApplicationState, exitDate: string, ctx: CommandContext, by: Actor | typeof SYSTEM_ACTOR): string[] {
  const closed: string[] = [];
  for (const plan of state.plans) {
    if (plan.status !== 'open') continue;
    closePlan(plan, exitClosingDate(plan, exitDate), 'exit', { enteredOn: todayOf(state, ctx.now), late: false, recordedBy: by.staffId });
    closed.push(plan.id);
  }
  return closed;
}
