/**
 * The application workflow's state (plain JSON, carried across continue-as-new), its view and the
 * helpers its commands share. The commands live by family in ./commands/*.ts; each is `decide`
 * (pure: validates against the state with the domain rules and throws a DomainError, used by the
 * Update validator and again by the handler) and `apply` (mutates the state). No I/O here: persistence goes through the outbox the workflow flushes with an activity.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { isActivityCodeEntry, type ActivityCatalog } from '../../domain/activity-codes';
import type { ActivityContext } from '../../domain/activity-rules';
import { agencyToday, type IsoDate } from '../../domain/dates';
import type { Alert } from '../../domain/alerts';
import { EMPTY_ASSESSMENT, type AssessmentView } from '../../domain/assessment';
import { orderedServices, type PlanView } from '../../domain/employment-plans';
import { DomainError } from '../../domain/errors';
import { computeExitClock, daysRemaining, type ExitClock, type ExitClockInput } from '../../domain/exit-clock';
import { entryTimeliness, type TimedEntryKind } from '../../domain/timeliness';
import type {
  ActivityView,
  Actor,
  ApplicationView,
  ApplicationWorkflowInput,
  ChangeRequestView,
  CodeEntry,
  Command,
  CommandName,
  CommandPayloads,
  CommandResult,
  CommandUpdate,
  PlannedBreakView,
  ClosureView,
  ExitView,
  FollowUpView,
  TimedEntryView,
} from './contract';
import { type CredentialRecord, type SkillGainRecord, credentialViews } from './outcomes-state';
import type { EducationAtParticipation } from '../../domain/enums';
import type { OutboxRecords, PendingAudit, PendingCaseNote, RecordKind, RecordOf } from './projection-contract';

/** A change request as the state keeps it: the view plus the catalog entry a code change needs. */
export interface StoredChangeRequest extends ChangeRequestView {
  entry?: CodeEntry;
}

/**
 * The shape of the carried state this code writes and resumes (docs/versioning.md). Bump it with a
 * step in `upgradeState` (./state-version.ts) whenever a field is added, removed or changes meaning.
 */
export const STATE_VERSION = 1;

export interface ApplicationState {
  /** {@link STATE_VERSION} of the code that wrote it. */
  stateVersion: typeof STATE_VERSION;
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
  /** Rows the workflow still owes PostgreSQL, by record kind (flushed by the writer: ./outbox.ts). */
  outbox: OutboxRecords;
  /** The last view version written to PostgreSQL. */
  projectedVersion: number;
  /**
   * Open caseload alerts derived from the state. Absent until the case first has one: until then a
   * batch carries no alert set and the projection leaves the case's (empty) alert rows alone.
   */
  alerts?: Alert[];
  /** R-OAS-1. */
  assessment: AssessmentView;
  /** R-IEP-1. */
  plans: PlanView[];
  /** R-DCR-1 data change requests. */
  changeRequests: StoredChangeRequest[];
  /** R-CRED-4 credentials. */
  credentials: CredentialRecord[];
  /** R-MSG-1 measurable skill gains. */
  skillGains: SkillGainRecord[];
  /** R-RPT-4: changed by setEducationAtParticipation (absent: the input's, else `none`). */
  educationAtParticipation?: EducationAtParticipation;
  /** R-CRED-3: the agency day the workflow saw the credential window closed (absent: not yet). */
  credentialWindowClosedOn?: IsoDate;
}

/** What a command needs besides the state: the workflow's clock and deterministic ids. */
export interface CommandContext {
  now: number;
  commandId: string;
  newId: () => string;
  /**
   * What the audit trail calls the change: the Update's name for a command (its definition's name),
   * or what the workflow did by itself ('softExit', 'followUpsResolved', …).
   */
  command: string;
  /**
   * Whether this run takes a change guarded by a patch id (docs/versioning.md): the workflow's
   * `patched()`; a state built outside a workflow (an import) and the command tests take every change.
   */
  patched: (patchId: string) => boolean;
}

export function initialState(input: ApplicationWorkflowInput, nowIso: string): ApplicationState {
  return {
    stateVersion: STATE_VERSION,
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
    assessment: { ...EMPTY_ASSESSMENT, sections: [] },
    plans: [],
    changeRequests: [],
    credentials: [],
    skillGains: [],
  };
}

export const todayOf = (state: ApplicationState, now: number): IsoDate => agencyToday(now, state.input.agencyTimeZone);

function clockInput(state: ApplicationState): ExitClockInput {
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
    educationAtParticipation: state.educationAtParticipation ?? state.input.educationAtParticipation ?? 'none',
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
    assessment: state.assessment,
    plans: state.plans.map((p) => ({ ...p, services: orderedServices(p.services, state.activities) })),
    changeRequests: state.changeRequests.map(({ entry: _entry, ...view }) => view),
    credentials: credentialViews(state, now),
    skillGains: state.skillGains,
    version: state.version,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

/** The catalog the rules see: the entries already on the application plus the one in the command. */
export function catalogFor(state: ApplicationState, extra?: CodeEntry): ActivityCatalog {
  const codes = new Map<string, CodeEntry>();
  for (const a of state.activities) {
    codes.set(a.code, { code: a.code, title: a.title, category: a.category, restartsExitClock: a.restartsExitClock, programs: [a.program] });
  }
  if (extra) codes.set(extra.code, extra);
  return { codes: [...codes.values()] };
}

/** The API resolves codes from the agency's catalog; the workflow checks the entry is well-formed. */
export function checkEntry(code: string, entry: CodeEntry): CodeEntry {
  if (!isActivityCodeEntry(entry) || entry.code !== code) {
    throw new DomainError('UNKNOWN_ACTIVITY_CODE', `activity code ${code} is not in the catalog`, { code });
  }
  return { ...entry, title: entry.title.trim(), programs: [...entry.programs] };
}

export function activityContext(state: ApplicationState, actor: Actor, now: number, backdatingWindows?: 'lifted'): ActivityContext {
  return {
    ...(backdatingWindows ? { backdatingWindows } : {}),
    status: state.status,
    programs: state.input.programs,
    participationDate: state.participationDate,
    closureRecorded: state.closure !== null,
    today: todayOf(state, now),
    callerRole: actor.role,
  };
}

// ---- bookkeeping shared by every accepted command ---------------------------------------------------

/** Queues one row of a record kind for PostgreSQL (the writer takes it in the next batch: ./outbox.ts). */
export function enqueue<K extends RecordKind>(state: ApplicationState, kind: K, row: RecordOf<K>): void {
  const rows = (state.outbox[kind] ??= []) as RecordOf<K>[];
  rows.push(row);
}

export function touch(state: ApplicationState, ctx: CommandContext): void {
  state.version += 1;
  state.updatedAt = new Date(ctx.now).toISOString();
}

/** The actor of what the workflow does by itself (timers). */
export const SYSTEM_ACTOR = { staffId: 'system', role: 'system' } as const;

export function audit(
  state: ApplicationState,
  ctx: CommandContext,
  actor: Actor | typeof SYSTEM_ACTOR,
  command: string,
  summary: PendingAudit['summary'] = {},
): void {
  enqueue(state, 'audit', {
    commandId: ctx.commandId,
    command,
    actorId: actor.staffId,
    actorRole: actor.role,
    at: new Date(ctx.now).toISOString(),
    summary,
  });
}

export function note(
  state: ApplicationState,
  ctx: CommandContext,
  actor: Actor,
  n: { activityId: string | null; contactDate: IsoDate; subject: string; body: string },
): PendingCaseNote {
  const { enteredOn, late } = timed('case_note', n.contactDate, todayOf(state, ctx.now), actor.staffId);
  const pending: PendingCaseNote = {
    id: ctx.newId(),
    ...n,
    createdBy: actor.staffId,
    createdAt: new Date(ctx.now).toISOString(),
    enteredOn,
    late,
  };
  enqueue(state, 'caseNotes', pending);
  if (state.lastCaseNoteDate === null || n.contactDate > state.lastCaseNoteDate) state.lastCaseNoteDate = n.contactDate;
  return pending;
}

export function newActivity(
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
    ...(entry.trainingType ? { trainingType: entry.trainingType } : {}),
    createdBy: actor.staffId,
    createdAt: new Date(ctx.now).toISOString(),
  };
}

/**
 * R-TIMELY-1/2: the timeliness of an entry describing `datedOn`, entered on `enteredOn`. A date outside
 * the holiday calendar's years (validated input cannot usually get there) counts as on time rather
 * than failing a command that was already accepted.
 */
export function timed(kind: TimedEntryKind, datedOn: IsoDate, enteredOn: IsoDate, enteredBy: string): TimedEntryView {
  try {
    return { datedOn, enteredBy, ...entryTimeliness(kind, datedOn, enteredOn) };
  } catch (err) {
    if (err instanceof DomainError || (err as { name?: string }).name === 'DomainError') return { datedOn, enteredOn, late: false, enteredBy };
    throw err;
  }
}

/** R-TIMELY-1: records an activity's dated entry (its begin, or its close) on the activity. */
export function timeActivity(activity: ActivityView, which: 'begin' | 'close', entry: TimedEntryView): void {
  activity.entries = { ...activity.entries, [which]: entry };
  activity.enteredOn = entry.enteredOn;
  activity.late = entry.late;
}

export function requireLastService(state: ApplicationState): IsoDate {
  const L = exitClockOf(state).lastServiceDate;
  if (L === null) throw new DomainError('NOT_PARTICIPATING', 'participation has not been created yet');
  return L;
}

export function findBreak(state: ApplicationState, breakId: string): PlannedBreakView | undefined {
  return state.plannedBreak?.id === breakId ? state.plannedBreak : undefined;
}

/**
 * A command, bound to the Update that carries it: `decide` validates (pure) and returns what `apply`
 * needs; `apply` changes the state. The command's name is its Update's name (`update.name`), written
 * once, in the contract.
 */
export interface CommandSpec<P, D, N extends string = string> {
  update: UpdateDefinition<CommandResult, [Command<P>], N>;
  /**
   * Rules added after histories exist that gate new commands only: run by the Update validator before
   * `decide`, never by the handler (which replays recorded commands), so no recorded case changes.
   */
  admit?(state: ApplicationState, cmd: Command<P>, now: number): void;
  decide(state: ApplicationState, cmd: Command<P>, now: number): D;
  apply(state: ApplicationState, cmd: Command<P>, decision: D, ctx: CommandContext): Omit<CommandResult, 'application'>;
}

export const spec = <N extends CommandName, D>(
  update: CommandUpdate<N>,
  s: Omit<CommandSpec<CommandPayloads[N], D, N>, 'update'>,
): CommandSpec<CommandPayloads[N], D, N> => ({
  update,
  ...s,
});

/**
 * Runs one command on plain state, as the workflow's Update handler does: `decide` (throws a
 * DomainError to refuse, leaving the state untouched), `apply`, then the version bump. `ctx.command`
 * is the command's name unless given (the workflow, tests and imports share this one path).
 */
export function runCommand<P, D>(
  state: ApplicationState,
  spec: CommandSpec<P, D>,
  cmd: Command<P>,
  ctx: Omit<CommandContext, 'command'> & { command?: string },
): { decision: D; result: Omit<CommandResult, 'application'> } {
  const decision = spec.decide(state, cmd, ctx.now);
  const result = spec.apply(state, cmd, decision, { ...ctx, command: ctx.command ?? spec.update.name });
  touch(state, { ...ctx, command: ctx.command ?? spec.update.name });
  return { decision, result };
}

/** A command of any payload and decision (the registry's element type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommandSpec = CommandSpec<any, any>;
