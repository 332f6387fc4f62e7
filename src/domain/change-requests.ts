/**
 * Data change requests (R-DCR-1 … R-DCR-3): corrections of data already entered on an application
 * (an activity's dates, completion code or code; the participation date), requested by staff and
 * applied only when a supervisor other than the requester approves.
 *
 * A correction is validated "as if applied": the whole application, with the change made, must still
 * satisfy R-ACT-2 (participation between eligibility and today), R-ACT-5 (end ≥ begin, no actual date
 * before participation), have no actual date in the future, and use a catalog code valid for the
 * activity's program. Corrections are not new entries, so R-ACT-4's backdating windows do not apply.
 * Pure: `today` is a parameter; no clock, no I/O.
 */
import { codeAppliesToProgram, type ActivityCodeEntry } from './activity-codes';
import { isIsoDate, type IsoDate } from './dates';
import { COMPLETION_CODES, type ActivityCategory, type ActivityStatus, type ApplicationStatus, type CompletionCode, type Program, type Role } from './enums';
import { DomainError } from './errors';

/** §9 change request `status`. */
export const CHANGE_REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

/** §9 `target.kind`. */
export type ChangeTarget = { kind: 'activity'; activityId: string } | { kind: 'participation' };

/** The fields a change request may correct (§9 `changes`). */
const ACTIVITY_CHANGE_FIELDS = ['actualBeginDate', 'actualEndDate', 'projectedEndDate', 'completionCode', 'code'] as const;
const PARTICIPATION_CHANGE_FIELDS = ['participationDate'] as const;
export type ChangeField = (typeof ACTIVITY_CHANGE_FIELDS)[number] | (typeof PARTICIPATION_CHANGE_FIELDS)[number];

export interface RequestedChanges {
  actualBeginDate?: IsoDate;
  actualEndDate?: IsoDate;
  projectedEndDate?: IsoDate;
  completionCode?: CompletionCode;
  code?: string;
  participationDate?: IsoDate;
}

/** The activity as the correction rules see it. */
export interface CorrectableActivity {
  id: string;
  code: string;
  category: ActivityCategory;
  program: Program;
  status: ActivityStatus;
  actualBeginDate: IsoDate | null;
  projectedBeginDate: IsoDate | null;
  projectedEndDate: IsoDate | null;
  actualEndDate: IsoDate | null;
  completionCode: CompletionCode | null;
}

export interface CorrectionContext {
  status: ApplicationStatus;
  eligibilityDate: IsoDate;
  participationDate: IsoDate | null;
  activities: readonly CorrectableActivity[];
  /** Agency-local today (R-TIME-2). */
  today: IsoDate;
}

/** One field's correction: what it was and what it becomes (recorded in the audit trail, R-DCR-2). */
export interface FieldChange {
  /** `participationDate`, or an activity field. */
  field: ChangeField;
  /** The activity the field belongs to (null for the participation date). */
  activityId: string | null;
  before: string | null;
  after: string;
}

/**
 * R-DCR-3 / R-DCR-1: change requests are accepted while the application is `participating`; after a
 * soft or exclusionary exit (or completion) `APPLICATION_EXITED`, before participation `NOT_PARTICIPATING`.
 */
function requireCorrectable(status: ApplicationStatus): void {
  if (status === 'exited' || status === 'exited_exclusionary' || status === 'completed') {
    throw new DomainError('APPLICATION_EXITED', 'the application has exited: its data can no longer be changed');
  }
  if (status !== 'participating') throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
}

function checkDate(value: unknown, field: string): IsoDate {
  if (!isIsoDate(value)) throw new DomainError('INVALID_DATE', `${field} must be YYYY-MM-DD`, { field });
  return value;
}

const notApplicable = (field: string, why: string): DomainError => new DomainError('CHANGE_NOT_APPLICABLE', `${field} cannot be changed: ${why}`, { field });

/**
 * R-DCR-1: validates a change request against the application as if it were applied, and returns
 * every field it changes with its value before and after (in a stable order). `entry` is the catalog
 * entry of `changes.code`, resolved by the API from the agency's catalog.
 *
 * - `CHANGE_NOT_APPLICABLE` (422): a field the target does not have (participation: only
 *   `participationDate`; activity: the others), a field not entered yet (an actual begin of a future
 *   activity, an actual end or completion code of an activity not closed: those are recorded by
 *   begin/close, not corrected), or no field that differs from the current value;
 * - `ACTIVITY_NOT_FOUND` (404); `UNKNOWN_ACTIVITY_CODE`, `CODE_NOT_FOR_PROGRAM` (422); a code of
 *   another kind (a follow-up code for a service or the reverse, a planned-break code):
 *   `CHANGE_NOT_APPLICABLE`;
 * - as applied: `FUTURE_DATE`, `PARTICIPATION_BEFORE_ELIGIBILITY`, `DATE_BEFORE_PARTICIPATION`,
 *   `END_BEFORE_BEGIN` (422). Backdating windows (R-ACT-4) do not apply.
 *
 * A participation-date correction also moves the actual begin of the activity that participation
 * created (R-ACT-2: its actual begin is the participation date) when it still equals the old date.
 */
export function validateChangeRequest(
  ctx: CorrectionContext,
  target: ChangeTarget,
  changes: RequestedChanges,
  entry?: ActivityCodeEntry | null,
): FieldChange[] {
  requireCorrectable(ctx.status);
  const participationDate = ctx.participationDate as IsoDate;
  const given = (Object.keys(changes) as (keyof RequestedChanges)[]).filter((k) => changes[k] !== undefined);
  if (given.length === 0) throw new DomainError('CHANGE_NOT_APPLICABLE', 'a change request needs at least one change', { field: 'changes' });
  const allowed: readonly string[] = target.kind === 'participation' ? PARTICIPATION_CHANGE_FIELDS : ACTIVITY_CHANGE_FIELDS;
  for (const f of given) {
    if (!allowed.includes(f)) throw notApplicable(f, `a ${target.kind} change request corrects only ${allowed.join(', ')}`);
  }

  // The activities as they would be after the change.
  const after = ctx.activities.map((a) => ({ ...a }));
  const result: FieldChange[] = [];
  let newParticipation = participationDate;

  if (target.kind === 'participation') {
    const next = checkDate(changes.participationDate, 'participationDate');
    if (next !== participationDate) {
      result.push({ field: 'participationDate', activityId: null, before: participationDate, after: next });
      const first = after[0];
      if (first && first.actualBeginDate === participationDate) {
        result.push({ field: 'actualBeginDate', activityId: first.id, before: first.actualBeginDate, after: next });
        first.actualBeginDate = next;
      }
      newParticipation = next;
    }
  } else {
    const activity = after.find((a) => a.id === target.activityId);
    if (!activity) throw new DomainError('ACTIVITY_NOT_FOUND', `activity ${target.activityId} not found`, { activityId: target.activityId });
    const record = (field: ChangeField, value: string): void => {
      const before = (activity as unknown as Record<string, string | null>)[field] ?? null;
      if (before !== value) result.push({ field, activityId: activity.id, before, after: value });
    };
    if (changes.code !== undefined) {
      if (!entry || entry.code !== changes.code) {
        throw new DomainError('UNKNOWN_ACTIVITY_CODE', `activity code ${changes.code} is not in the catalog`, { code: changes.code });
      }
      if (!codeAppliesToProgram(entry, activity.program)) {
        throw new DomainError('CODE_NOT_FOR_PROGRAM', `activity code ${entry.code} does not apply to ${activity.program}`, {
          code: entry.code,
          program: activity.program,
        });
      }
      if (entry.category === 'planned_break') throw notApplicable('code', 'a planned break is requested, not recorded as an activity');
      if ((entry.category === 'follow_up') !== (activity.category === 'follow_up')) {
        throw notApplicable('code', 'a follow-up code and a service code cannot replace each other');
      }
      record('code', entry.code);
      activity.code = entry.code;
      activity.category = entry.category;
    }
    if (changes.actualBeginDate !== undefined) {
      const v = checkDate(changes.actualBeginDate, 'actualBeginDate');
      if (activity.actualBeginDate === null) throw notApplicable('actualBeginDate', 'the activity has not begun (record its begin instead)');
      record('actualBeginDate', v);
      activity.actualBeginDate = v;
    }
    if (changes.actualEndDate !== undefined) {
      const v = checkDate(changes.actualEndDate, 'actualEndDate');
      if (activity.status !== 'closed') throw notApplicable('actualEndDate', 'the activity is not closed (close it instead)');
      record('actualEndDate', v);
      activity.actualEndDate = v;
    }
    if (changes.completionCode !== undefined) {
      if (!(COMPLETION_CODES as readonly string[]).includes(changes.completionCode)) {
        throw new DomainError('CHANGE_NOT_APPLICABLE', `completionCode must be one of ${COMPLETION_CODES.join(', ')}`, { field: 'completionCode' });
      }
      if (activity.status !== 'closed') throw notApplicable('completionCode', 'the activity is not closed (close it instead)');
      record('completionCode', changes.completionCode);
      activity.completionCode = changes.completionCode;
    }
    if (changes.projectedEndDate !== undefined) {
      const v = checkDate(changes.projectedEndDate, 'projectedEndDate');
      record('projectedEndDate', v);
      activity.projectedEndDate = v;
    }
  }
  if (result.length === 0) throw new DomainError('CHANGE_NOT_APPLICABLE', 'every requested value equals the current one', { field: 'changes' });

  const projectedChanged = result.filter((f) => f.field === 'projectedEndDate').map((f) => f.activityId as string);
  validateAsApplied({ ...ctx, participationDate: newParticipation, activities: after }, projectedChanged);
  return result;
}

/** A date recorded elsewhere on the application (an outcome, the plan) that R-ACT-5 keeps on or after participation. */
export interface DatedEntry {
  /** The field, as its own command names it (`attainedOn`, `achievedOn`, `startDate`, …). */
  field: string;
  date: IsoDate;
  /** What the date belongs to, for the error's details: `{credentialId}`, `{skillGainId}`, `{planId, goalId?}`, … */
  ref: Record<string, string>;
}

/**
 * R-DCR-1 as applied to the rest of the application: a credential's `attainedOn` (R-CRED-2), a skill
 * gain's `achievedOn` (R-MSG-1) and the plan's dates (R-IEP: start, goals, objectives, reviews, close)
 * were each refused before the participation date when recorded, so a participation date moved past
 * one of them is `DATE_BEFORE_PARTICIPATION` (422), naming the earliest. A new participation date that
 * is not a date is left to `validateChangeRequest`'s own error. Checked for new requests and approvals
 * only (an Update validator's `admit`): requests recorded before this check replay as they were.
 */
export function validateEntriesAsApplied(participationDate: unknown, entries: readonly DatedEntry[]): void {
  if (!isIsoDate(participationDate)) return;
  const first = entries.filter((e) => e.date < participationDate).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))[0];
  if (first) {
    const what = Object.entries(first.ref)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    throw new DomainError('DATE_BEFORE_PARTICIPATION', `${first.field} ${first.date} (${what}) would be before the participation date ${participationDate}`, {
      field: first.field,
      ...first.ref,
      date: first.date,
      participationDate,
    });
  }
}

/**
 * The date rules an application must satisfy, checked on the corrected data: R-ACT-2 (participation
 * not before eligibility, not in the future), no actual date in the future, R-ACT-5 (no actual date
 * before participation; actual end ≥ actual begin) and projected end ≥ the begin it follows — for
 * activities not closed yet, and for those whose projected end the request changes (a closed
 * activity's projected end is the old plan; it does not have to follow a corrected begin).
 */
function validateAsApplied(ctx: CorrectionContext, projectedEndChanged: readonly string[] = []): void {
  const p = ctx.participationDate as IsoDate;
  if (p > ctx.today) {
    throw new DomainError('FUTURE_DATE', `participationDate ${p} is in the future (today is ${ctx.today})`, {
      field: 'participationDate',
      date: p,
      today: ctx.today,
    });
  }
  if (p < ctx.eligibilityDate) {
    throw new DomainError('PARTICIPATION_BEFORE_ELIGIBILITY', `participationDate ${p} is before the eligibility date ${ctx.eligibilityDate}`, {
      participationDate: p,
      eligibilityDate: ctx.eligibilityDate,
    });
  }
  for (const a of ctx.activities) {
    for (const field of ['actualBeginDate', 'actualEndDate'] as const) {
      const d = a[field];
      if (d === null) continue;
      if (d > ctx.today) {
        throw new DomainError('FUTURE_DATE', `${field} ${d} of activity ${a.id} is in the future (today is ${ctx.today})`, {
          field,
          activityId: a.id,
          date: d,
          today: ctx.today,
        });
      }
      if (d < p) {
        throw new DomainError('DATE_BEFORE_PARTICIPATION', `${field} ${d} of activity ${a.id} is before the participation date ${p}`, {
          field,
          activityId: a.id,
          date: d,
          participationDate: p,
        });
      }
    }
    if (a.actualBeginDate !== null && a.actualEndDate !== null && a.actualEndDate < a.actualBeginDate) {
      throw new DomainError('END_BEFORE_BEGIN', `actualEndDate ${a.actualEndDate} of activity ${a.id} is before its actual begin ${a.actualBeginDate}`, {
        field: 'actualEndDate',
        activityId: a.id,
        begin: a.actualBeginDate,
        end: a.actualEndDate,
      });
    }
    const begin = a.actualBeginDate ?? a.projectedBeginDate;
    const planMatters = a.status !== 'closed' || projectedEndChanged.includes(a.id);
    if (planMatters && begin !== null && a.projectedEndDate !== null && a.projectedEndDate < begin) {
      throw new DomainError('END_BEFORE_BEGIN', `projectedEndDate ${a.projectedEndDate} of activity ${a.id} is before its begin ${begin}`, {
        field: 'projectedEndDate',
        activityId: a.id,
        begin,
        end: a.projectedEndDate,
      });
    }
  }
}

/** The request being decided, as the decision rules see it. */
export interface PendingRequestSnapshot {
  id: string;
  status: ChangeRequestStatus;
  requestedBy: string;
}

/**
 * R-DCR-2: approving or rejecting needs a supervisor (`SUPERVISOR_REQUIRED`, 403) other than the
 * requester (`SELF_APPROVAL`, 422), a known request (`CHANGE_REQUEST_NOT_FOUND`, 404) that is still
 * pending (`CHANGE_REQUEST_NOT_PENDING`, 409).
 */
export function validateChangeRequestDecision(
  request: PendingRequestSnapshot | undefined,
  requestId: string,
  decider: { staffId: string; role: Role },
): PendingRequestSnapshot {
  if (!request) throw new DomainError('CHANGE_REQUEST_NOT_FOUND', `change request ${requestId} not found`, { requestId });
  if (decider.role !== 'supervisor') throw new DomainError('SUPERVISOR_REQUIRED', 'a supervisor decides change requests');
  if (request.status !== 'pending') {
    throw new DomainError('CHANGE_REQUEST_NOT_PENDING', `change request ${requestId} is ${request.status}`, { requestId, status: request.status });
  }
  if (request.requestedBy === decider.staffId) {
    throw new DomainError('SELF_APPROVAL', 'a change request is decided by a supervisor other than the one who requested it', { requestId });
  }
  return request;
}
