/**
 * Exits and closure: soft exit record (R-CLOCK-4), exclusionary exit (R-EXCL-1), closure (R-CLOSE-1).
 */
import { validateCaseNote, unclosedActivities } from './activity-rules';
import type { IsoDate } from './dates';
import {
  EXCLUSIONARY_REASON_INFO,
  EXCLUSIONARY_REASONS,
  TITLE_I_EXCLUSION_REASONS,
  isOneOf,
  type ActivityStatus,
  type ApplicationStatus,
  type ExclusionaryReason,
  type Program,
} from './enums';
import { DomainError } from './errors';
import type { ExitClock } from './exit-clock';

/** R-CLOSE-1: employment recorded at closure (also offered to pre-fill a follow-up's completion form). */
export interface EmploymentAtClosure {
  employer: string;
  naics?: string;
  occupation?: string;
  hourlyWage?: number;
  hoursPerWeek?: number;
  startDate?: IsoDate;
}

export interface ExitRecord {
  type: 'soft' | 'exclusionary';
  /** Always the last date of service, never the day the exit was detected. */
  exitDate: IsoDate;
  /** ISO-8601 UTC instant the exit was recorded. */
  exitedAt: string;
  reason?: ExclusionaryReason;
}

/**
 * R-CLOCK-4: the record written when the soft-exit timer fires: exit date = L, exitedAt = the
 * instant (the workflow's now). Throws if the clock has no last service date (nothing to exit).
 */
export function softExitRecord(clock: Pick<ExitClock, 'lastServiceDate'>, now: number | Date): ExitRecord {
  if (clock.lastServiceDate === null) throw new DomainError('NOT_PARTICIPATING', 'no participation: nothing to exit');
  const ms = typeof now === 'number' ? now : now.getTime();
  return { type: 'soft', exitDate: clock.lastServiceDate, exitedAt: new Date(ms).toISOString() };
}

export interface ExclusionaryExitInput {
  applicationStatus: ApplicationStatus;
  programs: readonly Program[];
  activities: readonly { status: ActivityStatus }[];
  reason: string;
  /** Optional; defaults to L. */
  exitDate?: IsoDate | null;
  documentationRef: string;
  caseNote: string;
  participationDate: IsoDate | null;
  /** Current L (`computeExitClock(...).lastServiceDate`). */
  lastServiceDate: IsoDate | null;
  today: IsoDate;
}

/**
 * R-EXCL-1 (amended): a new exclusionary exit takes only a Title I PIRL 923 code (`01`–`05`), and `05`
 * only on an application with YOUTH; otherwise 422 `EXCLUSION_REASON_NOT_ALLOWED`. An unknown code is
 * left to {@link validateExclusionaryExit} (`EXCLUSIONARY_REASON_INVALID`, 400). Checked for new commands
 * only (the workflow's Update validator), so cases recorded before the amendment keep their code.
 */
export function admitExclusionReason(reason: string, programs: readonly Program[]): void {
  if (!isOneOf(EXCLUSIONARY_REASONS, reason)) return;
  if (!isOneOf(TITLE_I_EXCLUSION_REASONS, reason)) {
    throw new DomainError('EXCLUSION_REASON_NOT_ALLOWED', `PIRL 923 reason ${reason} does not apply to WIOA Title I programs`, { reason, field: 'reason' });
  }
  if (EXCLUSIONARY_REASON_INFO[reason].youthOnly && !programs.includes('YOUTH')) {
    throw new DomainError('EXCLUSION_REASON_NOT_ALLOWED', `reason ${reason} applies to Youth only`, { reason, field: 'reason' });
  }
}

/**
 * R-EXCL-1. Checks, in order: participating (`NOT_PARTICIPATING` / `APPLICATION_EXITED`; design
 * choice: not after a soft exit, which is irreversible); reason is a PIRL 923 code
 * (`EXCLUSIONARY_REASON_INVALID`) and `05` needs a YOUTH enrollment
 * (`EXCLUSIONARY_REASON_NOT_FOR_PROGRAM`); no activity open or future (`OPEN_ACTIVITIES`; design
 * choice: a future activity counts as not closed, as for closure); documentation reference
 * (`DOCUMENTATION_REQUIRED`) and case note (`CASE_NOTE_REQUIRED`); exit date ≥ participation date
 * (`DATE_BEFORE_PARTICIPATION`) and ≤ today (`FUTURE_DATE`). Returns the resolved exit date (L when
 * omitted). Not enforced (SPEC silent): exit date ≥ L.
 */
export function validateExclusionaryExit(input: ExclusionaryExitInput): { exitDate: IsoDate; reason: ExclusionaryReason } {
  if (input.applicationStatus === 'eligible' || input.participationDate === null) {
    throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
  }
  if (input.applicationStatus !== 'participating') throw new DomainError('APPLICATION_EXITED', 'the application has exited');
  const { reason } = input;
  if (!isOneOf(EXCLUSIONARY_REASONS, reason)) {
    throw new DomainError('EXCLUSIONARY_REASON_INVALID', `unknown exclusionary reason ${reason}`, { reason });
  }
  if (EXCLUSIONARY_REASON_INFO[reason].youthOnly && !input.programs.includes('YOUTH')) {
    throw new DomainError('EXCLUSIONARY_REASON_NOT_FOR_PROGRAM', `reason ${reason} applies to Youth only`, { reason });
  }
  const open = unclosedActivities(input.activities).length;
  if (open > 0) throw new DomainError('OPEN_ACTIVITIES', `${open} activities are not closed`, { openActivities: open });
  if (!input.documentationRef || input.documentationRef.trim() === '') {
    throw new DomainError('DOCUMENTATION_REQUIRED', 'a documentation reference is required');
  }
  validateCaseNote(input.caseNote);
  const exitDate = input.exitDate || input.lastServiceDate || input.participationDate;
  if (exitDate < input.participationDate) {
    throw new DomainError('DATE_BEFORE_PARTICIPATION', `exitDate ${exitDate} is before the participation date ${input.participationDate}`, {
      field: 'exitDate',
      date: exitDate,
      participationDate: input.participationDate,
    });
  }
  if (exitDate > input.today) {
    throw new DomainError('FUTURE_DATE', `exitDate ${exitDate} is in the future (today is ${input.today})`, {
      field: 'exitDate',
      date: exitDate,
      today: input.today,
    });
  }
  return { exitDate, reason };
}

/**
 * R-CLOSE-1: closure needs every activity closed (`OPEN_ACTIVITIES`; future activities count as not
 * closed). Allowed while participating or after a soft exit (design choice: CalJOBS allows a closure
 * form after exit); one closure per application (`CLOSURE_EXISTS`). Closure never exits and never
 * stops the clock.
 */
export function validateClosure(input: {
  applicationStatus: ApplicationStatus;
  activities: readonly { status: ActivityStatus }[];
  closureRecorded: boolean;
}): void {
  if (input.applicationStatus === 'eligible') throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
  if (input.applicationStatus === 'exited_exclusionary' || input.applicationStatus === 'completed') {
    throw new DomainError('APPLICATION_EXITED', 'the application has exited');
  }
  if (input.closureRecorded) throw new DomainError('CLOSURE_EXISTS', 'a closure has already been recorded');
  const open = unclosedActivities(input.activities).length;
  if (open > 0) throw new DomainError('OPEN_ACTIVITIES', `${open} activities are not closed`, { openActivities: open });
}
