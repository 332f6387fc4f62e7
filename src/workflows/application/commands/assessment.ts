/** The objective assessment (R-OAS-1): one command records one of its twelve sections. */
import { recordAssessmentSection, validateAssessmentSection } from '../../../domain/assessment';
import { DomainError } from '../../../domain/errors';
import { recordAssessmentSection as recordAssessmentSectionUpdate, type AssessmentSectionPayload, type Command } from '../contract';
import { type ApplicationState, audit, enqueue, spec, todayOf } from '../state';
import type { PendingPlanRecord } from '../projection-contract';

/** Queues §8 free text for PostgreSQL (the writer flushes it with the view). */
export function queuePlanRecord(state: ApplicationState, record: PendingPlanRecord): void {
  enqueue(state, 'planRecords', record);
}

/** Free text the schema already trimmed; the workflow refuses empty text too (422 TEXT_REQUIRED). */
export function requireText(text: unknown, field: string): void {
  if (typeof text !== 'string' || text.trim() === '') throw new DomainError('TEXT_REQUIRED', `${field} must not be empty`, { field });
}

export const assessmentSectionCommand = spec(recordAssessmentSectionUpdate, {
  decide: (state, { payload }: Command<AssessmentSectionPayload>) => {
    validateAssessmentSection(state.status, payload.section, payload.status);
    requireText(payload.summary, 'summary');
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const at = new Date(ctx.now).toISOString();
    const before = state.assessment;
    state.assessment = recordAssessmentSection(before, { section: payload.section, status: payload.status, at, by: actor.staffId }, todayOf(state, ctx.now));
    queuePlanRecord(state, {
      kind: 'assessment_section',
      section: payload.section,
      status: payload.status,
      summary: payload.summary,
      updatedAt: at,
      updatedBy: actor.staffId,
    });
    audit(state, ctx, actor, ctx.command, { section: payload.section, status: payload.status, assessmentStatus: state.assessment.status });
    return {};
  },
});
