/**
 * Follow-up rules: timeline (R-FU-5, R-FU-6), contact attempts (R-FU-3), completion (R-FU-4),
 * declining (R-FU-5).
 */
import { validateCaseNote } from './activity-rules';
import { addDays, type IsoDate } from './dates';
import {
  OPEN_FOLLOW_UP_STATUSES,
  isOneOf,
  type EmploymentType,
  type FollowUpEducationType,
  type FollowUpStatus,
  type Role,
  type StatusAtFollowUp,
  type YouthPlacementCode,
} from './enums';
import { DomainError } from './errors';
import type { EmploymentAtClosure } from './exits';

/** R-FU-3: a contact attempt as the follow-up view shows it. */
export interface ContactAttemptView {
  date: IsoDate;
  time: string;
  type: string;
  outcome: string;
  note?: string;
  recordedBy: string;
}

export interface FollowUpEmployer {
  name: string;
  naics?: string;
  occupation?: string;
  hourlyWage?: number;
  hoursPerWeek?: number;
  /** R-FU-4 (amended): PIRL 1600–1606 code 1, 2 or 3 (default `unsubsidized`). */
  employmentType?: EmploymentType;
  /** R-FU-4 (amended): the employer's 9-digit FEIN (retention with the same employer, R-RPT-6). */
  employerId?: string;
  /** R-FU-4 (amended): dollars earned in the quarter (absent: hourly wage × hours per week × 13). */
  quarterlyEarnings?: number;
}

/** R-FU-4 (amended): education or training recorded at a follow-up. */
export interface FollowUpEducation {
  enrolled: boolean;
  school?: string;
  type?: FollowUpEducationType;
  /** R-CRED-4 (amended): the education or training leads to a recognized postsecondary credential. */
  leadsToRecognizedCredential?: boolean;
}

/** The completion form of a follow-up (R-FU-4). */
export interface FollowUpCompletion {
  actualDate: IsoDate;
  contactType: string;
  workedInQuarter: boolean;
  employers: FollowUpEmployer[];
  education?: FollowUpEducation;
  youthPlacement?: string;
  /** R-FU-4 (amended): PIRL 1900/1901. */
  youthPlacementCode?: YouthPlacementCode;
  credential?: string;
  statusAtFollowUp?: string;
  overrideReason?: string;
  recordedBy: string;
  /** Completed after the due date (the follow-up was overdue). */
  late: boolean;
}

/** A follow-up as the application view shows it (SPEC §5, R-FU-*). */
export interface FollowUpView {
  quarter: number;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  dueDate: IsoDate;
  status: FollowUpStatus;
  contactAttempts: ContactAttemptView[];
  completedOn?: IsoDate;
  completion?: FollowUpCompletion;
  /** Employment recorded at closure, offered to pre-fill the completion form (R-CLOSE-1). */
  prefill?: EmploymentAtClosure | null;
  declinedOn?: IsoDate;
  /** Set by the parent when the follow-up's child workflow failed; the record is kept. */
  error?: string;
  /**
   * R-TIMELY-1: when the completion was entered (agency-local) and whether that entry was late (more
   * than 5 business days after the actual follow-up date). Not `completion.late`, which says the
   * follow-up was completed after its due date (R-FU-5).
   */
  enteredOn?: IsoDate;
  late?: boolean;
}

/** R-FU-5 default grace period after the due date before an overdue follow-up is `missed`. */
export const FOLLOW_UP_GRACE_DAYS_DEFAULT = 90;
/** R-FU-6 default: `followup_due_soon` alert this many days before the due date. */
export const FOLLOW_UP_DUE_SOON_DAYS_DEFAULT = 14;
/** R-FU-4: `cannot_locate` needs at least this many contact attempts. */
const CANNOT_LOCATE_MIN_CONTACT_ATTEMPTS = 3;

/** R-FU-5: a `required` follow-up becomes `overdue` at 00:00 agency time on this date (due + 1). */
export function followUpOverdueDate(dueDate: IsoDate): IsoDate {
  return addDays(dueDate, 1);
}

/**
 * R-FU-5: an `overdue` follow-up becomes `missed` on this date: the grace period is the `graceDays`
 * days after the due date, so missed = due + grace + 1 (same convention as L + 91).
 */
export function followUpMissedDate(dueDate: IsoDate, graceDays: number = FOLLOW_UP_GRACE_DAYS_DEFAULT): IsoDate {
  return addDays(dueDate, graceDays + 1);
}

/** R-FU-6: the `followup_due_soon` alert starts on due − N. */
export function followUpDueSoonDate(dueDate: IsoDate, days: number = FOLLOW_UP_DUE_SOON_DAYS_DEFAULT): IsoDate {
  return addDays(dueDate, -days);
}

/** Whether the follow-up can still be completed or declined. */
export function isOpenFollowUp(status: FollowUpStatus): boolean {
  return isOneOf(OPEN_FOLLOW_UP_STATUSES, status);
}

function assertOpen(status: FollowUpStatus, quarter: number): void {
  if (!isOpenFollowUp(status)) {
    throw new DomainError('FOLLOW_UP_NOT_OPEN', `follow-up q${quarter} is ${status}`, { quarter, status });
  }
}

function assertNotFuture(date: IsoDate, today: IsoDate, field: string): void {
  if (date > today) throw new DomainError('FUTURE_DATE', `${field} ${date} is in the future (today is ${today})`, { field, date, today });
}

const HH_MM_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** §5 times are `HH:mm` (00:00-23:59); `INVALID_TIME` (400). */
export function validateTime(time: string, field = 'time'): void {
  if (!HH_MM_RE.test(time)) throw new DomainError('INVALID_TIME', `${field} must be HH:mm`, { field, value: time });
}

/**
 * R-FU-3: a contact attempt has a date not in the future (`FUTURE_DATE`) and an `HH:mm` time
 * (`INVALID_TIME`). Attempts are unlimited and never change the status, so any status is accepted.
 * Not enforced (SPEC silent): a lower bound on the date.
 */
export function validateContactAttempt(input: { date: IsoDate; time: string; today: IsoDate }): void {
  assertNotFuture(input.date, input.today, 'date');
  validateTime(input.time);
}

export interface FollowUpCompletionInput {
  status: FollowUpStatus;
  quarter: number;
  periodStart: IsoDate;
  actualFollowUpDate: IsoDate;
  today: IsoDate;
  /** True when the completion records employment, a youth placement or a credential. */
  hasEmploymentPlacementOrCredential: boolean;
  statusAtFollowUp?: StatusAtFollowUp | null;
  contactAttemptCount: number;
  callerRole: Role;
  overrideReason?: string | null;
}

/**
 * R-FU-4 / R-FU-5 completion: the follow-up is open (`required` or `overdue`, else
 * `FOLLOW_UP_NOT_OPEN`); actual follow-up date ≥ quarter start (`FOLLOW_UP_DATE_BEFORE_QUARTER`) and
 * ≤ today (`FUTURE_DATE`); `statusAtFollowUp` required when no employment, placement or credential
 * (`STATUS_AT_FOLLOW_UP_REQUIRED`); `cannot_locate` needs ≥ 3 contact attempts
 * (`CONTACT_ATTEMPTS_REQUIRED`) unless a supervisor gives an override reason (a non-supervisor
 * giving one: `SUPERVISOR_REQUIRED`). Returns whether the override was used.
 */
export function validateFollowUpCompletion(input: FollowUpCompletionInput): { overrideUsed: boolean } {
  assertOpen(input.status, input.quarter);
  if (input.actualFollowUpDate < input.periodStart) {
    throw new DomainError(
      'FOLLOW_UP_DATE_BEFORE_QUARTER',
      `actual follow-up date ${input.actualFollowUpDate} is before the quarter start ${input.periodStart}`,
      { date: input.actualFollowUpDate, periodStart: input.periodStart },
    );
  }
  assertNotFuture(input.actualFollowUpDate, input.today, 'actualFollowUpDate');
  if (!input.hasEmploymentPlacementOrCredential && !input.statusAtFollowUp) {
    throw new DomainError('STATUS_AT_FOLLOW_UP_REQUIRED', 'statusAtFollowUp is required when no employment, youth placement or credential is recorded');
  }
  if (input.statusAtFollowUp !== 'cannot_locate' || input.contactAttemptCount >= CANNOT_LOCATE_MIN_CONTACT_ATTEMPTS) {
    return { overrideUsed: false };
  }
  const hasOverride = typeof input.overrideReason === 'string' && input.overrideReason.trim() !== '';
  if (hasOverride && input.callerRole !== 'supervisor') {
    throw new DomainError('SUPERVISOR_REQUIRED', 'only a supervisor can override the contact-attempt requirement');
  }
  if (!hasOverride) {
    throw new DomainError(
      'CONTACT_ATTEMPTS_REQUIRED',
      `cannot_locate needs at least ${CANNOT_LOCATE_MIN_CONTACT_ATTEMPTS} contact attempts in this follow-up (${input.contactAttemptCount} recorded)`,
      { contactAttempts: input.contactAttemptCount, required: CANNOT_LOCATE_MIN_CONTACT_ATTEMPTS },
    );
  }
  return { overrideUsed: true };
}

/**
 * R-FU-5 decline: the participant declines follow-up; every open follow-up becomes `declined`.
 * Needs at least one open follow-up (`FOLLOW_UP_NOT_OPEN`), a date ≤ today and a case note.
 * Returns the quarters to decline.
 */
export function validateFollowUpDecline(input: {
  followUps: readonly { quarter: number; status: FollowUpStatus }[];
  date: IsoDate;
  today: IsoDate;
  caseNote: string;
}): number[] {
  const open = input.followUps.filter((f) => isOpenFollowUp(f.status)).map((f) => f.quarter);
  if (open.length === 0) throw new DomainError('FOLLOW_UP_NOT_OPEN', 'no open follow-up to decline');
  assertNotFuture(input.date, input.today, 'date');
  validateCaseNote(input.caseNote);
  return open;
}
