/**
 * Command rules for participation and activities (R-ACT-2 … R-ACT-5, R-CLOCK-4, R-CLOSE-1).
 * Validators are pure: they take the relevant slice of state and throw {@link DomainError}.
 */
import { codeAppliesToProgram, requireCode, type ActivityCatalog, type ActivityCodeEntry } from './activity-codes';
import {
  validateActualDate,
  validateEndNotBeforeBegin,
  validateNotBeforeParticipation,
  validateParticipationDate,
  type BackdateResult,
  type BackdatingWindows,
} from './backdating';
import type { IsoDate, IsoInstant } from './dates';
import type { ActivityCategory, ActivityStatus, ApplicationStatus, CompletionCode, Program, Role, TrainingType } from './enums';
import { DomainError } from './errors';
import type { TimedEntryView } from './timeliness';

/** The application state the activity rules look at. */
export interface ActivityContext {
  status: ApplicationStatus;
  programs: readonly Program[];
  /** null while `eligible`. */
  participationDate: IsoDate | null;
  /** R-CLOSE-1: a closure form has been recorded. */
  closureRecorded: boolean;
  /** Agency-local today (R-TIME-2). */
  today: IsoDate;
  callerRole: Role;
  /** R-IMP-2: R-ACT-4's windows are lifted for an imported case (backdating.ts). Default enforced. */
  backdatingWindows?: BackdatingWindows;
}

/** R-ACT-3: a case note must be non-empty (after trimming); `CASE_NOTE_REQUIRED` (422). */
export function validateCaseNote(caseNote: string | null | undefined): void {
  if (typeof caseNote !== 'string' || caseNote.trim() === '') {
    throw new DomainError('CASE_NOTE_REQUIRED', 'a non-empty case note is required');
  }
}

/** Terminal statuses: the workflow has nothing left to accept (`APPLICATION_EXITED`). */
function isClosedForEverything(status: ApplicationStatus): boolean {
  return status === 'exited_exclusionary' || status === 'completed';
}

/**
 * The participation date of an application that has participated (`participating`, or `exited`
 * after a soft exit, where F-codes remain possible); throws otherwise.
 */
function requireParticipated(ctx: ActivityContext): IsoDate {
  if (isClosedForEverything(ctx.status)) throw new DomainError('APPLICATION_EXITED', 'the application has exited');
  if (ctx.status === 'eligible' || ctx.participationDate === null) {
    throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
  }
  return ctx.participationDate;
}

/** Code known, program enrolled, code valid for the program (R-ACT-1). */
function resolveCode(catalog: ActivityCatalog, code: string, program: Program, programs: readonly Program[]): ActivityCodeEntry {
  const entry = requireCode(catalog, code);
  if (!programs.includes(program)) {
    throw new DomainError('PROGRAM_NOT_ENROLLED', `the application is not enrolled in ${program}`, { program });
  }
  if (!codeAppliesToProgram(entry, program)) {
    throw new DomainError('CODE_NOT_FOR_PROGRAM', `activity code ${code} does not apply to ${program}`, { code, program });
  }
  return entry;
}

/** A planned break is requested through R-BREAK-1, never added as an activity. */
function assertNotPlannedBreakCode(entry: ActivityCodeEntry): void {
  if (entry.category === 'planned_break') {
    throw new DomainError('PLANNED_BREAK_CODE_NOT_ALLOWED', `code ${entry.code} is recorded by requesting a planned break`, {
      code: entry.code,
    });
  }
}

export interface ParticipationCommand {
  participationDate: IsoDate;
  eligibilityDate: IsoDate;
  activity: { code: string; program: Program; projectedEndDate: IsoDate; caseNote: string };
  backdateApprovedBy?: string | null;
}

/**
 * R-ACT-2: only from `eligible` (`ALREADY_PARTICIPATING` otherwise; `APPLICATION_EXITED` once
 * exited); date rules of {@link validateParticipationDate}; the first activity (actual begin =
 * participation date) needs a valid code for an enrolled program, a case note (R-ACT-3) and
 * projected end ≥ participation date. An F-code cannot start participation
 * (`FOLLOW_UP_CODE_NOT_ALLOWED`), nor a planned-break code (`PLANNED_BREAK_CODE_NOT_ALLOWED`).
 */
export function validateParticipation(
  ctx: Omit<ActivityContext, 'participationDate' | 'closureRecorded'>,
  cmd: ParticipationCommand,
  catalog: ActivityCatalog,
): { entry: ActivityCodeEntry; backdate: BackdateResult } {
  if (isClosedForEverything(ctx.status) || ctx.status === 'exited') {
    throw new DomainError('APPLICATION_EXITED', 'the application has exited');
  }
  if (ctx.status !== 'eligible') throw new DomainError('ALREADY_PARTICIPATING', 'participation already exists');
  const backdate = validateParticipationDate({
    participationDate: cmd.participationDate,
    eligibilityDate: cmd.eligibilityDate,
    today: ctx.today,
    callerRole: ctx.callerRole,
    backdateApprovedBy: cmd.backdateApprovedBy ?? null,
    windows: ctx.backdatingWindows,
  });
  const entry = resolveCode(catalog, cmd.activity.code, cmd.activity.program, ctx.programs);
  if (entry.category === 'follow_up') {
    throw new DomainError('FOLLOW_UP_CODE_NOT_ALLOWED', `follow-up code ${entry.code} cannot start participation`, {
      code: entry.code,
    });
  }
  assertNotPlannedBreakCode(entry);
  validateCaseNote(cmd.activity.caseNote);
  validateEndNotBeforeBegin(cmd.participationDate, cmd.activity.projectedEndDate, 'projectedEndDate');
  return { entry, backdate };
}

export interface NewActivityCommand {
  code: string;
  program: Program;
  actualBeginDate?: IsoDate | null;
  projectedBeginDate?: IsoDate | null;
  projectedEndDate: IsoDate;
  caseNote: string;
  backdateApprovedBy?: string | null;
}

export interface NewActivityDecision {
  entry: ActivityCodeEntry;
  /** `open` with an actual begin, `future` with a projected begin only (R-CLOCK-5). */
  status: Extract<ActivityStatus, 'open' | 'future'>;
  /** Present for an actual begin date. */
  backdate?: BackdateResult;
}

/**
 * Adding an activity (R-ACT-1, R-ACT-3, R-ACT-4, R-ACT-5, R-CLOCK-4, R-CLOSE-1):
 * 1. `APPLICATION_EXITED` after an exclusionary exit or completion; `NOT_PARTICIPATING` before participation;
 * 2. `UNKNOWN_ACTIVITY_CODE`, `PROGRAM_NOT_ENROLLED`, `CODE_NOT_FOR_PROGRAM`;
 * 3. after a soft exit only F-codes (`APPLICATION_EXITED`); before closure or exit F-codes are refused
 *    (`FOLLOW_UP_CODE_NOT_ALLOWED`, R-CLOSE-1 "after closure, F-codes are accepted before exit");
 *    planned-break codes are refused too (a break is requested through R-BREAK-1, not as an activity);
 * 4. case note (R-ACT-3);
 * 5. exactly one of actual / projected begin (`BEGIN_DATE_CONFLICT`, 400); an actual begin follows
 *    R-ACT-4/R-ACT-5; a projected begin must be after today (`PROJECTED_BEGIN_NOT_FUTURE`) and not
 *    before participation; projected end ≥ begin (`END_BEFORE_BEGIN`).
 */
export function validateNewActivity(ctx: ActivityContext, cmd: NewActivityCommand, catalog: ActivityCatalog): NewActivityDecision {
  const participationDate = requireParticipated(ctx);
  const entry = resolveCode(catalog, cmd.code, cmd.program, ctx.programs);
  const isFollowUp = entry.category === 'follow_up';
  if (ctx.status === 'exited' && !isFollowUp) {
    throw new DomainError('APPLICATION_EXITED', `the application has exited: only follow-up (F) codes are accepted, not ${entry.code}`, {
      code: entry.code,
    });
  }
  if (isFollowUp && ctx.status !== 'exited' && !ctx.closureRecorded) {
    throw new DomainError('FOLLOW_UP_CODE_NOT_ALLOWED', `follow-up code ${entry.code} is accepted only after closure or exit`, {
      code: entry.code,
    });
  }
  assertNotPlannedBreakCode(entry);
  validateCaseNote(cmd.caseNote);

  const hasActual = Boolean(cmd.actualBeginDate);
  const hasProjected = Boolean(cmd.projectedBeginDate);
  if (hasActual === hasProjected) {
    throw new DomainError('BEGIN_DATE_CONFLICT', 'give exactly one of actualBeginDate or projectedBeginDate');
  }
  if (cmd.actualBeginDate) {
    const begin = cmd.actualBeginDate;
    validateNotBeforeParticipation(begin, participationDate, 'actualBeginDate');
    const backdate = validateActualDate({
      date: begin,
      today: ctx.today,
      callerRole: ctx.callerRole,
      backdateApprovedBy: cmd.backdateApprovedBy ?? null,
      field: 'actualBeginDate',
      windows: ctx.backdatingWindows,
    });
    validateEndNotBeforeBegin(begin, cmd.projectedEndDate, 'projectedEndDate');
    return { entry, status: 'open', backdate };
  }
  const projected = cmd.projectedBeginDate as IsoDate;
  if (projected <= ctx.today) {
    throw new DomainError('PROJECTED_BEGIN_NOT_FUTURE', `projectedBeginDate ${projected} must be after today (${ctx.today})`, {
      projectedBeginDate: projected,
      today: ctx.today,
    });
  }
  validateEndNotBeforeBegin(projected, cmd.projectedEndDate, 'projectedEndDate');
  return { entry, status: 'future' };
}

/** An activity as the application view shows it (SPEC §5). */
export interface ActivityView {
  id: string;
  code: string;
  title: string;
  category: ActivityCategory;
  program: Program;
  status: ActivityStatus;
  actualBeginDate: IsoDate | null;
  projectedBeginDate: IsoDate | null;
  projectedEndDate: IsoDate | null;
  actualEndDate: IsoDate | null;
  completionCode: CompletionCode | null;
  provider: string | null;
  restartsExitClock: boolean;
  /** R-ACT-1 (amended): the PIRL 1303 training type of a `training` code, as the catalog gave it (absent before §10). */
  trainingType?: TrainingType;
  createdBy: string;
  createdAt: IsoInstant;
  /**
   * R-TIMELY-1: the agency-local date of the activity's latest dated entry (its actual begin, then its
   * close) and whether that entry was late. Absent on activities recorded before timeliness existed.
   */
  enteredOn?: IsoDate;
  late?: boolean;
  /** R-TIMELY-1: each dated entry on the activity (begin, close) with the date it describes. */
  entries?: { begin?: TimedEntryView; close?: TimedEntryView };
}

/** The stored activity as the begin/close rules see it. */
export interface ActivitySnapshot {
  id: string;
  code: string;
  status: ActivityStatus;
  actualBeginDate?: IsoDate | null;
}

/** `ACTIVITY_NOT_FOUND` (404) when the id is unknown. */
export function requireActivity<A extends { id: string }>(activities: readonly A[], activityId: string): A {
  const activity = activities.find((a) => a.id === activityId);
  if (!activity) throw new DomainError('ACTIVITY_NOT_FOUND', `activity ${activityId} not found`, { activityId });
  return activity;
}

/**
 * A future activity starts (R-CLOCK-5 → R-CLOCK-2; ends a planned break, R-BREAK-2): the activity
 * must be `future` (`ACTIVITY_NOT_FUTURE`); after a soft exit only F-code activities may start
 * (`APPLICATION_EXITED`); the actual begin follows R-ACT-4 and R-ACT-5.
 */
export function validateBeginActivity(
  ctx: ActivityContext,
  activity: ActivitySnapshot,
  cmd: { actualBeginDate: IsoDate; backdateApprovedBy?: string | null },
  catalog: ActivityCatalog,
): BackdateResult {
  const participationDate = requireParticipated(ctx);
  if (activity.status !== 'future') {
    throw new DomainError('ACTIVITY_NOT_FUTURE', `activity ${activity.id} is ${activity.status}, not future`, {
      activityId: activity.id,
      status: activity.status,
    });
  }
  if (ctx.status === 'exited' && requireCode(catalog, activity.code).category !== 'follow_up') {
    throw new DomainError('APPLICATION_EXITED', 'the application has exited: only follow-up (F) activities can start', {
      activityId: activity.id,
    });
  }
  validateNotBeforeParticipation(cmd.actualBeginDate, participationDate, 'actualBeginDate');
  return validateActualDate({
    date: cmd.actualBeginDate,
    today: ctx.today,
    callerRole: ctx.callerRole,
    backdateApprovedBy: cmd.backdateApprovedBy ?? null,
    field: 'actualBeginDate',
    windows: ctx.backdatingWindows,
  });
}

/**
 * Closing an activity (R-ACT-4, R-ACT-5): `ACTIVITY_ALREADY_CLOSED` / `ACTIVITY_NOT_OPEN` (a future
 * activity has not begun); actual end ≥ actual begin, ≥ participation, backdating rules. Design
 * choice: still-open activities may be closed after a soft exit (closing records the past, it does
 * not add a service, and the clock is stopped anyway).
 */
export function validateCloseActivity(
  ctx: ActivityContext,
  activity: ActivitySnapshot,
  cmd: { actualEndDate: IsoDate; backdateApprovedBy?: string | null },
): BackdateResult {
  const participationDate = requireParticipated(ctx);
  if (activity.status === 'closed') {
    throw new DomainError('ACTIVITY_ALREADY_CLOSED', `activity ${activity.id} is already closed`, { activityId: activity.id });
  }
  if (activity.status !== 'open' || !activity.actualBeginDate) {
    throw new DomainError('ACTIVITY_NOT_OPEN', `activity ${activity.id} has not begun`, { activityId: activity.id });
  }
  validateEndNotBeforeBegin(activity.actualBeginDate, cmd.actualEndDate, 'actualEndDate');
  validateNotBeforeParticipation(cmd.actualEndDate, participationDate, 'actualEndDate');
  return validateActualDate({
    date: cmd.actualEndDate,
    today: ctx.today,
    callerRole: ctx.callerRole,
    backdateApprovedBy: cmd.backdateApprovedBy ?? null,
    field: 'actualEndDate',
    windows: ctx.backdatingWindows,
  });
}

/** Activities that are not closed (open or future): they block closure and exclusionary exit. */
export function unclosedActivities<A extends { status: ActivityStatus }>(activities: readonly A[]): A[] {
  return activities.filter((a) => a.status !== 'closed');
}
