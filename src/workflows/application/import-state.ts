/**
 * R-IMP-2 / R-IMP-3: the state of an imported legacy case, built by the workflow's own command specs
 * (`runCommand`: participation, activities, closes, planned break and its approval, case notes), so
 * every rule the API applies is applied here too — except R-ACT-4's backdating windows, lifted by
 * the commands' explicit `backdatingWindows: 'lifted'`. The application workflow is then started
 * with this state (`applicationWorkflow(input, state)`) and its clock follows the rules from there.
 *
 * Pure (no I/O, no clock, ids from `newId`): the import service (src/api/services/case-import.ts) calls
 * it for every line, a dry run too. What an import records differs from the commands in three ways:
 *   - the audit trail holds one `import` entry (who, when, the file's SHA-256, the line), not one per
 *     command;
 *   - imported entries are not data entry in this system: they carry no R-TIMELY `enteredOn`/`late`
 *     (like entries from before timeliness existed, the timeliness report does not count them);
 *   - the case notes the import writes for its activities and break (R-ACT-3 wants one each) are dated
 *     the import day; the last contact (R-NOTE-1) is the latest of the participation date and the
 *     line's own case notes, not the import day.
 */
import { type ActivityCatalog, findCode } from '../../domain/activity-codes';
import { DEFAULT_ALERT_THRESHOLDS } from '../../domain/alerts';
import type { CompletionCode, PlannedBreakReason, Program } from '../../domain/enums';
import type { IsoDate } from '../../domain/dates';
import { isDomainError } from '../../domain/errors';
import type { Actor, ApplicationWorkflowInput, Command } from './contract';
import { approvePlannedBreakCommand, requestPlannedBreakCommand } from './commands/planned-breaks';
import { caseNoteCommand } from './commands/case-management';
import { refreshAlerts } from './commands/alerts';
import { participationCommand } from './commands/lifecycle';
import { addActivityCommand, closeActivityCommand } from './commands/service-activities';
import { type ApplicationState, type CommandSpec, enqueue, initialState, runCommand, touch } from './state';

/** One legacy case, as validated from its import line. */
export interface ImportedCase {
  externalId: string;
  participationDate: IsoDate;
  activities: Array<{
    ref: string;
    code: string;
    program: Program;
    actualBeginDate?: IsoDate;
    projectedBeginDate?: IsoDate;
    projectedEndDate: IsoDate;
    actualEndDate?: IsoDate;
    completionCode?: CompletionCode;
  }>;
  plannedBreak?: { reason: PlannedBreakReason; resumeDate: IsoDate; activityRef: string; approvedBy: string };
  caseNotes?: Array<{ contactDate: IsoDate; subject: string; body: string }>;
}

export interface ImportContext {
  /** The workflow input the case is started with (createdBy = the importer). */
  input: ApplicationWorkflowInput;
  /** The supervisor importing. */
  importer: Actor;
  /** The agency's catalog (R-ACT-1): codes resolve here as the API resolves them. */
  catalog: ActivityCatalog;
  /** "Now" (the server clock, or the sandbox clock). */
  now: number;
  newId: () => string;
  fileSha256: string;
  /** 1-based line of the file. */
  line: number;
}

/** A line refused: the field (path in the line) and the rule's code. */
export class ImportFieldError extends Error {
  override readonly name = 'ImportFieldError';
  constructor(
    readonly field: string,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${field}: ${code}: ${detail}`);
  }
}

/** An imported case's state is built new, outside any workflow history: it takes every patched change. */
const TAKE_EVERY_CHANGE = (): boolean => true;

/** Which field of the command a domain code is about, when its details do not say. */
const CODE_FIELD: Record<string, string> = {
  PARTICIPATION_BEFORE_ELIGIBILITY: 'participationDate',
  UNKNOWN_ACTIVITY_CODE: 'code',
  CODE_NOT_FOR_PROGRAM: 'code',
  FOLLOW_UP_CODE_NOT_ALLOWED: 'code',
  PLANNED_BREAK_CODE_NOT_ALLOWED: 'code',
  PROGRAM_NOT_ENROLLED: 'program',
  BEGIN_DATE_CONFLICT: 'actualBeginDate',
  PROJECTED_BEGIN_NOT_FUTURE: 'projectedBeginDate',
  END_BEFORE_BEGIN: 'projectedEndDate',
  PLANNED_BREAK_TOO_LONG: 'resumeDate',
  PLANNED_BREAK_RESUME_NOT_FUTURE: 'resumeDate',
  PLANNED_BREAK_RESUME_MISMATCH: 'resumeDate',
  ACTIVITY_NOT_FUTURE: 'activityRef',
  SELF_APPROVAL: 'approvedBy',
  SUPERVISOR_REQUIRED: 'approvedBy',
};

/** Runs one command with the windows lifted; a refusal becomes an ImportFieldError under `prefix`. */
function run<P, D>(
  state: ApplicationState,
  spec: CommandSpec<P, D>,
  actor: Actor,
  payload: P,
  ctx: ImportContext,
  prefix: string,
  fieldOf?: (code: string, field: string | undefined) => string,
) {
  const cmd: Command<P> = { actor, payload, backdatingWindows: 'lifted' };
  try {
    return runCommand(state, spec, cmd, { now: ctx.now, commandId: ctx.newId(), newId: ctx.newId, patched: TAKE_EVERY_CHANGE }).result;
  } catch (err) {
    if (!isDomainError(err)) throw err;
    const detailField = (err.details as { field?: unknown } | undefined)?.field;
    const own = typeof detailField === 'string' ? detailField : CODE_FIELD[err.code];
    throw new ImportFieldError(fieldOf ? fieldOf(err.code, own) : own ? `${prefix}.${own}` : prefix, err.code, err.message);
  }
}

const IMPORT_NOTE = (externalId: string, what: string): string => `Imported from the legacy case ${externalId}: ${what}.`;

/** The state an imported case starts with; throws ImportFieldError for the first rule the line breaks. */
export function importedCaseState(c: ImportedCase, ctx: ImportContext): ApplicationState {
  const nowIso = new Date(ctx.now).toISOString();
  const state = initialState(ctx.input, nowIso);
  const entryOf = (i: number) => {
    const entry = findCode(ctx.catalog, c.activities[i]!.code);
    if (!entry) throw new ImportFieldError(`activities[${i}].code`, 'UNKNOWN_ACTIVITY_CODE', `activity code ${c.activities[i]!.code} is not in the catalog`);
    return entry;
  };
  const refs = new Map<string, number>();
  c.activities.forEach((a, i) => {
    if (refs.has(a.ref)) throw new ImportFieldError(`activities[${i}].ref`, 'DUPLICATE_REF', `ref ${a.ref} is used twice`);
    refs.set(a.ref, i);
  });

  // R-ACT-2: participation is the first service, begun on the participation date.
  const first = c.activities.findIndex((a) => a.actualBeginDate === c.participationDate && !a.projectedBeginDate);
  if (first < 0) {
    throw new ImportFieldError(
      'activities',
      'PARTICIPATION_ACTIVITY_MISSING',
      `no activity has actualBeginDate ${c.participationDate} (the participation date): participation is the first service (R-ACT-2)`,
    );
  }
  const ids = new Map<number, string>();
  const p = c.activities[first]!;
  const participated = run(
    state,
    participationCommand,
    ctx.importer,
    {
      participationDate: c.participationDate,
      activity: {
        code: p.code,
        entry: entryOf(first),
        program: p.program,
        projectedEndDate: p.projectedEndDate,
        caseNote: IMPORT_NOTE(c.externalId, `participation, activity ${p.ref}`),
      },
    },
    ctx,
    `activities[${first}]`,
    (code, field) =>
      field === 'participationDate' || code === 'FUTURE_DATE' || code.startsWith('BACKDATE')
        ? 'application.participationDate'
        : field
          ? `activities[${first}].${field}`
          : `activities[${first}]`,
  );
  ids.set(first, participated.activity!.id);

  // The other services, in date order (a begun one by its begin, a future one by its projected begin).
  const order = c.activities
    .map((a, i) => ({ a, i }))
    .filter(({ i }) => i !== first)
    .sort((x, y) => (x.a.actualBeginDate ?? x.a.projectedBeginDate ?? '').localeCompare(y.a.actualBeginDate ?? y.a.projectedBeginDate ?? ''));
  for (const { a, i } of order) {
    const added = run(
      state,
      addActivityCommand,
      ctx.importer,
      {
        code: a.code,
        entry: entryOf(i),
        program: a.program,
        ...(a.actualBeginDate ? { actualBeginDate: a.actualBeginDate } : {}),
        ...(a.projectedBeginDate ? { projectedBeginDate: a.projectedBeginDate } : {}),
        projectedEndDate: a.projectedEndDate,
        caseNote: IMPORT_NOTE(c.externalId, `activity ${a.ref}`),
      },
      ctx,
      `activities[${i}]`,
    );
    ids.set(i, added.activity!.id);
  }

  // Closed services, by end date.
  const closes = c.activities
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.actualEndDate !== undefined)
    .sort((x, y) => x.a.actualEndDate!.localeCompare(y.a.actualEndDate!));
  for (const { a, i } of closes) {
    run(
      state,
      closeActivityCommand,
      ctx.importer,
      { activityId: ids.get(i)!, actualEndDate: a.actualEndDate!, completionCode: a.completionCode! },
      ctx,
      `activities[${i}]`,
    );
  }

  // R-BREAK-1/2: an approved planned break: requested by the case manager the line names (in the legacy
  // system the case manager asks), else by the importer; approved by `approvedBy` (not the requester).
  if (c.plannedBreak) {
    const pb = c.plannedBreak;
    const at = refs.get(pb.activityRef);
    if (at === undefined) throw new ImportFieldError('plannedBreak.activityRef', 'ACTIVITY_NOT_FOUND', `no activity has ref ${pb.activityRef}`);
    const requester: Actor = ctx.input.caseManagerId ? { staffId: ctx.input.caseManagerId, role: 'staff' } : ctx.importer;
    const requested = run(
      state,
      requestPlannedBreakCommand,
      requester,
      {
        reason: pb.reason,
        resumeDate: pb.resumeDate,
        activityId: ids.get(at)!,
        caseNote: IMPORT_NOTE(c.externalId, `planned break (${pb.reason}) until ${pb.resumeDate}`),
      },
      ctx,
      'plannedBreak',
    );
    run(state, approvePlannedBreakCommand, { staffId: pb.approvedBy, role: 'supervisor' }, { breakId: requested.plannedBreak!.id }, ctx, 'plannedBreak');
  }

  (c.caseNotes ?? []).forEach((n, i) => {
    run(state, caseNoteCommand, ctx.importer, { contactDate: n.contactDate, subject: n.subject, body: n.body }, ctx, `caseNotes[${i}]`);
  });

  // What an import records (file comment): no timeliness on imported entries, the real last contact,
  // and one audit entry.
  for (const a of state.activities) {
    delete a.entries;
    delete a.enteredOn;
    delete a.late;
  }
  for (const n of state.outbox.caseNotes) {
    delete n.enteredOn;
    delete n.late;
  }
  state.lastCaseNoteDate = (c.caseNotes ?? []).reduce((max, n) => (n.contactDate > max ? n.contactDate : max), c.participationDate);
  state.outbox.audit = [];
  enqueue(state, 'audit', {
    commandId: ctx.newId(),
    command: 'import',
    actorId: ctx.importer.staffId,
    actorRole: ctx.importer.role,
    at: nowIso,
    summary: {
      externalId: c.externalId,
      fileSha256: ctx.fileSha256,
      line: ctx.line,
      activities: c.activities.length,
      caseNotes: c.caseNotes?.length ?? 0,
      plannedBreak: c.plannedBreak !== undefined,
    },
  });
  // The alerts as the workflow's first task derives them, so that task finds nothing new to project when
  // the import has projected the case itself.
  refreshAlerts(state, ctx.now, ctx.input.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS);
  touch(state, { now: ctx.now, commandId: 'import', newId: ctx.newId, command: 'import', patched: TAKE_EVERY_CHANGE });
  return state;
}
