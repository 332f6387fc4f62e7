/**
 * The view's §8 parts (R-OAS-1 `assessment`, R-IEP-1 `plans`) as zod schemas for the OpenAPI document.
 * Kept apart from ./plans.ts (the request bodies) because src/api/schemas.ts imports these for the
 * application view: this file imports nothing from it.
 */
import type { PlanGoalView, PlanObjectiveView, PlanView } from '../../domain/employment-plans';
import type { AssessmentView } from '../../domain/assessment';
import { documents, z } from '../zod';
import { isIsoDate } from '../../domain/dates';
import { PROGRAMS } from '../../domain/enums';
import { ASSESSMENT_SECTIONS, ASSESSMENT_SECTION_STATUSES, ASSESSMENT_STATUSES } from '../../domain/assessment';
import { GOAL_STATUSES, GOAL_TERMS, GOAL_TYPES, OBJECTIVE_STATUSES, PLAN_CLOSED_REASONS, PLAN_KINDS, PLAN_STATUSES } from '../../domain/employment-plans';

const date = z.string().refine(isIsoDate, { message: 'must be a real calendar date YYYY-MM-DD' }).openapi({ format: 'date', example: '2024-03-04' });
const entryFields = {
  enteredOn: date.openapi({ description: 'R-TIMELY-1: the agency-local date the entry was made.' }),
  late: z.boolean().openapi({ description: 'R-TIMELY-1: entered more than five business days after the date it records.' }),
  recordedBy: z.string(),
};
const EntryRecord = z.object(entryFields);

export const AssessmentViewSchema = documents<AssessmentView>()(
  z
    .object({
      status: z.enum(ASSESSMENT_STATUSES),
      sections: z.array(
        z.object({
          section: z.enum(ASSESSMENT_SECTIONS),
          status: z.enum(ASSESSMENT_SECTION_STATUSES),
          updatedAt: z.string().datetime(),
          updatedBy: z.string(),
        }),
      ),
      completedOn: date.nullable(),
    })
    .openapi('Assessment', { description: 'R-OAS-1: complete when all 12 sections are complete. Summaries are kept in PostgreSQL only.' }),
);

export const ObjectiveViewSchema = documents<PlanObjectiveView>()(
  z
    .object({
      id: z.string(),
      status: z.enum(OBJECTIVE_STATUSES),
      dateEstablished: date,
      reviewDate: date,
      program: z.enum(PROGRAMS),
      ...entryFields,
      reviews: z.array(z.object({ id: z.string(), reviewedOn: date, status: z.enum(OBJECTIVE_STATUSES), nextReviewDate: date.nullable(), ...entryFields })),
    })
    .openapi('PlanObjective', { description: 'R-IEP-3 (descriptions and review notes are kept in PostgreSQL only).' }),
);

export const GoalViewSchema = documents<PlanGoalView>()(
  z
    .object({
      id: z.string(),
      type: z.enum(GOAL_TYPES),
      term: z.enum(GOAL_TERMS),
      status: z.enum(GOAL_STATUSES),
      dateEstablished: date,
      estimatedCompletionDate: date,
      actualCompletionDate: date.nullable(),
      program: z.enum(PROGRAMS),
      ...entryFields,
      completion: EntryRecord.nullable(),
      objectives: z.array(ObjectiveViewSchema),
    })
    .openapi('PlanGoal', { description: 'R-IEP-2 (the description is kept in PostgreSQL only).' }),
);

export const PlanViewSchema = documents<PlanView>()(
  z
    .object({
      id: z.string(),
      kind: z.enum(PLAN_KINDS),
      startDate: date,
      office: z.string(),
      status: z.enum(PLAN_STATUSES),
      closedOn: date.nullable(),
      closedReason: z.enum(PLAN_CLOSED_REASONS).nullable(),
      goals: z.array(GoalViewSchema),
      services: z.array(z.object({ activityId: z.string(), code: z.string(), title: z.string() })),
      ...entryFields,
      closure: EntryRecord.nullable(),
    })
    .openapi('Plan', { description: 'R-IEP-1: an IEP, or an ISS for a YOUTH application. Services are ordered by the activity date.' }),
);
