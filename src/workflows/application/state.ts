/**
 * The application workflow's state (plain JSON, carried across continue-as-new) and its commands.
 * Each command is `decide` (pure: validates against the state with the domain rules and throws a
 * DomainError, used by the Update validator and again by the handler) and `apply` (mutates the
 * state). No I/O here: persistence goes through the outbox the workflow flushes with an activity.
 */
import { isActivityCodeEntry, type ActivityCatalog } from '../../domain/activity-codes';
import {
  validateBeginActivity,
  validateCaseNote,
  validateCloseActivity,
  validateNewActivity,
  validateParticipation,
  requireActivity,
  type ActivityContext,
} from '../../domain/activity-rules';
import { agencyToday, isIsoDate, startOfAgencyDay, type IsoDate } from '../../domain/dates';
import { type Alert, type AlertThresholds, computeAlerts, nextAlertChange, reconcileAlerts } from '../../domain/alerts';
import { DomainError } from '../../domain/errors';
import { computeExitClock, daysRemaining, type ExitClock, type ExitClockInput } from '../../domain/exit-clock';
import { softExitRecord, validateClosure, validateExclusionaryExit } from '../../domain/exits';
import { isOpenFollowUp, validateFollowUpDecline } from '../../domain/follow-ups';
import { followUpQuarters, initialFollowUpStatus } from '../../domain/quarters';
import {
  isActivePlannedBreak,
  validatePlannedBreakApproval,
  validatePlannedBreakCancel,
  validatePlannedBreakRequest,
} from '../../domain/planned-breaks';
import type {
  ActivityView,
  Actor,
  AddActivityPayload,
  ApplicationView,
  ApplicationWorkflowInput,
  AssignCaseManagerPayload,
  BeginActivityPayload,
  CaseNotePayload,
  ClosurePayload,
  CloseActivityPayload,
  CodeEntry,
  Command,
  DeclineFollowUpsPayload,
  CommandResult,
  ExclusionaryExitPayload,
  ParticipationPayload,
  PlannedBreakDecisionPayload,
  PlannedBreakRequestPayload,
  PlannedBreakView,
  ClosureView,
  ExitView,
  FollowUpView,
} from './contract';

/** A case note waiting to be written to PostgreSQL (PII: never in the view, memo or search attributes). */
export interface PendingCaseNote {
  id: string;
  activityId: string | null;
  contactDate: IsoDate;
  subject: string;
  body: string;
  createdBy: string;
  createdAt: string;
}

/** An audit entry waiting to be written: who did what, when (no PII in `summary`). */
export interface PendingAudit {
  commandId: string;
  command: string;
  actorId: string;
  actorRole: string;
  at: string;
  summary: Record<string, string | number | boolean | null>;
}

export interface ApplicationState {
  input: ApplicationWorkflowInput;
  status: ApplicationView['status'];
  caseManagerId: string | null;
  participationDate: IsoDate | null;
  activities: ActivityView[];
  plannedBreak: PlannedBreakView | null;
  closure: ClosureView | null;
  exit: ExitView | null;
  followUps: FollowUpView[];
  lastCaseNoteDate: IsoDate | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Writes the workflow still owes PostgreSQL (flushed by the persist activity). */
  outbox: { caseNotes: PendingCaseNote[]; audit: PendingAudit[] };
  /** The last view version written to PostgreSQL. */
  projectedVersion: number;
  /** Open caseload alerts derived from the state (absent in runs from before alerts existed). */
  alerts?: Alert[];
}

/** What a command needs besides the state: the workflow's clock and deterministic ids. */
export interface CommandContext {
  now: number;
  commandId: string;
  newId: () => string;
}

export function initialState(input: ApplicationWorkflowInput, nowIso: string): ApplicationState {
  return {
    input,
    status: 'eligible',
    caseManagerId: input.caseManagerId,
    participationDate: null,
    activities: [],
    plannedBreak: null,
    closure: null,
    exit: null,
    followUps: [],
    lastCaseNoteDate: null,
    version: 0,
    createdAt: nowIso,
    updatedAt: nowIso,
    outbox: { caseNotes: [], audit: [] },
    projectedVersion: 0,
  };
}

const todayOf = (state: ApplicationState, now: number): IsoDate => agencyToday(now, state.input.agencyTimeZone);

export function clockInput(state: ApplicationState): ExitClockInput {
  return {
    participationDate: state.participationDate,
    activities: state.activities,
    approvedPlannedBreak: state.plannedBreak?.status === 'approved' ? { resumeDate: state.plannedBreak.resumeDate } : null,
    exit: state.exit,
  };
}

export const exitClockOf = (state: ApplicationState): ExitClock => computeExitClock(clockInput(state), state.input.agencyTimeZone);

export function toView(state: ApplicationState, now: number): ApplicationView {
  const clock = exitClockOf(state);
  return {
    id: state.input.applicationId,
    participantId: state.input.participantId,
    programs: state.input.programs,
    office: state.input.office,
    caseManagerId: state.caseManagerId,
    status: state.status,
    eligibilityDate: state.input.eligibilityDate,
    participationDate: state.participationDate,
    lastServiceDate: clock.lastServiceDate,
    exitClock: {
      state: clock.state,
      softExitDate: clock.softExitDate,
      softExitAt: clock.softExitAt,
      daysRemaining: daysRemaining(clock.softExitDate, now, state.input.agencyTimeZone),
    },
    plannedBreak: state.plannedBreak,
    activities: state.activities,
    closure: state.closure,
    exit: state.exit,
    followUps: state.followUps,
    version: state.version,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

/** The catalog the rules see: the entries already on the application plus the one in the command. */
function catalogFor(state: ApplicationState, extra?: CodeEntry): ActivityCatalog {
  const codes = new Map<string, CodeEntry>();
  for (const a of state.activities) {
    codes.set(a.code, { code: a.code, title: a.title, category: a.category, restartsExitClock: a.restartsExitClock, programs: [a.program] });
  }
  if (extra) codes.set(extra.code, extra);
  return { codes: [...codes.values()] };
}

/** The API resolves codes from the agency's catalog; the workflow checks the entry is well-formed. */
function checkEntry(code: string, entry: CodeEntry): CodeEntry {
  if (!isActivityCodeEntry(entry) || entry.code !== code) {
    throw new DomainError('UNKNOWN_ACTIVITY_CODE', `activity code ${code} is not in the catalog`, { code });
  }
  return { ...entry, title: entry.title.trim(), programs: [...entry.programs] };
}

function activityContext(state: ApplicationState, actor: Actor, now: number): ActivityContext {
  return {
    status: state.status,
    programs: state.input.programs,
    participationDate: state.participationDate,
    closureRecorded: state.closure !== null,
    today: todayOf(state, now),
    callerRole: actor.role,
  };
}

// ---- bookkeeping shared by every accepted command ---------------------------------------------------
function touch(state: ApplicationState, ctx: CommandContext): void {
  state.version += 1;
  state.updatedAt = new Date(ctx.now).toISOString();
}

/** The actor of what the workflow does by itself (timers). */
export const SYSTEM_ACTOR = { staffId: 'system', role: 'system' } as const;

function audit(
  state: ApplicationState,
  ctx: CommandContext,
  actor: Actor | typeof SYSTEM_ACTOR,
  command: string,
  summary: PendingAudit['summary'] = {},
): void {
  state.outbox.audit.push({
    commandId: ctx.commandId,
    command,
    actorId: actor.staffId,
    actorRole: actor.role,
    at: new Date(ctx.now).toISOString(),
    summary,
  });
}

function note(
  state: ApplicationState,
  ctx: CommandContext,
  actor: Actor,
  n: { activityId: string | null; contactDate: IsoDate; subject: string; body: string },
): PendingCaseNote {
  const pending: PendingCaseNote = {
    id: ctx.newId(),
    ...n,
    createdBy: actor.staffId,
    createdAt: new Date(ctx.now).toISOString(),
  };
  state.outbox.caseNotes.push(pending);
  if (state.lastCaseNoteDate === null || n.contactDate > state.lastCaseNoteDate) state.lastCaseNoteDate = n.contactDate;
  return pending;
}

function newActivity(
  ctx: CommandContext,
  actor: Actor,
  entry: CodeEntry,
  fields: Pick<ActivityView, 'program' | 'status' | 'actualBeginDate' | 'projectedBeginDate' | 'projectedEndDate'> & {
    provider?: string;
  },
): ActivityView {
  return {
    id: ctx.newId(),
    code: entry.code,
    title: entry.title,
    category: entry.category,
    program: fields.program,
    status: fields.status,
    actualBeginDate: fields.actualBeginDate,
    projectedBeginDate: fields.projectedBeginDate,
    projectedEndDate: fields.projectedEndDate,
    actualEndDate: null,
    completionCode: null,
    provider: fields.provider ?? null,
    // Snapshot: a later catalog change never moves a running clock retroactively.
    restartsExitClock: entry.restartsExitClock,
    createdBy: actor.staffId,
    createdAt: new Date(ctx.now).toISOString(),
  };
}

function requireLastService(state: ApplicationState): IsoDate {
  const L = exitClockOf(state).lastServiceDate;
  if (L === null) throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
  return L;
}

function findBreak(state: ApplicationState, breakId: string): PlannedBreakView | undefined {
  return state.plannedBreak?.id === breakId ? state.plannedBreak : undefined;
}

/** A command: `decide` validates (pure) and returns what `apply` needs; `apply` changes the state. */
export interface CommandSpec<P, D> {
  name: string;
  decide(state: ApplicationState, cmd: Command<P>, now: number): D;
  apply(state: ApplicationState, cmd: Command<P>, decision: D, ctx: CommandContext): Omit<CommandResult, 'application'>;
}

const spec = <P, D>(s: CommandSpec<P, D>): CommandSpec<P, D> => s;

export const participationCommand = spec({
  name: 'recordParticipation',
  decide: (state, { actor, payload }: Command<ParticipationPayload>, now) => {
    const entry = checkEntry(payload.activity.code, payload.activity.entry);
    validateParticipation(
      { status: state.status, programs: state.input.programs, today: todayOf(state, now), callerRole: actor.role },
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
    state.activities.push(activity);
    note(state, ctx, actor, { activityId: activity.id, contactDate: payload.participationDate, subject: `Participation: ${entry.code} ${entry.title}`, body: payload.activity.caseNote });
    audit(state, ctx, actor, 'recordParticipation', { participationDate: payload.participationDate, activityId: activity.id, code: entry.code });
    return { activity };
  },
});

export const addActivityCommand = spec({
  name: 'addActivity',
  decide: (state, { actor, payload }: Command<AddActivityPayload>, now) => {
    const entry = checkEntry(payload.code, payload.entry);
    const decision = validateNewActivity(activityContext(state, actor, now), { ...payload, backdateApprovedBy: payload.backdateApprovedBy ?? null }, catalogFor(state, entry));
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
    state.activities.push(activity);
    note(state, ctx, actor, {
      activityId: activity.id,
      contactDate: todayOf(state, ctx.now),
      subject: `Activity ${d.entry.code} ${d.entry.title}`,
      body: payload.caseNote,
    });
    audit(state, ctx, actor, 'addActivity', { activityId: activity.id, code: d.entry.code, status: d.status, backdateApprovedBy: payload.backdateApprovedBy ?? null });
    return { activity };
  },
});

export const beginActivityCommand = spec({
  name: 'beginActivity',
  decide: (state, { actor, payload }: Command<BeginActivityPayload>, now) => {
    const activity = requireActivity(state.activities, payload.activityId);
    validateBeginActivity(activityContext(state, actor, now), activity, { ...payload, backdateApprovedBy: payload.backdateApprovedBy ?? null }, catalogFor(state));
    return activity.id;
  },
  apply: (state, { actor, payload }, activityId, ctx) => {
    const activity = requireActivity(state.activities, activityId);
    activity.status = 'open';
    activity.actualBeginDate = payload.actualBeginDate;
    // R-BREAK-2: recording the break's activity begin ends the break.
    if (state.plannedBreak && state.plannedBreak.activityId === activityId && state.plannedBreak.status === 'approved') {
      state.plannedBreak.status = 'ended';
    }
    audit(state, ctx, actor, 'beginActivity', { activityId, actualBeginDate: payload.actualBeginDate });
    return { activity };
  },
});

export const closeActivityCommand = spec({
  name: 'closeActivity',
  decide: (state, { actor, payload }: Command<CloseActivityPayload>, now) => {
    const activity = requireActivity(state.activities, payload.activityId);
    validateCloseActivity(activityContext(state, actor, now), activity, { ...payload, backdateApprovedBy: payload.backdateApprovedBy ?? null });
    return activity.id;
  },
  apply: (state, { actor, payload }, activityId, ctx) => {
    const activity = requireActivity(state.activities, activityId);
    activity.status = 'closed';
    activity.actualEndDate = payload.actualEndDate;
    activity.completionCode = payload.completionCode;
    audit(state, ctx, actor, 'closeActivity', { activityId, actualEndDate: payload.actualEndDate, completionCode: payload.completionCode });
    return { activity };
  },
});

export const requestPlannedBreakCommand = spec({
  name: 'requestPlannedBreak',
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
    note(state, ctx, actor, { activityId: payload.activityId, contactDate: todayOf(state, ctx.now), subject: `Planned break requested (${payload.reason})`, body: payload.caseNote });
    audit(state, ctx, actor, 'requestPlannedBreak', { breakId: plannedBreak.id, resumeDate: payload.resumeDate, reason: payload.reason });
    return { plannedBreak };
  },
});

export const approvePlannedBreakCommand = spec({
  name: 'approvePlannedBreak',
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
    audit(state, ctx, actor, 'approvePlannedBreak', { breakId: pb.id });
    return { plannedBreak: pb };
  },
});

export const cancelPlannedBreakCommand = spec({
  name: 'cancelPlannedBreak',
  decide: (state, { payload }: Command<PlannedBreakDecisionPayload>) => {
    validatePlannedBreakCancel({ applicationStatus: state.status, plannedBreak: findBreak(state, payload.breakId), breakId: payload.breakId });
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const pb = findBreak(state, payload.breakId) as PlannedBreakView;
    pb.status = 'cancelled';
    audit(state, ctx, actor, 'cancelPlannedBreak', { breakId: pb.id });
    return { plannedBreak: pb };
  },
});

export const closureCommand = spec({
  name: 'recordClosure',
  decide: (state, { payload }: Command<ClosurePayload>, now) => {
    validateClosure({ applicationStatus: state.status, activities: state.activities, closureRecorded: state.closure !== null });
    const start = payload.employment?.startDate;
    if (start !== undefined && (!isIsoDate(start) || start > todayOf(state, now))) {
      throw new DomainError('FUTURE_DATE', `employment.startDate ${start} must be a past date`, { field: 'employment.startDate' });
    }
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    state.closure = {
      closedOn: todayOf(state, ctx.now),
      closureStatus: payload.closureStatus,
      ...(payload.schoolStatusAtExit !== undefined ? { schoolStatusAtExit: payload.schoolStatusAtExit } : {}),
      ...(payload.youthPlacement !== undefined ? { youthPlacement: payload.youthPlacement } : {}),
      employment: payload.employment ?? null,
      recordedBy: actor.staffId,
      recordedAt: new Date(ctx.now).toISOString(),
    };
    audit(state, ctx, actor, 'recordClosure', { closureStatus: payload.closureStatus, employed: Boolean(payload.employment) });
    return {};
  },
});

export const exclusionaryExitCommand = spec({
  name: 'recordExclusionaryExit',
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
    note(state, ctx, actor, { activityId: null, contactDate: todayOf(state, ctx.now), subject: `Exclusionary exit (reason ${d.reason})`, body: payload.caseNote });
    audit(state, ctx, actor, 'recordExclusionaryExit', { reason: d.reason, exitDate: d.exitDate, documentationRef: payload.documentationRef });
    return {};
  },
});

export const caseNoteCommand = spec({
  name: 'addCaseNote',
  decide: (state, { payload }: Command<CaseNotePayload>, now) => {
    if (state.status === 'exited_exclusionary' || state.status === 'completed') {
      throw new DomainError('APPLICATION_EXITED', 'the application is closed');
    }
    if (payload.activityId) requireActivity(state.activities, payload.activityId);
    validateCaseNote(payload.body);
    if (payload.subject.trim() === '') throw new DomainError('CASE_NOTE_REQUIRED', 'a case note needs a subject');
    // A case note records a contact that happened: never in the future.
    const today = todayOf(state, now);
    if (!isIsoDate(payload.contactDate)) throw new DomainError('INVALID_DATE', 'contactDate must be YYYY-MM-DD', { field: 'contactDate' });
    if (payload.contactDate > today) {
      throw new DomainError('FUTURE_DATE', `contactDate ${payload.contactDate} is in the future (today is ${today})`, { field: 'contactDate' });
    }
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const n = note(state, ctx, actor, { activityId: payload.activityId ?? null, contactDate: payload.contactDate, subject: payload.subject, body: payload.body });
    audit(state, ctx, actor, 'addCaseNote', { caseNoteId: n.id, contactDate: payload.contactDate });
    return { caseNote: { id: n.id, contactDate: n.contactDate, subject: n.subject, activityId: n.activityId } };
  },
});

export const assignCaseManagerCommand = spec({
  name: 'assignCaseManager',
  decide: (state, _cmd: Command<AssignCaseManagerPayload>) => {
    if (state.status === 'exited_exclusionary' || state.status === 'completed') {
      throw new DomainError('APPLICATION_EXITED', 'the application is closed');
    }
    return null;
  },
  apply: (state, { actor, payload }, _d, ctx) => {
    const previous = state.caseManagerId;
    state.caseManagerId = payload.staffId;
    audit(state, ctx, actor, 'assignCaseManager', { from: previous, to: payload.staffId });
    return {};
  },
});

export const declineFollowUpsCommand = spec({
  name: 'declineFollowUps',
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
    audit(state, ctx, actor, 'declineFollowUps', { quarters: quarters.join(','), date: payload.date });
    return {};
  },
});

/** A follow-up child reported a change (R-FU-7): the application keeps the record. */
export function applyFollowUpChange(state: ApplicationState, update: FollowUpView, ctx: CommandContext): void {
  const i = state.followUps.findIndex((f) => f.quarter === update.quarter);
  if (i < 0) return;
  const current = state.followUps[i] as FollowUpView;
  // A decline recorded by the application is final, whatever a child reports afterwards.
  if (current.status === 'declined' && update.status !== 'declined') return;
  state.followUps[i] = update;
  touch(state, ctx);
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

/**
 * Re-derives the open alerts at `now` (SPEC "Alerts"); returns true when the set (or a detail)
 * changed, so the writer projects it. An alert that stays open keeps the day it began.
 */
export function refreshAlerts(state: ApplicationState, now: number, thresholds: AlertThresholds): boolean {
  const view = toView(state, now);
  const current = computeAlerts({ ...view, lastCaseNoteDate: state.lastCaseNoteDate }, todayOf(state, now), thresholds);
  const next = reconcileAlerts(state.alerts ?? [], current).alerts;
  if (JSON.stringify(next) === JSON.stringify(state.alerts ?? [])) return false;
  state.alerts = next;
  return true;
}

/** The instant the alert set can next change by time alone (00:00 agency time), or null. */
export function nextAlertInstant(state: ApplicationState, now: number, thresholds: AlertThresholds): number | null {
  const view = toView(state, now);
  const date = nextAlertChange({ ...view, lastCaseNoteDate: state.lastCaseNoteDate }, todayOf(state, now), thresholds);
  return date ? startOfAgencyDay(date, state.input.agencyTimeZone).getTime() : null;
}

/** The application was created (first run only): audit who created it. */
export function applyCreated(state: ApplicationState, ctx: CommandContext): void {
  audit(state, ctx, state.input.createdBy, 'createApplication', {
    programs: state.input.programs.join(','),
    office: state.input.office,
    eligibilityDate: state.input.eligibilityDate,
  });
  touch(state, ctx);
}

/** R-CLOCK-4: the soft exit, applied by the workflow when its timer fires (not a user command). */
export function applySoftExit(state: ApplicationState, ctx: CommandContext, withFollowUps: boolean): ExitView {
  const exit = softExitRecord(exitClockOf(state), ctx.now);
  state.status = 'exited';
  state.exit = exit;
  // R-FU-1 / R-FU-2: four quarterly follow-ups; one already past due starts overdue.
  const today = todayOf(state, ctx.now);
  if (withFollowUps) state.followUps = followUpQuarters(exit.exitDate).map((q) => ({
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
  audit(state, ctx, SYSTEM_ACTOR, 'softExit', { exitDate: exit.exitDate, exitedAt: exit.exitedAt });
  touch(state, ctx);
  return exit;
}

export { touch };
