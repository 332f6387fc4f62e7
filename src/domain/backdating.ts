/**
 * Actual-date rules: backdating (R-ACT-4), participation date (R-ACT-2), date order (R-ACT-5).
 * All functions throw {@link DomainError} on violation.
 */
import { diffDays, type IsoDate } from './dates';
import type { Role } from './enums';
import { DomainError } from './errors';

/** R-ACT-4: actual dates up to this many days before today need no approval. */
export const BACKDATE_FREE_DAYS = 30;
/** R-ACT-4: actual dates more than this many days before today are rejected. */
export const BACKDATE_MAX_DAYS = 90;

export interface ActualDateInput {
  date: IsoDate;
  /** Agency-local today (R-TIME-2). */
  today: IsoDate;
  callerRole: Role;
  /** Staff id of the approving supervisor (R-ACT-4); only non-emptiness can be checked here. */
  backdateApprovedBy?: string | null;
  /** Field name for error details, e.g. `actualEndDate`. */
  field?: string;
  /**
   * R-IMP-2: `lifted` when a legacy case is imported: its dates were entered in another system, so the
   * 30/90-day windows do not apply (a future date is still refused). Default `enforced`.
   */
  windows?: BackdatingWindows;
}

/** R-ACT-4's 30/90-day windows: enforced for everything entered here; lifted only for imported cases (R-IMP-2). */
export type BackdatingWindows = 'enforced' | 'lifted';

export interface BackdateResult {
  /** Days before today (0 = today). */
  daysBack: number;
  /** How a 31-90 day backdate was authorised (for the audit trail); `none` within 30 days; `lifted` for an import. */
  approval: 'none' | 'backdate_approved_by' | 'supervisor_caller' | 'lifted';
}

/** Days between `date` and `today` (positive = in the past). */
export function backdateDays(date: IsoDate, today: IsoDate): number {
  return diffDays(today, date);
}

/**
 * R-ACT-4: future → `FUTURE_DATE`; 0-30 days back → ok; 31-90 → needs a non-empty
 * `backdateApprovedBy` or a supervisor caller, else `BACKDATE_APPROVAL_REQUIRED`; > 90 →
 * `BACKDATE_LIMIT` (no approval can lift it). All 422.
 */
export function validateActualDate(input: ActualDateInput): BackdateResult {
  const { date, today, callerRole, field = 'date' } = input;
  const daysBack = backdateDays(date, today);
  if (daysBack < 0) {
    throw new DomainError('FUTURE_DATE', `${field} ${date} is in the future (today is ${today})`, { field, date, today });
  }
  if (daysBack <= BACKDATE_FREE_DAYS) return { daysBack, approval: 'none' };
  if (input.windows === 'lifted') return { daysBack, approval: 'lifted' };
  if (daysBack > BACKDATE_MAX_DAYS) {
    throw new DomainError('BACKDATE_LIMIT', `${field} ${date} is ${daysBack} days before today; more than ${BACKDATE_MAX_DAYS} days cannot be backdated`, {
      field,
      date,
      today,
      daysBack,
      maxDays: BACKDATE_MAX_DAYS,
    });
  }
  if (callerRole === 'supervisor') return { daysBack, approval: 'supervisor_caller' };
  if (input.backdateApprovedBy && input.backdateApprovedBy.trim() !== '') {
    return { daysBack, approval: 'backdate_approved_by' };
  }
  throw new DomainError(
    'BACKDATE_APPROVAL_REQUIRED',
    `${field} ${date} is ${daysBack} days before today; backdating more than ${BACKDATE_FREE_DAYS} days needs backdateApprovedBy (a supervisor)`,
    { field, date, today, daysBack },
  );
}

/** R-ACT-5: no actual date before the participation date (`DATE_BEFORE_PARTICIPATION`, 422). */
export function validateNotBeforeParticipation(date: IsoDate, participationDate: IsoDate, field = 'date'): void {
  if (date < participationDate) {
    throw new DomainError('DATE_BEFORE_PARTICIPATION', `${field} ${date} is before the participation date ${participationDate}`, {
      field,
      date,
      participationDate,
    });
  }
}

/** R-ACT-5: end ≥ begin (`END_BEFORE_BEGIN`, 422). Also used for projected dates. */
export function validateEndNotBeforeBegin(begin: IsoDate, end: IsoDate, field = 'endDate'): void {
  if (end < begin) {
    throw new DomainError('END_BEFORE_BEGIN', `${field} ${end} is before the begin date ${begin}`, { field, begin, end });
  }
}

export interface ParticipationDateInput {
  participationDate: IsoDate;
  eligibilityDate: IsoDate;
  today: IsoDate;
  callerRole: Role;
  backdateApprovedBy?: string | null;
  /** R-IMP-2: see {@link ActualDateInput.windows}. */
  windows?: BackdatingWindows;
}

/**
 * R-ACT-2: participation date not in the future (`FUTURE_DATE`), not before the eligibility date
 * (`PARTICIPATION_BEFORE_ELIGIBILITY`). Design choice: it is also the actual begin date of the first
 * activity, so the R-ACT-4 backdating limits apply to it too.
 */
export function validateParticipationDate(input: ParticipationDateInput): BackdateResult {
  const { participationDate, eligibilityDate, today } = input;
  if (participationDate > today) {
    throw new DomainError('FUTURE_DATE', `participationDate ${participationDate} is in the future (today is ${today})`, {
      field: 'participationDate',
      date: participationDate,
      today,
    });
  }
  if (participationDate < eligibilityDate) {
    throw new DomainError('PARTICIPATION_BEFORE_ELIGIBILITY', `participationDate ${participationDate} is before the eligibility date ${eligibilityDate}`, {
      participationDate,
      eligibilityDate,
    });
  }
  return validateActualDate({
    date: participationDate,
    today,
    callerRole: input.callerRole,
    backdateApprovedBy: input.backdateApprovedBy ?? null,
    field: 'participationDate',
    windows: input.windows,
  });
}
