/**
 * Server-free harness for the application workflow's commands: `decide` / `apply` on a plain
 * `ApplicationState`, run as the workflow's Update handlers run them (src/workflows/application/
 * handlers.ts: `decide` as the validator, then `runCommand` = decide, apply, touch), with a fixed
 * clock and counter-based ids.
 *
 * This is the ONLY file of test/workflows/commands that touches the spec / context API: specs bound
 * to their Update definition (`spec.update.name` is the command's name), `CommandContext` (with its
 * `command`), `runCommand`, the outbox's writer functions, and the `apply*` functions the workflow
 * calls on timers and signals. When that API moves, only this file should need to follow. The test
 * files use `commands.*`, `run`, `refuse`, the builders and the timer/signal wrappers below.
 */
import { requireCode, type ActivityCodeEntry } from '../../../src/domain/activity-codes';
import { defaultActivityCatalog } from '../../../src/domain/activity-catalog';
import { ASSESSMENT_SECTIONS } from '../../../src/domain/assessment';
import { isDomainError } from '../../../src/domain/errors';
import type { Program } from '../../../src/domain/enums';
import type { ExitClock } from '../../../src/domain/exit-clock';
import type {
  Actor,
  ApplicationView,
  ApplicationWorkflowInput,
  CommandResult,
  ExitView,
  FollowUpCompletion,
  FollowUpReport,
  FollowUpView,
} from '../../../src/workflows/application/contract';
import {
  type ApplicationState,
  type CommandContext,
  type CommandSpec,
  exitClockOf,
  initialState,
  runCommand,
  toView,
} from '../../../src/workflows/application/state';
import { batchWritten, takeBatch } from '../../../src/workflows/application/outbox';
import {
  COMMANDS,
  applyCompleted,
  applyCreated,
  applyCredentialWindowClosed,
  applyFollowUpChange,
  applyFollowUpFailure,
  applyFollowUpReport,
  applySoftExit,
} from '../../../src/workflows/application/commands';

// ---- clock -------------------------------------------------------------------------------------------

const TZ = 'America/Los_Angeles';

/** An instant, e.g. `at('2024-04-10T07:00:00Z')`. */
export const at = (iso: string): number => Date.parse(iso);

/**
 * 20:00 UTC on `date`: 12:00 PST / 13:00 PDT, so the agency-local date (the commands' "today") is
 * `date` itself whatever daylight saving does.
 */
export const onDay = (date: string): number => Date.parse(`${date}T20:00:00Z`);

/** The ISO instant the state records for `now` (updatedAt, audit `at`, createdAt …). */
export const iso = (now: number): string => new Date(now).toISOString();

// ---- actors ------------------------------------------------------------------------------------------

export const staff: Actor = { staffId: 'S-STAFF-1', role: 'staff' };
export const staff2: Actor = { staffId: 'S-STAFF-2', role: 'staff' };
export const supervisor: Actor = { staffId: 'S-SUP-1', role: 'supervisor' };
export const supervisor2: Actor = { staffId: 'S-SUP-2', role: 'supervisor' };
export const viewer: Actor = { staffId: 'S-VIEW-1', role: 'viewer' };

// ---- catalog -----------------------------------------------------------------------------------------

/** The shipped catalog's entry for `code` (what the API puts in a command's `entry`). */
export const entry = (code: string): ActivityCodeEntry => requireCode(defaultActivityCatalog, code);

// ---- the commands, by their Update name ----------------------------------------------------------------

/** The workflow's own registry, keyed by Update name: a test runs exactly what the workflow registers. */
export const commands = COMMANDS;

// ---- deterministic context -----------------------------------------------------------------------------

let commandSeq = 0;
let idSeq = 0;

/** Restarts the counters behind command ids (`cmd-1`, …) and entity ids (`id-1`, …). */
function resetIds(): void {
  commandSeq = 0;
  idSeq = 0;
}

/**
 * A context at `now` with counter-based ids (the workflow uses the Update id and uuid4) that takes every
 * patched change unless `patched` says otherwise (a run recorded before a patch); `command` is
 * what the audit trail calls the change (a command's Update name, or what the workflow did by itself).
 */
function ctxAt(now: number, command: string, commandId?: string, patched: (patchId: string) => boolean = () => true): CommandContext {
  commandSeq += 1;
  return { now, command, commandId: commandId ?? `cmd-${commandSeq}`, newId: () => `id-${(idSeq += 1)}`, patched };
}

/** A command's name: its Update's name (what the audit trail records). */
const nameOf = <P, D>(spec: CommandSpec<P, D>): string => spec.update.name;

/** The command id the next context will carry (for exact audit assertions). */
export const nextCommandId = (): string => `cmd-${commandSeq + 1}`;

// ---- state -------------------------------------------------------------------------------------------

const baseInput: ApplicationWorkflowInput = {
  applicationId: 'APP-1',
  participantId: '00000000-0000-4000-8000-000000000001',
  programs: ['ADULT', 'DISLOCATED_WORKER'],
  eligibilityDate: '2023-12-01',
  office: 'LA-2703',
  caseManagerId: 'S-STAFF-1',
  createdBy: staff,
  agencyTimeZone: TZ,
  searchAttributes: false,
};

/** JSON text of the state: what a continue-as-new would carry (commands must keep it plain JSON). */
export const snapshot = (state: ApplicationState): string => JSON.stringify(state);

/**
 * A new application as the workflow starts it: `initialState`, then (unless `created: false`) the
 * creation audit `applyCreated` records; ids restart from 1 and the outbox is flushed.
 */
export function newState(overrides: Partial<ApplicationWorkflowInput> = {}, opts: { now?: number; created?: boolean } = {}): ApplicationState {
  resetIds();
  const now = opts.now ?? onDay('2024-01-02');
  const state = initialState({ ...baseInput, ...overrides }, iso(now));
  if (opts.created !== false) {
    created(state, now);
    flush(state);
  }
  return state;
}

/**
 * What the workflow's writer does once a batch is written: takes every owed row and the view, then
 * drops what the batch carried and remembers the projected version. Builders flush, so a test sees
 * exactly the rows its own command owes PostgreSQL.
 */
export function flush(state: ApplicationState): void {
  batchWritten(state, takeBatch(state, Date.parse(state.updatedAt)));
}

// ---- running commands ------------------------------------------------------------------------------------

export interface CommandOpts {
  actor?: Actor;
  now: number;
  /** The run's patches (default: every one; `() => false`: a run recorded before them). */
  patched?: (patchId: string) => boolean;
}

export type Outcome<D> = CommandResult & { decision: D };

/** Payloads and results cross Temporal's data converter: no object is shared with the caller. */
const overTheWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Runs a command as the workflow's Update handler does: `decide` as the Update validator (it must not
 * change the state), then the handler's `runCommand` (decide, apply, touch) with a fresh context named
 * after the Update; returns the handler's result (`application` = the view at `now`) plus the decision
 * (what the handler's `after` gets). A refusal throws the DomainError.
 */
export function run<P, D>(spec: CommandSpec<P, D>, state: ApplicationState, payload: P, opts: CommandOpts): Outcome<D> {
  const cmd = overTheWire({ actor: opts.actor ?? staff, payload });
  const before = snapshot(state);
  spec.decide(state, cmd, opts.now);
  if (snapshot(state) !== before) throw new Error(`${nameOf(spec)}: decide changed the state`);
  const { decision, result } = runCommand(state, spec, cmd, ctxAt(opts.now, nameOf(spec), undefined, opts.patched));
  return { ...overTheWire({ ...result, application: toView(state, opts.now) }), decision };
}

/**
 * The DomainError code `decide` refuses the command with; fails when it is accepted, when it throws
 * something else, or when the refusal changed the state.
 */
export function refuse<P, D>(spec: CommandSpec<P, D>, state: ApplicationState, payload: P, opts: CommandOpts): string {
  const cmd = overTheWire({ actor: opts.actor ?? staff, payload });
  const before = snapshot(state);
  let thrown: unknown;
  try {
    // As the Update validator: the rules for new commands only (admit), then decide.
    spec.admit?.(state, cmd, opts.now);
    spec.decide(state, cmd, opts.now);
  } catch (err) {
    thrown = err;
  }
  if (snapshot(state) !== before) throw new Error(`${nameOf(spec)}: a refused decide changed the state`);
  if (thrown === undefined) throw new Error(`${nameOf(spec)}: expected a refusal, but decide accepted the command`);
  if (!isDomainError(thrown)) throw thrown;
  return thrown.code;
}

// ---- what the workflow does on timers and signals ---------------------------------------------------------

/** R-CLOCK-4 / R-BREAK-2: the instant the soft exit is due, or null (the clock is not running). */
export const softExitAt = (state: ApplicationState): number | null => {
  const at = exitClockOf(state).softExitAt;
  return at === null ? null : Date.parse(at);
};

/**
 * The soft exit as the workflow's main loop records it: only while participating and once due
 * (throws otherwise, as the loop would not exit). `now` defaults to the due instant itself.
 */
export function softExit(state: ApplicationState, now?: number): ExitView {
  const due = softExitAt(state);
  const when = now ?? due;
  if (state.status !== 'participating' || due === null || when === null || when < due) {
    throw new Error(`the soft exit is not due (status ${state.status}, due ${due === null ? 'never' : iso(due)})`);
  }
  return applySoftExit(state, ctxAt(when, 'softExit', `soft-exit-${exitClockOf(state).softExitDate}`));
}

/** The creation audit of a new workflow (applyCreated). */
export function created(state: ApplicationState, now: number): void {
  applyCreated(state, ctxAt(now, 'createApplication', 'create'));
}

/** A follow-up child's report (signal or final result, R-FU-7). */
export function followUpReport(state: ApplicationState, view: FollowUpView, now: number): void {
  applyFollowUpChange(state, view, ctxAt(now, 'followUpChanged', `followup-q${view.quarter}`));
}

/** §11 R-ABUSE-2: a detached follow-up child reports what changed; true when the state changed. */
export function followUpChangeReport(state: ApplicationState, report: FollowUpReport, now: number): boolean {
  return applyFollowUpReport(state, report, ctxAt(now, 'followUpChanged', `followup-q${report.quarter}`));
}

/** A follow-up child failed. */
export function followUpFailed(state: ApplicationState, quarter: number, message: string, now: number): void {
  applyFollowUpFailure(state, quarter, message, ctxAt(now, 'followUpFailed', `followup-q${quarter}-failed`));
}

/** R-CRED-3: the credential-window timer fired. */
export function credentialWindowClosed(state: ApplicationState, now: number): void {
  applyCredentialWindowClosed(state, ctxAt(now, 'credentialWindowClosed', 'credential-window-closed'));
}

/** R-FU-7: the application completes. */
export function completed(state: ApplicationState, now: number): void {
  applyCompleted(state, ctxAt(now, 'followUpsResolved', 'completed'));
}

// ---- small builders ------------------------------------------------------------------------------------

export const view = (state: ApplicationState, now: number): ApplicationView => toView(state, now);
export const clock = (state: ApplicationState): ExitClock => exitClockOf(state);

export interface Case {
  state: ApplicationState;
  /** The activity participation created. */
  activityId: string;
  /** The instant the builder's last command ran at. */
  now: number;
}

/**
 * A participating case: participation on `participationDate` (default 2024-01-02) with `code` (101,
 * clock-restarting) for `program` (ADULT), recorded at `now` (default noon on the participation
 * date). Outbox flushed.
 */
export function participating(
  o: { participationDate?: string; code?: string; program?: Program; projectedEndDate?: string; now?: number; input?: Partial<ApplicationWorkflowInput> } = {},
): Case {
  const participationDate = o.participationDate ?? '2024-01-02';
  const now = o.now ?? onDay(participationDate);
  const code = o.code ?? '101';
  const state = newState(o.input, { now: Math.min(now, onDay(participationDate)) });
  const res = run(
    commands.recordParticipation,
    state,
    {
      participationDate,
      activity: {
        code,
        entry: entry(code),
        program: o.program ?? 'ADULT',
        projectedEndDate: o.projectedEndDate ?? '2024-03-01',
        caseNote: 'Initial assessment done.',
      },
    },
    { now },
  );
  flush(state);
  return { state, activityId: res.activity!.id, now };
}

/**
 * SPEC §7 basic vector: participation on 2024-01-02 with 101, closed on L (default 2024-01-10), both
 * recorded at noon on L; the clock runs to L + 91. Outbox flushed.
 */
export function withClosedService(
  o: { participationDate?: string; L?: string; code?: string; now?: number; input?: Partial<ApplicationWorkflowInput> } = {},
): Case {
  const L = o.L ?? '2024-01-10';
  const now = o.now ?? onDay(L);
  const c = participating({ participationDate: o.participationDate, code: o.code, projectedEndDate: L, now, input: o.input });
  run(commands.closeActivity, c.state, { activityId: c.activityId, actualEndDate: L, completionCode: 'successful' }, { now });
  flush(c.state);
  return c;
}

/** {@link withClosedService}, then the soft exit at L + 91 00:00 agency time (2024-04-10T07:00:00Z for the defaults). */
export function softExited(o: { L?: string; input?: Partial<ApplicationWorkflowInput> } = {}): Case & { exit: ExitView } {
  const c = withClosedService({ L: o.L, input: o.input });
  const now = softExitAt(c.state) as number;
  const exit = softExit(c.state, now);
  flush(c.state);
  return { ...c, now, exit };
}

/** Records all twelve assessment sections complete (R-OAS-1). */
export function assessAll(state: ApplicationState, now: number, actor: Actor = staff): void {
  for (const section of ASSESSMENT_SECTIONS) {
    run(commands.recordAssessmentSection, state, { section, status: 'complete', summary: `Summary of ${section}.` }, { now, actor });
  }
}

/** A follow-up child's report of completing quarter `quarter` (the view it sends its parent). */
export function completedReport(state: ApplicationState, quarter: number, completion: Partial<FollowUpCompletion> & { actualDate: string }): FollowUpView {
  const current = state.followUps.find((f) => f.quarter === quarter);
  if (!current) throw new Error(`no follow-up q${quarter}`);
  return {
    ...current,
    status: 'completed',
    completedOn: completion.actualDate,
    completion: { contactType: 'phone', workedInQuarter: true, employers: [{ name: 'Acme Tools' }], recordedBy: staff.staffId, late: false, ...completion },
  };
}
