/**
 * §8 outcomes: credentials (R-CRED-1, R-CRED-2, R-CRED-4), measurable skill gains (R-MSG-1, R-MSG-2)
 * and the credential window that holds an exited application open (R-CRED-3 / R-FU-7).
 */
import { credentialWindowCompletionDate, credentialWindowEnd, validateCredential } from '../../../domain/credentials';
import { type IsoDate, startOfAgencyDay } from '../../../domain/dates';
import { validateSkillGain } from '../../../domain/skill-gains';
import { type Timeliness, entryTimeliness } from '../../../domain/timeliness';
import { recordCredential, recordSkillGain, type Actor, type Command, type RecordCredentialPayload, type RecordSkillGainPayload } from '../contract';
import type { PendingCredential, PendingSkillGain } from '../projection-contract';
import { credentialViews } from '../outcomes-state';
import { type ApplicationState, type CommandContext, SYSTEM_ACTOR, audit, enqueue, spec, todayOf, touch } from '../state';

/** What R-CRED-1/R-CRED-2 and R-MSG-1 check a credential or a skill gain against: the application, the caller and today. */
function outcomeFacts(state: ApplicationState, actor: Actor, backdateApprovedBy: string | null | undefined, today: IsoDate) {
  return {
    applicationStatus: state.status,
    participationDate: state.participationDate,
    exit: state.exit ? { type: state.exit.type, exitDate: state.exit.exitDate } : null,
    activities: state.activities,
    today,
    callerRole: actor.role,
    backdateApprovedBy: backdateApprovedBy ?? null,
  };
}

/** Who recorded a row, on which day it was entered and whether late (R-TIMELY-1), and when. */
const recorded = (actor: Actor, timeliness: Timeliness, ctx: CommandContext) => ({
  recordedBy: actor.staffId,
  enteredOn: timeliness.enteredOn,
  late: timeliness.late,
  recordedAt: new Date(ctx.now).toISOString(),
});

export const recordCredentialCommand = spec(recordCredential, {
  decide: (state, { actor, payload }: Command<RecordCredentialPayload>, now) => {
    const today = todayOf(state, now);
    const d = validateCredential({
      ...outcomeFacts(state, actor, payload.backdateApprovedBy, today),
      type: payload.type,
      attainedOn: payload.attainedOn,
      activityId: payload.activityId,
      verification: payload.verification,
    });
    // R-TIMELY-1, decided here so a date the calendar cannot judge is refused, never half-applied.
    return { ...d, timeliness: entryTimeliness('credential', payload.attainedOn, today) };
  },
  apply: (state, { actor, payload }, d, ctx) => {
    const row: PendingCredential = {
      id: ctx.newId(),
      type: d.type,
      attainedOn: payload.attainedOn,
      activityId: payload.activityId,
      verification: { method: d.verification.method, hasDocumentationRef: d.verification.documentationRef !== null },
      ...recorded(actor, d.timeliness, ctx),
      documentationRef: d.verification.documentationRef,
    };
    const { documentationRef: _ref, ...record } = row;
    state.credentials.push(record);
    enqueue(state, 'credentials', row);
    // No documentation reference in the audit trail's summary (free text).
    audit(state, ctx, actor, ctx.command, {
      credentialId: row.id,
      type: row.type,
      attainedOn: row.attainedOn,
      activityId: row.activityId,
      method: row.verification.method,
      late: row.late,
      backdateApproval: d.backdate.approval,
      backdateApprovedBy: payload.backdateApprovedBy ?? null,
    });
    const credential = credentialViews(state, ctx.now).find((c) => c.id === row.id);
    return credential ? { credential } : {};
  },
});

export const recordSkillGainCommand = spec(recordSkillGain, {
  decide: (state, { actor, payload }: Command<RecordSkillGainPayload>, now) => {
    const today = todayOf(state, now);
    const d = validateSkillGain({
      ...outcomeFacts(state, actor, payload.backdateApprovedBy, today),
      type: payload.type,
      achievedOn: payload.achievedOn,
      activityId: payload.activityId,
      documentationRef: payload.documentationRef,
    });
    return { ...d, timeliness: entryTimeliness('skill_gain', payload.achievedOn, today) };
  },
  apply: (state, { actor, payload }, d, ctx) => {
    const row: PendingSkillGain = {
      id: ctx.newId(),
      type: d.type,
      achievedOn: payload.achievedOn,
      programYear: d.programYear,
      activityId: payload.activityId,
      ...recorded(actor, d.timeliness, ctx),
      documentationRef: d.documentationRef,
    };
    const { documentationRef: _ref, ...skillGain } = row;
    state.skillGains.push(skillGain);
    enqueue(state, 'skillGains', row);
    audit(state, ctx, actor, ctx.command, {
      skillGainId: row.id,
      type: row.type,
      achievedOn: row.achievedOn,
      programYear: row.programYear,
      activityId: row.activityId,
      late: row.late,
      backdateApproval: d.backdate.approval,
      backdateApprovedBy: payload.backdateApprovedBy ?? null,
    });
    return { skillGain };
  },
});

// ---- R-CRED-3: the credential window holds an exited application open ----------------------------

/**
 * The instant (00:00 agency time on the day after the window) the workflow must next look at the
 * credential window, or null: not soft-exited, or already seen closed.
 */
export function credentialWindowClosesAt(state: ApplicationState): number | null {
  if (state.status !== 'exited' || state.exit?.type !== 'soft' || state.credentialWindowClosedOn !== undefined) return null;
  return startOfAgencyDay(credentialWindowCompletionDate(state.exit.exitDate), state.input.agencyTimeZone).getTime();
}

/** R-CRED-3: the window has ended by `now` and the state does not know yet. */
export function credentialWindowDue(state: ApplicationState, now: number): boolean {
  const at = credentialWindowClosesAt(state);
  return at !== null && now >= at;
}

/** R-CRED-3 / R-CRED-4: records that the window closed (credentials counting on it change; the audit trail says so). */
export function applyCredentialWindowClosed(state: ApplicationState, ctx: CommandContext): void {
  const windowEnd = state.exit ? credentialWindowEnd(state.exit.exitDate) : null;
  state.credentialWindowClosedOn = todayOf(state, ctx.now);
  audit(state, ctx, SYSTEM_ACTOR, 'credentialWindowClosed', { windowEnd, credentials: state.credentials.length });
  touch(state, ctx);
}

/** R-CRED-3: whether the window no longer holds the application open. */
export function credentialWindowPassed(state: ApplicationState): boolean {
  return state.credentialWindowClosedOn !== undefined;
}
