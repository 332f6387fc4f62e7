/** Planned breaks (R-BREAK-*): request, supervisor approval, cancel. */
import { validatePlannedBreakApproval, validatePlannedBreakCancel, validatePlannedBreakRequest } from '../../../domain/planned-breaks';
import {
  requestPlannedBreak,
  approvePlannedBreak,
  cancelPlannedBreak,
  type Command,
  type PlannedBreakDecisionPayload,
  type PlannedBreakRequestPayload,
  type PlannedBreakView,
} from '../contract';
import { audit, findBreak, note, requireLastService, spec, todayOf } from '../state';

export const requestPlannedBreakCommand = spec(requestPlannedBreak, {
  decide: (state, { payload }: Command<PlannedBreakRequestPayload>, now) => {
    validatePlannedBreakRequest({
      applicationStatus: state.status,
      currentBreakStatus: state.plannedBreak?.status ?? null,
      activity: state.activities.find((a) => a.id === payload.activityId),
      activityId: payload.activityId,
      reason: payload.reason,
      resumeDate: payload.resumeDate,
      caseNote: payload.caseNote,
      lastServiceDate: requireLastService(state),
      today: todayOf(state, now),
    });
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const plannedBreak: PlannedBreakView = {
      id: ctx.newId(),
      status: 'pending',
      reason: payload.reason,
      resumeDate: payload.resumeDate,
      activityId: payload.activityId,
      requestedBy: actor.staffId,
      requestedAt: new Date(ctx.now).toISOString(),
      approvedBy: null,
      approvedAt: null,
    };
    state.plannedBreak = plannedBreak;
    note(state, ctx, actor, {
      activityId: payload.activityId,
      contactDate: todayOf(state, ctx.now),
      subject: `Planned break requested (${payload.reason})`,
      body: payload.caseNote,
    });
    audit(state, ctx, actor, ctx.command, { breakId: plannedBreak.id, resumeDate: payload.resumeDate, reason: payload.reason });
    return { plannedBreak };
  },
});

export const approvePlannedBreakCommand = spec(approvePlannedBreak, {
  decide: (state, { actor, payload }: Command<PlannedBreakDecisionPayload>, now) => {
    validatePlannedBreakApproval({
      applicationStatus: state.status,
      plannedBreak: findBreak(state, payload.breakId),
      breakId: payload.breakId,
      approverId: actor.staffId,
      approverRole: actor.role,
      lastServiceDate: requireLastService(state),
      today: todayOf(state, now),
    });
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const pb = findBreak(state, payload.breakId) as PlannedBreakView;
    pb.status = 'approved';
    pb.approvedBy = actor.staffId;
    pb.approvedAt = new Date(ctx.now).toISOString();
    audit(state, ctx, actor, ctx.command, { breakId: pb.id });
    return { plannedBreak: pb };
  },
});

export const cancelPlannedBreakCommand = spec(cancelPlannedBreak, {
  decide: (state, { payload }: Command<PlannedBreakDecisionPayload>) => {
    validatePlannedBreakCancel({ applicationStatus: state.status, plannedBreak: findBreak(state, payload.breakId), breakId: payload.breakId });
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const pb = findBreak(state, payload.breakId) as PlannedBreakView;
    pb.status = 'cancelled';
    audit(state, ctx, actor, ctx.command, { breakId: pb.id });
    return { plannedBreak: pb };
  },
});
