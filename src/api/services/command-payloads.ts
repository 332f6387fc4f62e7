/**
 * Workflow Update payloads built from validated request bodies: an activity code is resolved from the
 * agency's catalog and its entry travels with the code (R-ACT-1), so the workflow never reads the
 * catalog. The routes build them here, and so does `npm run bench:api` for its direct-client path.
 */
import { type ActivityCatalog, type ActivityCodeEntry, findCode } from '../../domain/activity-codes';
import type { AddActivityPayload, CloseActivityPayload, ParticipationPayload } from '../../workflows/application/contract';
import { ProblemError } from '../problem';

/** Resolves an activity code from the agency catalog for the workflow (R-ACT-1); 422 for an unknown code. */
export function codeEntry(catalog: ActivityCatalog, code: string): ActivityCodeEntry {
  const entry = findCode(catalog, code);
  if (!entry) throw new ProblemError(422, 'UNKNOWN_ACTIVITY_CODE', `unknown activity code ${code}`);
  return entry;
}

export function participationPayload(
  catalog: ActivityCatalog,
  body: Omit<ParticipationPayload, 'activity'> & { activity: Omit<ParticipationPayload['activity'], 'entry'> },
): ParticipationPayload {
  return { ...body, activity: { ...body.activity, entry: codeEntry(catalog, body.activity.code) } };
}

export function addActivityPayload(catalog: ActivityCatalog, body: Omit<AddActivityPayload, 'entry'>): AddActivityPayload {
  return { ...body, entry: codeEntry(catalog, body.code) };
}

export function closeActivityPayload(body: Omit<CloseActivityPayload, 'activityId'>, activityId: string): CloseActivityPayload {
  return { ...body, activityId };
}
