/**
 * The exit clock (R-CLOCK-1 … R-CLOCK-5, R-BREAK-2).
 *
 * {@link computeExitClock} is a pure function of a plain-JSON snapshot of the application; it does
 * not depend on "now", so the workflow can recompute it after every state change and (re)arm one
 * timer at `softExitAt`. {@link exitClockView} adds the now-dependent `daysRemaining`.
 */
import { addDays, agencyToday, diffDays, DEFAULT_AGENCY_TIME_ZONE, maxIsoDate, startOfAgencyDay, type IsoDate } from './dates';
import type { ActivityStatus, ExitClockState, Program } from './enums';
import { DomainError } from './errors';

/** R-CLOCK-3: the soft exit fires on L + 91 (90 full days without service have passed). */
const SOFT_EXIT_OFFSET_DAYS = 91;
/** R-BREAK-2: a planned break allows a gap of at most 180 days after L … */
const PLANNED_BREAK_MAX_GAP_DAYS = 180;
/** … so with an approved break the soft exit fires on L + 181. */
const PLANNED_BREAK_SOFT_EXIT_OFFSET_DAYS = PLANNED_BREAK_MAX_GAP_DAYS + 1;

/** What the clock needs to know about one activity. */
export interface ExitClockActivity {
  id: string;
  code: string;
  program?: Program;
  status: ActivityStatus;
  actualBeginDate?: IsoDate | null;
  projectedBeginDate?: IsoDate | null;
  projectedEndDate?: IsoDate | null;
  actualEndDate?: IsoDate | null;
  /**
   * From the catalog (R-ACT-1). Recommended: snapshot it on the activity when it is created, so a
   * later catalog change does not move the clock of running applications retroactively.
   */
  restartsExitClock: boolean;
}

export interface ExitClockInput {
  /** null before participation (status `eligible`). */
  participationDate: IsoDate | null;
  activities: readonly ExitClockActivity[];
  /** The planned break only when it is `approved` (pending, ended or cancelled breaks: null). */
  approvedPlannedBreak?: { resumeDate: IsoDate } | null;
  /** Set once the application has exited (soft or exclusionary). */
  exit?: { exitDate: IsoDate } | null;
}

export interface ExitClock {
  state: ExitClockState;
  /** L (R-CLOCK-1); see {@link lastServiceDate} for the fallback before any restarting activity closes. */
  lastServiceDate: IsoDate | null;
  /** The date the soft exit fires (R-CLOCK-3 / R-BREAK-2); null unless `running` or `extended`. */
  softExitDate: IsoDate | null;
  /** `softExitDate` at 00:00 agency time, ISO-8601 UTC (R-TIME-3); null with `softExitDate`. */
  softExitAt: string | null;
  /** Ids of the clock-restarting activities that keep the clock `blocked` (R-CLOCK-2). */
  blockingActivityIds: string[];
}

export interface ExitClockView extends ExitClock {
  /** Whole agency-local days from today to `softExitDate`, never negative; null without a soft exit. */
  daysRemaining: number | null;
}

/** R-CLOCK-2: a clock-restarting activity that has begun and is not closed. */
export function isBlockingActivity(a: ExitClockActivity): boolean {
  if (!a.restartsExitClock || a.status === 'closed') return false;
  return a.status === 'open' || Boolean(a.actualBeginDate);
}

/**
 * R-CLOCK-1: L = max actual end date over closed clock-restarting activities, across every
 * co-enrolled program. Design choice (SPEC silent): before any such activity has closed, L falls
 * back to the participation date (the date of the first service, §1), so an application whose only
 * services do not restart the clock still exits instead of staying open forever. Null before
 * participation.
 */
export function lastServiceDate(input: Pick<ExitClockInput, 'participationDate' | 'activities'>): IsoDate | null {
  if (input.participationDate === null) return null;
  const ends = input.activities.filter((a) => a.restartsExitClock && a.status === 'closed' && a.actualEndDate).map((a) => a.actualEndDate as IsoDate);
  return maxIsoDate(ends) ?? input.participationDate;
}

/** R-CLOCK-3 / R-BREAK-2: L + 91, or L + 181 with an approved planned break. */
export function softExitDateFor(lastService: IsoDate, withApprovedBreak: boolean): IsoDate {
  return addDays(lastService, withApprovedBreak ? PLANNED_BREAK_SOFT_EXIT_OFFSET_DAYS : SOFT_EXIT_OFFSET_DAYS);
}

/**
 * The exit clock of an application (R-CLOCK-1 … R-CLOCK-3, R-BREAK-2):
 * - `stopped`: the application has exited (R-CLOCK-4, R-EXCL-1);
 * - `not_started`: no participation yet;
 * - `blocked`: a clock-restarting activity has begun and is not closed (R-CLOCK-2). Since creating
 *   participation creates an open first activity, a new participant is normally `blocked`;
 * - `extended`: an approved planned break, soft exit at L + 181 (R-BREAK-2);
 * - `running`: soft exit at L + 91 (R-CLOCK-3).
 * Future activities (no actual begin) never extend the clock (R-CLOCK-5).
 */
export function computeExitClock(input: ExitClockInput, timeZone: string = DEFAULT_AGENCY_TIME_ZONE): ExitClock {
  const L = lastServiceDate(input);
  const stoppedOrIdle = (state: ExitClockState): ExitClock => ({
    state,
    lastServiceDate: L,
    softExitDate: null,
    softExitAt: null,
    blockingActivityIds: [],
  });
  if (input.exit) return stoppedOrIdle('stopped');
  if (L === null) return stoppedOrIdle('not_started');

  const blockingActivityIds = input.activities.filter(isBlockingActivity).map((a) => a.id);
  if (blockingActivityIds.length > 0) {
    return { state: 'blocked', lastServiceDate: L, softExitDate: null, softExitAt: null, blockingActivityIds };
  }

  const extended = Boolean(input.approvedPlannedBreak);
  const softExitDate = softExitDateFor(L, extended);
  return {
    state: extended ? 'extended' : 'running',
    lastServiceDate: L,
    softExitDate,
    softExitAt: startOfAgencyDay(softExitDate, timeZone).toISOString(),
    blockingActivityIds: [],
  };
}

/** Whole days from the agency-local date of `now` to `softExitDate` (0 on the day itself and after). */
export function daysRemaining(softExitDate: IsoDate | null, now: number | Date, timeZone: string = DEFAULT_AGENCY_TIME_ZONE): number | null {
  if (softExitDate === null) return null;
  return Math.max(0, diffDays(softExitDate, agencyToday(now, timeZone)));
}

/** {@link computeExitClock} plus `daysRemaining` at `now` (the API's `exitClock`). */
export function exitClockView(input: ExitClockInput, now: number | Date, timeZone: string = DEFAULT_AGENCY_TIME_ZONE): ExitClockView {
  const clock = computeExitClock(input, timeZone);
  return { ...clock, daysRemaining: daysRemaining(clock.softExitDate, now, timeZone) };
}

/**
 * True when the soft exit is due at `now` (R-CLOCK-4, R-BREAK-2 cancel): the workflow must exit at
 * once, with exit date = L, instead of arming a timer (e.g. a break was cancelled after L + 91).
 */
export function isSoftExitDue(clock: ExitClock, now: number | Date): boolean {
  if (clock.softExitAt === null) return false;
  const ms = typeof now === 'number' ? now : now.getTime();
  return ms >= Date.parse(clock.softExitAt);
}

/**
 * R-CLOCK-5: future activities (status `future`, no actual begin) whose projected begin is after the
 * projected soft-exit date (alert `future_activity_beyond_exit`). Empty when the clock has no soft
 * exit date (blocked, not started, stopped). With an approved break the projected soft exit is
 * L + 181, so the break's own activity (R ≤ L + 180) never alerts.
 */
export function futureActivitiesBeyondSoftExit<A extends ExitClockActivity>(activities: readonly A[], clock: Pick<ExitClock, 'softExitDate'>): A[] {
  const exitDate = clock.softExitDate;
  if (exitDate === null) return [];
  return activities.filter((a) => a.status === 'future' && !a.actualBeginDate && !!a.projectedBeginDate && a.projectedBeginDate > exitDate);
}

/**
 * R-BREAK-2 resume date check (on request and again on approval):
 * - R ≤ L + 180, else `PLANNED_BREAK_TOO_LONG` (422);
 * - design choice: R must be after today (`PLANNED_BREAK_RESUME_NOT_FUTURE`, 422), because R is the
 *   projected begin of a *future* activity (R-BREAK-1); a past R means the service should already
 *   have begun.
 * The SPEC does not require R > L + 90 (a break shorter than the normal clock is harmless: recording
 * the activity's begin ends it), so that is not enforced.
 * @param lastService L (use `computeExitClock(...).lastServiceDate`)
 */
export function validatePlannedBreakResume(lastService: IsoDate, resumeDate: IsoDate, today: IsoDate): void {
  const latest = addDays(lastService, PLANNED_BREAK_MAX_GAP_DAYS);
  if (resumeDate > latest) {
    throw new DomainError(
      'PLANNED_BREAK_TOO_LONG',
      `resume date ${resumeDate} is more than ${PLANNED_BREAK_MAX_GAP_DAYS} days after the last service date ${lastService} (latest ${latest})`,
      { resumeDate, lastServiceDate: lastService, latestResumeDate: latest },
    );
  }
  if (resumeDate <= today) {
    throw new DomainError('PLANNED_BREAK_RESUME_NOT_FUTURE', `resume date ${resumeDate} must be after today (${today})`, {
      resumeDate,
      today,
    });
  }
}
