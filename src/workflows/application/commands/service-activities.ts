/** Activities (services on the application): add, begin, close. */
import { requireActivity, validateBeginActivity, validateCloseActivity, validateNewActivity } from '../../../domain/activity-rules';
import {
  addActivity,
  beginActivity,
  closeActivity,
  type AddActivityPayload,
  type BeginActivityPayload,
  type CloseActivityPayload,
  type Command,
} from '../contract';
import { activityContext, audit, catalogFor, checkEntry, newActivity, note, spec, timeActivity, timed, todayOf } from '../state';

export const addActivityCommand = spec(addActivity, {
  decide: (state, { actor, payload, backdatingWindows }: Command<AddActivityPayload>, now) => {
    const entry = checkEntry(payload.code, payload.entry);
    const decision = validateNewActivity(
      activityContext(state, actor, now, backdatingWindows),
      { ...payload, backdateApprovedBy: payload.backdateApprovedBy ?? null },
      catalogFor(state, entry),
    );
    return { entry, status: decision.status };
  },
  apply: (state, { actor, payload }, d, ctx) => {
    const activity = newActivity(ctx, actor, d.entry, {
      program: payload.program,
      status: d.status,
      actualBeginDate: payload.actualBeginDate ?? null,
      projectedBeginDate: payload.projectedBeginDate ?? null,
      projectedEndDate: payload.projectedEndDate,
      provider: payload.provider,
    });
    // R-TIMELY-1: an activity that has begun describes its actual begin date. A future activity
    // describes nothing that happened yet: entered on time; its dated entry is its begin.
    const today = todayOf(state, ctx.now);
    if (payload.actualBeginDate) timeActivity(activity, 'begin', timed('activity', payload.actualBeginDate, today, actor.staffId));
    else {
      activity.enteredOn = today;
      activity.late = false;
    }
    state.activities.push(activity);
    note(state, ctx, actor, {
      activityId: activity.id,
      contactDate: todayOf(state, ctx.now),
      subject: `Activity ${d.entry.code} ${d.entry.title}`,
      body: payload.caseNote,
    });
    audit(state, ctx, actor, ctx.command, {
      activityId: activity.id,
      code: d.entry.code,
      status: d.status,
      backdateApprovedBy: payload.backdateApprovedBy ?? null,
    });
    return { activity };
  },
});

export const beginActivityCommand = spec(beginActivity, {
  decide: (state, { actor, payload, backdatingWindows }: Command<BeginActivityPayload>, now) => {
    const activity = requireActivity(state.activities, payload.activityId);
    validateBeginActivity(
      activityContext(state, actor, now, backdatingWindows),
      activity,
      { ...payload, backdateApprovedBy: payload.backdateApprovedBy ?? null },
      catalogFor(state),
    );
    return activity.id;
  },
  apply: (state, { actor, payload }, activityId, ctx) => {
    const activity = requireActivity(state.activities, activityId);
    activity.status = 'open';
    activity.actualBeginDate = payload.actualBeginDate;
    timeActivity(activity, 'begin', timed('activity', payload.actualBeginDate, todayOf(state, ctx.now), actor.staffId));
    // R-BREAK-2: recording the break's activity begin ends the break, a break still pending too (else it
    // could be approved afterwards and extend the exit of a case whose service simply ended).
    const pb = state.plannedBreak;
    if (pb && pb.activityId === activityId && (pb.status === 'approved' || pb.status === 'pending')) {
      pb.status = 'ended';
    }
    audit(state, ctx, actor, ctx.command, { activityId, actualBeginDate: payload.actualBeginDate });
    return { activity };
  },
});

export const closeActivityCommand = spec(closeActivity, {
  decide: (state, { actor, payload, backdatingWindows }: Command<CloseActivityPayload>, now) => {
    const activity = requireActivity(state.activities, payload.activityId);
    validateCloseActivity(activityContext(state, actor, now, backdatingWindows), activity, {
      ...payload,
      backdateApprovedBy: payload.backdateApprovedBy ?? null,
    });
    return activity.id;
  },
  apply: (state, { actor, payload }, activityId, ctx) => {
    const activity = requireActivity(state.activities, activityId);
    activity.status = 'closed';
    activity.actualEndDate = payload.actualEndDate;
    activity.completionCode = payload.completionCode;
    timeActivity(activity, 'close', timed('activity_close', payload.actualEndDate, todayOf(state, ctx.now), actor.staffId));
    audit(state, ctx, actor, ctx.command, { activityId, actualEndDate: payload.actualEndDate, completionCode: payload.completionCode });
    return { activity };
  },
});
