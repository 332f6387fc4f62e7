/**
 * Data change requests (R-DCR-1 … R-DCR-3): staff request a correction of data already entered, a
 * supervisor other than the requester approves (every change applied at once, each field's before
 * and after value in the audit trail) or rejects it; an exit cancels the pending ones. The exit clock
 * follows from the corrected facts: the main loop re-arms its timer after every accepted command.
 */
import {
  type DatedEntry,
  validateChangeRequest,
  validateChangeRequestDecision,
  validateEntriesAsApplied,
  type CorrectionContext,
  type FieldChange,
} from '../../../domain/change-requests';
import { DomainError } from '../../../domain/errors';
import {
  requestDataChange,
  approveDataChange,
  rejectDataChange,
  type ChangeRequestDecisionPayload,
  type ChangeRequestPayload,
  type Command,
  type RejectChangeRequestPayload,
} from '../contract';
import { type ApplicationState, type CommandContext, type StoredChangeRequest, audit, checkEntry, enqueue, spec, todayOf } from '../state';
import type { PendingAudit } from '../projection-contract';

function correctionContext(state: ApplicationState, now: number): CorrectionContext {
  return {
    status: state.status,
    eligibilityDate: state.input.eligibilityDate,
    participationDate: state.participationDate,
    activities: state.activities,
    today: todayOf(state, now),
  };
}

/** The application's dates outside its activities that may not precede participation (R-ACT-5): outcomes and the plan. */
export function datedEntries(state: ApplicationState): DatedEntry[] {
  const entries: DatedEntry[] = [];
  for (const c of state.credentials) entries.push({ field: 'attainedOn', date: c.attainedOn, ref: { credentialId: c.id } });
  for (const g of state.skillGains) entries.push({ field: 'achievedOn', date: g.achievedOn, ref: { skillGainId: g.id } });
  for (const plan of state.plans) {
    entries.push({ field: 'startDate', date: plan.startDate, ref: { planId: plan.id } });
    if (plan.closedOn) entries.push({ field: 'closedOn', date: plan.closedOn, ref: { planId: plan.id } });
    for (const goal of plan.goals) {
      entries.push({ field: 'dateEstablished', date: goal.dateEstablished, ref: { planId: plan.id, goalId: goal.id } });
      if (goal.actualCompletionDate)
        entries.push({ field: 'actualCompletionDate', date: goal.actualCompletionDate, ref: { planId: plan.id, goalId: goal.id } });
      for (const objective of goal.objectives) {
        entries.push({ field: 'dateEstablished', date: objective.dateEstablished, ref: { planId: plan.id, goalId: goal.id, objectiveId: objective.id } });
        for (const review of objective.reviews)
          entries.push({
            field: 'reviewedOn',
            date: review.reviewedOn,
            ref: { planId: plan.id, goalId: goal.id, objectiveId: objective.id, reviewId: review.id },
          });
      }
    }
  }
  return entries;
}

/** R-DCR-1 (admit, new commands only): a participation date moved past an outcome's or the plan's date is refused. */
function admitParticipationChange(state: ApplicationState, request: Pick<StoredChangeRequest, 'target' | 'changes'>): void {
  if (request.target.kind !== 'participation') return;
  validateEntriesAsApplied(request.changes.participationDate, datedEntries(state));
}

function requireReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '') throw new DomainError('REASON_REQUIRED', 'a non-empty reason is required');
  return reason;
}

/** Validates the stored (or requested) change against the application as it is now, as if applied. */
function validateStored(state: ApplicationState, request: Pick<StoredChangeRequest, 'target' | 'changes' | 'entry'>, now: number): FieldChange[] {
  const entry = request.changes.code !== undefined && request.entry ? checkEntry(request.changes.code, request.entry) : null;
  return validateChangeRequest(correctionContext(state, now), request.target, request.changes, entry);
}

const findRequest = (state: ApplicationState, requestId: string): StoredChangeRequest | undefined => state.changeRequests.find((r) => r.id === requestId);

const viewOf = ({ entry: _entry, ...view }: StoredChangeRequest) => ({ ...view, target: { ...view.target }, changes: { ...view.changes } });

export const requestDataChangeCommand = spec(requestDataChange, {
  // The request's own rules first (decide's errors keep their precedence), then the outcomes and the plan.
  admit: (state, { payload }, now) => {
    validateStored(state, payload, now);
    admitParticipationChange(state, payload);
  },
  decide: (state, { payload }: Command<ChangeRequestPayload>, now) => {
    const fields = validateStored(state, payload, now);
    requireReason(payload.reason);
    return fields;
  },
  apply: (state, { actor, payload }, fields, ctx) => {
    const at = new Date(ctx.now).toISOString();
    const request: StoredChangeRequest = {
      id: ctx.newId(),
      target: payload.target.kind === 'activity' ? { kind: 'activity', activityId: payload.target.activityId } : { kind: 'participation' },
      changes: { ...payload.changes },
      status: 'pending',
      requestedBy: actor.staffId,
      requestedAt: at,
      decidedBy: null,
      decidedAt: null,
      ...(payload.changes.code !== undefined && payload.entry ? { entry: checkEntry(payload.changes.code, payload.entry) } : {}),
    };
    state.changeRequests.push(request);
    enqueue(state, 'changeRequestTexts', { changeRequestId: request.id, kind: 'request', text: payload.reason, by: actor.staffId, at });
    audit(state, ctx, actor, ctx.command, {
      changeRequestId: request.id,
      targetKind: request.target.kind,
      activityId: request.target.kind === 'activity' ? request.target.activityId : null,
      fields: fields.map((f) => f.field).join(','),
    });
    return { changeRequest: viewOf(request) };
  },
});

/** The audit keys of one field change: `<field>.before` / `<field>.after` (`activity.<field>` when a participation change moves an activity). */
function beforeAfter(request: StoredChangeRequest, fields: FieldChange[]): PendingAudit['summary'] {
  const summary: PendingAudit['summary'] = {};
  for (const f of fields) {
    const key = request.target.kind === 'participation' && f.activityId !== null ? `activity.${f.field}` : f.field;
    summary[`${key}.before`] = f.before;
    summary[`${key}.after`] = f.after;
    if (key.startsWith('activity.')) summary['activity.id'] = f.activityId;
  }
  return summary;
}

export const approveDataChangeCommand = spec(approveDataChange, {
  // Checked again at approval: a credential (say) may have been recorded since the request.
  admit: (state, { actor, payload }, now) => {
    const request = validateChangeRequestDecision(findRequest(state, payload.requestId), payload.requestId, actor) as StoredChangeRequest;
    validateStored(state, request, now);
    admitParticipationChange(state, request);
  },
  decide: (state, { actor, payload }: Command<ChangeRequestDecisionPayload>, now) => {
    const request = validateChangeRequestDecision(findRequest(state, payload.requestId), payload.requestId, actor) as StoredChangeRequest;
    // Validated again at approval: the application may have changed since the request.
    return validateStored(state, request, now);
  },
  apply: (state, { actor, payload }, fields, ctx) => {
    const request = findRequest(state, payload.requestId) as StoredChangeRequest;
    for (const f of fields) {
      if (f.field === 'participationDate') {
        state.participationDate = f.after;
        continue;
      }
      const activity = state.activities.find((a) => a.id === f.activityId);
      if (!activity) continue; // validated above: activities are never removed
      switch (f.field) {
        case 'code': {
          const entry = request.entry as NonNullable<StoredChangeRequest['entry']>;
          activity.code = entry.code;
          activity.title = entry.title;
          activity.category = entry.category;
          activity.restartsExitClock = entry.restartsExitClock;
          break;
        }
        case 'completionCode':
          activity.completionCode = request.changes.completionCode ?? activity.completionCode;
          break;
        case 'actualBeginDate':
        case 'actualEndDate':
        case 'projectedEndDate':
          activity[f.field] = f.after;
          break;
      }
    }
    request.status = 'approved';
    request.decidedBy = actor.staffId;
    request.decidedAt = new Date(ctx.now).toISOString();
    audit(state, ctx, actor, ctx.command, {
      changeRequestId: request.id,
      requestedBy: request.requestedBy,
      targetKind: request.target.kind,
      activityId: request.target.kind === 'activity' ? request.target.activityId : null,
      ...beforeAfter(request, fields),
    });
    const activity =
      request.target.kind === 'activity' ? state.activities.find((a) => a.id === (request.target as { activityId: string }).activityId) : undefined;
    return { changeRequest: viewOf(request), ...(activity ? { activity } : {}) };
  },
});

export const rejectDataChangeCommand = spec(rejectDataChange, {
  decide: (state, { actor, payload }: Command<RejectChangeRequestPayload>) => {
    validateChangeRequestDecision(findRequest(state, payload.requestId), payload.requestId, actor);
    requireReason(payload.reason);
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const request = findRequest(state, payload.requestId) as StoredChangeRequest;
    const at = new Date(ctx.now).toISOString();
    request.status = 'rejected';
    request.decidedBy = actor.staffId;
    request.decidedAt = at;
    enqueue(state, 'changeRequestTexts', { changeRequestId: request.id, kind: 'rejection', text: payload.reason, by: actor.staffId, at });
    audit(state, ctx, actor, ctx.command, { changeRequestId: request.id, requestedBy: request.requestedBy });
    return { changeRequest: viewOf(request) };
  },
});

/**
 * R-DCR-3: at a soft or exclusionary exit every pending change request becomes `cancelled` (decided
 * by the system at the exit's instant). Returns their ids, for the exit's audit entry.
 */
export function cancelPendingChangeRequests(state: ApplicationState, ctx: CommandContext): string[] {
  const cancelled: string[] = [];
  for (const r of state.changeRequests) {
    if (r.status !== 'pending') continue;
    r.status = 'cancelled';
    r.decidedBy = 'system';
    r.decidedAt = new Date(ctx.now).toISOString();
    cancelled.push(r.id);
  }
  return cancelled;
}
