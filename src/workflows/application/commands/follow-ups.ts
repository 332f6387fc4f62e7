/** Follow-ups after the exit (R-FU-*): the decline command, what the children report, completion. */
import { isOpenFollowUp, validateFollowUpDecline } from '../../../domain/follow-ups';
import { DomainError } from '../../../domain/errors';
import { declineFollowUps, type Command, type DeclineFollowUpsPayload, type FollowUpReport, type FollowUpView } from '../contract';
import { type ApplicationState, type CommandContext, SYSTEM_ACTOR, audit, note, spec, todayOf, touch } from '../state';
import { canonicalJson } from '../../../canonical-json';

export const declineFollowUpsCommand = spec(declineFollowUps, {
  decide: (state, { payload }: Command<DeclineFollowUpsPayload>, now) => {
    if (state.status !== 'exited') {
      throw new DomainError('FOLLOW_UP_NOT_OPEN', state.status === 'completed' ? 'all follow-ups are resolved' : 'follow-ups start at the soft exit');
    }
    return validateFollowUpDecline({ followUps: state.followUps, date: payload.date, today: todayOf(state, now), caseNote: payload.caseNote });
  },
  apply: (state, { actor, payload }, quarters, ctx) => {
    for (const f of state.followUps) {
      if (quarters.includes(f.quarter)) {
        f.status = 'declined';
        f.declinedOn = payload.date;
      }
    }
    note(state, ctx, actor, { activityId: null, contactDate: payload.date, subject: 'Participant declined follow-up', body: payload.caseNote });
    audit(state, ctx, actor, ctx.command, { quarters: quarters.join(','), date: payload.date });
    return {};
  },
});

/** A follow-up child ended with this view (R-FU-7): the application keeps the record. */
export function applyFollowUpChange(state: ApplicationState, update: FollowUpView, ctx: CommandContext): void {
  const i = state.followUps.findIndex((f) => f.quarter === update.quarter);
  if (i < 0) return;
  const current = state.followUps[i] as FollowUpView;
  // A decline recorded by the application is final, whatever a child reports afterwards.
  if (current.status === 'declined' && update.status !== 'declined') return;
  // A view the application already holds (heard through the child's reports) changes nothing: no new
  // version, no projection.
  if (canonicalJson(current) === canonicalJson(update)) return;
  state.followUps[i] = update;
  touch(state, ctx);
}

/**
 * §11 R-ABUSE-2: a follow-up child reported what changed: new contact attempts are appended, the other
 * fields replaced when sent (a report never carries the whole history of attempts, so it stays small).
 * A decline recorded by the application is final, as for a whole view.
 */
export function applyFollowUpReport(state: ApplicationState, report: FollowUpReport, ctx: CommandContext): boolean {
  const i = state.followUps.findIndex((f) => f.quarter === report.quarter);
  if (i < 0) return false;
  const current = state.followUps[i] as FollowUpView;
  const status = report.fields?.status ?? current.status;
  if (current.status === 'declined' && status !== 'declined') return false;
  const attempts = report.newContactAttempts ?? [];
  // A report with nothing in it: the follow-up's "still open" after 30 quiet days (its liveness check).
  if (attempts.length === 0 && !report.fields) return false;
  const contactAttempts = attempts.length > 0 ? [...current.contactAttempts, ...attempts] : current.contactAttempts;
  state.followUps[i] = report.fields ? { ...report.fields, contactAttempts } : { ...current, contactAttempts };
  touch(state, ctx);
  return true;
}

/** A follow-up's child workflow failed: keep the record, note the failure for operators. */
export function applyFollowUpFailure(state: ApplicationState, quarter: number, message: string, ctx: CommandContext): void {
  const f = state.followUps.find((x) => x.quarter === quarter);
  if (!f) return;
  f.error = message;
  audit(state, ctx, SYSTEM_ACTOR, 'followUpFailed', { quarter, message: message.slice(0, 200) });
  touch(state, ctx);
}

/** R-FU-7: the application completes when all four follow-ups are resolved. */
export function allFollowUpsResolved(state: ApplicationState): boolean {
  return state.followUps.length > 0 && state.followUps.every((f) => !isOpenFollowUp(f.status));
}

export function applyCompleted(state: ApplicationState, ctx: CommandContext): void {
  state.status = 'completed';
  audit(state, ctx, SYSTEM_ACTOR, 'followUpsResolved', { statuses: state.followUps.map((f) => `q${f.quarter}:${f.status}`).join(',') });
  touch(state, ctx);
}
