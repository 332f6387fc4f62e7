/**
 * Planned breaks (R-BREAK-1, R-BREAK-2): request, approval, cancellation rules.
 * The clock effect lives in `exit-clock.ts` (an approved break → soft exit L + 181).
 */
import { validateCaseNote } from './activity-rules';
import type { IsoDate, IsoInstant } from './dates';
import {
  isOneOf,
  PLANNED_BREAK_REASONS,
  type ActivityStatus,
  type ApplicationStatus,
  type PlannedBreakReason,
  type PlannedBreakStatus,
  type Role,
} from './enums';
import { DomainError } from './errors';
import { validatePlannedBreakResume } from './exit-clock';

/** A planned break as the application view shows it (SPEC §5). */
export interface PlannedBreakView {
  id: string;
  status: PlannedBreakStatus;
  reason: PlannedBreakReason;
  resumeDate: IsoDate;
  activityId: string;
  requestedBy: string;
  requestedAt: IsoInstant;
  approvedBy: string | null;
  approvedAt: IsoInstant | null;
}

export interface PlannedBreakRequestInput {
  applicationStatus: ApplicationStatus;
  /** Status of the application's current break, if any (a `pending` or `approved` one blocks a new request). */
  currentBreakStatus: PlannedBreakStatus | null;
  /** The activity named by `activityId`, or undefined when the id is unknown. */
  activity: { id: string; status: ActivityStatus; projectedBeginDate?: IsoDate | null } | undefined;
  activityId: string;
  reason: string;
  resumeDate: IsoDate;
  caseNote: string;
  /** Current L (`computeExitClock(...).lastServiceDate`). */
  lastServiceDate: IsoDate;
  today: IsoDate;
}

function assertParticipatingStatus(status: ApplicationStatus): void {
  if (status === 'eligible') throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
  if (status !== 'participating') throw new DomainError('APPLICATION_EXITED', 'the application has exited');
}

/** True while a break still counts (pending or approved). */
export function isActivePlannedBreak(status: PlannedBreakStatus | null | undefined): boolean {
  return status === 'pending' || status === 'approved';
}

/**
 * R-BREAK-1 request: participating (`NOT_PARTICIPATING` / `APPLICATION_EXITED`); no other pending or
 * approved break (`PLANNED_BREAK_EXISTS`, design choice: one at a time); the activity exists
 * (`ACTIVITY_NOT_FOUND`) and is a future activity (`ACTIVITY_NOT_FUTURE`) whose projected begin is R
 * (`PLANNED_BREAK_RESUME_MISMATCH`); a case note; R-BREAK-2 resume checks.
 */
export function validatePlannedBreakRequest(input: PlannedBreakRequestInput): void {
  assertParticipatingStatus(input.applicationStatus);
  if (isActivePlannedBreak(input.currentBreakStatus)) {
    throw new DomainError('PLANNED_BREAK_EXISTS', `a ${input.currentBreakStatus} planned break already exists`);
  }
  if (!isOneOf(PLANNED_BREAK_REASONS, input.reason)) {
    // Normally caught by the API schema; kept so the workflow validator is self-sufficient.
    throw new DomainError('PLANNED_BREAK_REASON_INVALID', `unknown planned-break reason ${input.reason}`, { reason: input.reason });
  }
  const { activity } = input;
  if (!activity) {
    throw new DomainError('ACTIVITY_NOT_FOUND', `activity ${input.activityId} not found`, { activityId: input.activityId });
  }
  if (activity.status !== 'future') {
    throw new DomainError('ACTIVITY_NOT_FUTURE', `activity ${activity.id} is ${activity.status}, not future`, {
      activityId: activity.id,
      status: activity.status,
    });
  }
  if (activity.projectedBeginDate !== input.resumeDate) {
    throw new DomainError(
      'PLANNED_BREAK_RESUME_MISMATCH',
      `resume date ${input.resumeDate} must equal the projected begin date of activity ${activity.id} (${activity.projectedBeginDate ?? 'none'})`,
      { resumeDate: input.resumeDate, projectedBeginDate: activity.projectedBeginDate ?? null },
    );
  }
  validateCaseNote(input.caseNote);
  validatePlannedBreakResume(input.lastServiceDate, input.resumeDate, input.today);
}

export interface PlannedBreakApprovalInput {
  applicationStatus: ApplicationStatus;
  plannedBreak: { status: PlannedBreakStatus; requestedBy: string; resumeDate: IsoDate } | undefined;
  breakId: string;
  approverId: string;
  approverRole: Role;
  lastServiceDate: IsoDate;
  today: IsoDate;
}

/**
 * R-BREAK-1 approval: supervisor only (`SUPERVISOR_REQUIRED`), break exists
 * (`PLANNED_BREAK_NOT_FOUND`) and is `pending` (`PLANNED_BREAK_NOT_PENDING`), approver is not the
 * requester (`SELF_APPROVAL`); the R-BREAK-2 resume checks are repeated with the current L and today.
 */
export function validatePlannedBreakApproval(input: PlannedBreakApprovalInput): void {
  if (input.approverRole !== 'supervisor') {
    throw new DomainError('SUPERVISOR_REQUIRED', 'only a supervisor can approve a planned break');
  }
  assertParticipatingStatus(input.applicationStatus);
  const pb = input.plannedBreak;
  if (!pb) throw new DomainError('PLANNED_BREAK_NOT_FOUND', `planned break ${input.breakId} not found`, { breakId: input.breakId });
  if (pb.status !== 'pending') {
    throw new DomainError('PLANNED_BREAK_NOT_PENDING', `planned break ${input.breakId} is ${pb.status}`, {
      breakId: input.breakId,
      status: pb.status,
    });
  }
  if (pb.requestedBy === input.approverId) {
    throw new DomainError('SELF_APPROVAL', 'a planned break must be approved by a supervisor other than the requester');
  }
  validatePlannedBreakResume(input.lastServiceDate, pb.resumeDate, input.today);
}

/**
 * R-BREAK-2 cancel (staff or supervisor; the API refuses viewers): the break exists and is `pending`
 * or `approved` (`PLANNED_BREAK_NOT_ACTIVE`). After cancelling, the clock is back to L + 91; use
 * `isSoftExitDue` to exit at once when that moment has passed.
 */
export function validatePlannedBreakCancel(input: {
  applicationStatus: ApplicationStatus;
  plannedBreak: { status: PlannedBreakStatus } | undefined;
  breakId: string;
}): void {
  assertParticipatingStatus(input.applicationStatus);
  const pb = input.plannedBreak;
  if (!pb) throw new DomainError('PLANNED_BREAK_NOT_FOUND', `planned break ${input.breakId} not found`, { breakId: input.breakId });
  if (!isActivePlannedBreak(pb.status)) {
    throw new DomainError('PLANNED_BREAK_NOT_ACTIVE', `planned break ${input.breakId} is ${pb.status}`, {
      breakId: input.breakId,
      status: pb.status,
    });
  }
}
