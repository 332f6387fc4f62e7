/** Request bodies and answers of the §8 objective assessment and plan routes (R-OAS-1, R-IEP-1 … R-IEP-7). */
import { z } from '../zod';
import { plainString, trimmedText } from '../text';
import { ApplicationViewSchema, IdParams, IsoDateSchema, ProgramSchema } from '../schemas';
import { ASSESSMENT_SECTIONS, ASSESSMENT_SECTION_STATUSES } from '../../domain/assessment';
import { BACKDATE_FREE_DAYS, BACKDATE_MAX_DAYS } from '../../domain/backdating';
import { GOAL_OUTCOMES, GOAL_TERMS, GOAL_TYPES, OBJECTIVE_STATUSES } from '../../domain/employment-plans';
import { AssessmentViewSchema, GoalViewSchema, ObjectiveViewSchema, PlanViewSchema } from './plan-view';

/** Free text of the plan (PII like case notes: PostgreSQL and encrypted payloads only). */
const planText = (what: string) => trimmedText(5000, `${what}. PII like a case note: kept in PostgreSQL, never in the view.`);
const approvedBy = trimmedText(64)
  .optional()
  .openapi({
    description: `R-ACT-4: a supervisor who approved backdating ${BACKDATE_FREE_DAYS + 1}–${BACKDATE_MAX_DAYS} days (not needed when the caller is a supervisor).`,
  });

export const AssessmentSectionParams = IdParams.extend({ section: z.enum(ASSESSMENT_SECTIONS) });
export const PlanParams = IdParams.extend({ planId: plainString(100) });
export const GoalParams = PlanParams.extend({ goalId: plainString(100) });
export const ObjectiveParams = PlanParams.extend({ objectiveId: plainString(100) });

export const AssessmentSectionBody = z
  .object({ status: z.enum(ASSESSMENT_SECTION_STATUSES), summary: planText('What the section found') })
  .strict()
  .openapi('AssessmentSection');

export const CreatePlanBody = z
  .object({ startDate: IsoDateSchema, office: trimmedText(64).openapi({ example: 'LA-2703' }), backdateApprovedBy: approvedBy })
  .strict()
  .openapi('CreatePlan');

export const AddGoalBody = z
  .object({
    type: z.enum(GOAL_TYPES),
    term: z.enum(GOAL_TERMS),
    description: planText('The goal'),
    dateEstablished: IsoDateSchema,
    estimatedCompletionDate: IsoDateSchema,
    program: ProgramSchema,
    backdateApprovedBy: approvedBy,
  })
  .strict()
  .openapi('AddPlanGoal');

export const CompleteGoalBody = z
  .object({ actualCompletionDate: IsoDateSchema, outcome: z.enum(GOAL_OUTCOMES), backdateApprovedBy: approvedBy })
  .strict()
  .openapi('CompletePlanGoal');

export const AddObjectiveBody = z
  .object({
    description: planText('The objective'),
    dateEstablished: IsoDateSchema,
    reviewDate: IsoDateSchema,
    program: ProgramSchema,
    backdateApprovedBy: approvedBy,
  })
  .strict()
  .openapi('AddPlanObjective');

export const ReviewObjectiveBody = z
  .object({
    reviewedOn: IsoDateSchema,
    status: z.enum(OBJECTIVE_STATUSES),
    nextReviewDate: IsoDateSchema.optional().openapi({ description: 'Required (after reviewedOn) when the objective stays open.' }),
    note: planText('The review note'),
    backdateApprovedBy: approvedBy,
  })
  .strict()
  .openapi('ReviewPlanObjective');

export const LinkServiceBody = z
  .object({ activityId: plainString(100) })
  .strict()
  .openapi('LinkPlanService');

export const ClosePlanBody = z
  .object({
    closedOn: IsoDateSchema,
    cancelOpenGoals: z.boolean().optional().openapi({ description: 'Cancel the goals still open (else 409 OPEN_GOALS).' }),
    backdateApprovedBy: approvedBy,
  })
  .strict()
  .openapi('ClosePlan');

export const AssessmentResult = z.object({ application: ApplicationViewSchema }).openapi('AssessmentResult');
export const PlanResult = z.object({ plan: PlanViewSchema, application: ApplicationViewSchema }).openapi('PlanResult');
export const GoalResult = z.object({ goal: GoalViewSchema, application: ApplicationViewSchema }).openapi('GoalResult');
export const ObjectiveResult = z.object({ objective: ObjectiveViewSchema, application: ApplicationViewSchema }).openapi('ObjectiveResult');

// ---- reads with the text from PostgreSQL ----------------------------------------------------------
const text = z.string().nullable().openapi({ description: 'From PostgreSQL; null until the projection has written it.' });
export const AssessmentDetail = AssessmentViewSchema.extend({
  sections: z.array(AssessmentViewSchema.shape.sections.element.extend({ summary: text })),
}).openapi('AssessmentDetail');
const ObjectiveDetail = ObjectiveViewSchema.extend({
  description: text,
  reviews: z.array(ObjectiveViewSchema.shape.reviews.element.extend({ note: text })),
});
const GoalDetail = GoalViewSchema.extend({ description: text, objectives: z.array(ObjectiveDetail) });
export const PlanDetail = z.object({ plan: PlanViewSchema.extend({ goals: z.array(GoalDetail) }) }).openapi('PlanDetail');
