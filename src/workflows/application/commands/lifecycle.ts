/** The lifecycle: creation, participation, closure, the exits (soft and exclusionary). */
import { validateParticipation } from '../../../domain/activity-rules';
import { isIsoDate } from '../../../domain/dates';
import { DomainError } from '../../../domain/errors';
import { admitExclusionReason, softExitRecord, validateClosure, validateExclusionaryExit } from '../../../domain/exits';
import { isActivePlannedBreak } from '../../../domain/planned-breaks';
import { followUpQuarters, initialFollowUpStatus } from '../../../domain/quarters';
import {
  recordParticipation,
  recordClosure,
  recordExclusionaryExit,
  type ClosurePayload,
  type Command,
  type ExclusionaryExitPayload,
  type ExitView,
  type ParticipationPayload,
} from '../contract';
import {
  type ApplicationState,
  type CommandContext,
  SYSTEM_ACTOR,
  audit,
  catalogFor,
  checkEntry,
  exitClockOf,
  newActivity,
  note,
  spec,
  timeActivity,
  timed,
  todayOf,
  touch,
} from '../state';
import { cancelPendingChangeRequests } from './corrections';
import { closePlansAtExit } from './plans';

export const participationCommand = spec(recordParticipation, {
  decide: (state, { actor, payload, backdatingWindows }: Command<ParticipationPayload>, now) => {
    const entry = checkEntry(payload.activity.code, payload.activity.entry);
    validateParticipation(
      {
        status: state.status,
        programs: state.input.programs,
        today: todayOf(state, now),
        callerRole: actor.role,
        ...(backdatingWindows ? { backdatingWindows } : {}),
      },
      {
        participationDate: payload.participationDate,
        eligibilityDate: state.input.eligibilityDate,
        activity: payload.activity,
        backdateApprovedBy: payload.backdateApprovedBy ?? null,
      },
      catalogFor(state, entry),
    );
    return entry;
  },
  apply: (state, { actor, payload }, entry, ctx) => {
    state.status = 'participating';
    state.participationDate = payload.participationDate;
    const activity = newActivity(ctx, actor, entry, {
      program: payload.activity.program,
      status: 'open',
      actualBeginDate: payload.participationDate,
      projectedBeginDate: null,
      projectedEndDate: payload.activity.projectedEndDate,
      provider: payload.activity.provider,
    });
    // R-TIMELY-1: the first activity's entry describes its actual begin, the participation date.
    timeActivity(activity, 'begin', timed('activity', payload.participationDate, todayOf(state, ctx.now), actor.staffId));
    state.activities.push(activity);
    note(state, ctx, actor, {
      activityId: activity.id,
      contactDate: payload.participationDate,
      subject: `Participation: ${entry.code} ${entry.title}`,
      body: payload.activity.caseNote,
    });
    audit(state, ctx, actor, ctx.command, { participationDate: payload.participationDate, activityId: activity.id, code: entry.code });
    return { activity };
  },
});

export const closureCommand = spec(recordClosure, {
  decide: (state, { payload }: Command<ClosurePayload>, now) => {
    validateClosure({ applicationStatus: state.status, activities: state.activities, closureRecorded: state.closure !== null });
    const start = payload.employment?.startDate;
    if (start !== undefined && (!isIsoDate(start) || start > todayOf(state, now))) {
      throw new DomainError('FUTURE_DATE', `employment.startDate ${start} must be a past date`, { field: 'employment.startDate' });
    }
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    // R-TIMELY-1: the closure form describes the day services ended (every activity is closed by now).
    const today = todayOf(state, ctx.now);
    const datedOn =
      state.activities.reduce<string | null>((max, a) => (a.actualEndDate !== null && (max === null || a.actualEndDate > max) ? a.actualEndDate : max), null) ??
      today;
    const entry = timed('closure', datedOn, today, actor.staffId);
    state.closure = {
      closedOn: todayOf(state, ctx.now),
      closureStatus: payload.closureStatus,
      ...(payload.schoolStatusAtExit !== undefined ? { schoolStatusAtExit: payload.schoolStatusAtExit } : {}),
      ...(payload.youthPlacement !== undefined ? { youthPlacement: payload.youthPlacement } : {}),
      employment: payload.employment ?? null,
      recordedBy: actor.staffId,
      recordedAt: new Date(ctx.now).toISOString(),
      datedOn,
      enteredOn: entry.enteredOn,
      late: entry.late,
    };
    audit(state, ctx, actor, ctx.command, { closureStatus: payload.closureStatus, employed: Boolean(payload.employment) });
    return {};
  },
});

export const exclusionaryExitCommand = spec(recordExclusionaryExit, {
  // R-EXCL-1 (amended): 06/07 never, 05 only with YOUTH (new exits only: recorded ones keep their code).
  admit: (state, { payload }) => admitExclusionReason(payload.reason, state.input.programs),
  decide: (state, { payload }: Command<ExclusionaryExitPayload>, now) =>
    validateExclusionaryExit({
      applicationStatus: state.status,
      programs: state.input.programs,
      activities: state.activities,
      reason: payload.reason,
      exitDate: payload.exitDate ?? null,
      documentationRef: payload.documentationRef,
      caseNote: payload.caseNote,
      participationDate: state.participationDate,
      lastServiceDate: exitClockOf(state).lastServiceDate,
      today: todayOf(state, now),
    }),
  apply: (state, { actor, payload }, d, ctx) => {
    state.status = 'exited_exclusionary';
    state.exit = { type: 'exclusionary', exitDate: d.exitDate, exitedAt: new Date(ctx.now).toISOString(), reason: d.reason };
    if (state.plannedBreak && isActivePlannedBreak(state.plannedBreak.status)) {
      state.plannedBreak.status = 'cancelled';
    }
    // R-IEP-5: the exit closes an open plan on the exit date.
    const plansClosed = closePlansAtExit(state, d.exitDate, ctx, actor);
    const cancelled = cancelPendingChangeRequests(state, ctx); // R-DCR-3
    note(state, ctx, actor, {
      activityId: null,
      contactDate: todayOf(state, ctx.now),
      subject: `Exclusionary exit (reason ${d.reason})`,
      body: payload.caseNote,
    });
    audit(state, ctx, actor, ctx.command, {
      reason: d.reason,
      exitDate: d.exitDate,
      documentationRef: payload.documentationRef,
      ...(plansClosed.length > 0 ? { plansClosed: plansClosed.join(',') } : {}),
      ...(cancelled.length > 0 ? { cancelledChangeRequests: cancelled.join(',') } : {}),
    });
    return {};
  },
});

export function applyCreated(state: ApplicationState, ctx: CommandContext): void {
  audit(state, ctx, state.input.createdBy, 'createApplication', {
    programs: state.input.programs.join(','),
    office: state.input.office,
    eligibilityDate: state.input.eligibilityDate,
  });
  touch(state, ctx);
}

/** R-CLOCK-4: the soft exit, applied by the workflow when its timer fires (not a user command). */
export function applySoftExit(state: ApplicationState, ctx: CommandContext): ExitView {
  const exit = softExitRecord(exitClockOf(state), ctx.now);
  state.status = 'exited';
  state.exit = exit;
  // R-FU-1 / R-FU-2: four quarterly follow-ups; one already past due starts overdue.
  const today = todayOf(state, ctx.now);
  state.followUps = followUpQuarters(exit.exitDate).map((q) => ({
    quarter: q.quarter,
    periodStart: q.periodStart,
    periodEnd: q.periodEnd,
    dueDate: q.dueDate,
    status: initialFollowUpStatus(q.dueDate, today),
    contactAttempts: [],
    prefill: state.closure?.employment ?? null,
  }));
  if (state.plannedBreak && isActivePlannedBreak(state.plannedBreak.status)) {
    state.plannedBreak.status = 'ended';
  }
  const cancelled = cancelPendingChangeRequests(state, ctx); // R-DCR-3
  // R-IEP-5: the exit closes an open plan on the exit date.
  const plansClosed = closePlansAtExit(state, exit.exitDate, ctx, SYSTEM_ACTOR);
  audit(state, ctx, SYSTEM_ACTOR, 'softExit', {
    exitDate: exit.exitDate,
    exitedAt: exit.exitedAt,
    ...(cancelled.length > 0 ? { cancelledChangeRequests: cancelled.join(',') } : {}),
    ...(plansClosed.length > 0 ? { plansClosed: plansClosed.join(',') } : {}),
  });
  touch(state, ctx);
  return exit;
}
