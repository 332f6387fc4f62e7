/**
 * The projection's hot path (issue 18): a batch with no plan, credential, skill-gain or change-request
 * content — nearly every batch: services, case notes, the exit, follow-ups, alerts — is written by one
 * call of the PostgreSQL function `wioa_project_core` (migration `projection_core_function`) instead of
 * an interactive Prisma transaction of ten or more statements. The function applies the same rules (new rows only for
 * notes, audit and timed entries; the view over an older version only; activities, follow-ups and
 * alerts only when the view was applied, and only where they differ). Both paths build their rows with
 * projection-rows.ts; test/activities/projection-core.test.ts
 * projects the same recorded batches both ways and compares every row.
 */
import { type Db, sqlRows } from '../db/client';
import { type FullBatch, RECORD_KINDS, type RecordKind } from '../workflows/application/projection-contract';
import { activityRow, alertRow, applicationRow, auditRow, caseNoteRow, followUpRow, snakeCase } from './projection-rows';
import { timedEntriesOf } from './timeliness-projection';

/**
 * Which outbox kinds the function writes ({@link coreArgument}). A batch with rows of any other kind
 * goes to the Prisma path, which writes every kind. Typed over every kind, so a new kind does not
 * compile until it is decided here; test/activities/outbox-kinds.test.ts checks that each kind's rows
 * reach a write on both paths.
 */
export const CORE_STATEMENT_WRITES = {
  caseNotes: true,
  audit: true,
  planRecords: false,
  changeRequestTexts: false,
  credentials: false,
  skillGains: false,
} as const satisfies Record<RecordKind, boolean>;

/** Whether the batch is one the function writes whole (otherwise the Prisma path writes it). */
export function coreOnly(batch: FullBatch): boolean {
  const v = batch.view;
  return (
    RECORD_KINDS.every((kind) => CORE_STATEMENT_WRITES[kind] || batch[kind].length === 0) &&
    (v.plans?.length ?? 0) === 0 &&
    (v.changeRequests?.length ?? 0) === 0 &&
    (v.credentials?.length ?? 0) === 0
  );
}

/** The function's argument: the rows of projection-rows.ts with snake_case keys. */
export function coreArgument(batch: FullBatch): Record<string, unknown> {
  const { view } = batch;
  return {
    id: view.id,
    version: view.version,
    view,
    app: snakeCase(applicationRow(view)),
    case_notes: batch.caseNotes.map((n) => snakeCase(caseNoteRow(n))),
    audit: batch.audit.map((a) => snakeCase(auditRow(a))),
    activities: view.activities.map((a) => snakeCase(activityRow(a))),
    follow_ups: view.followUps.map((f) => snakeCase(followUpRow(f))),
    // Absent (null) in runs that predate alerts: the function leaves the alerts table alone.
    alerts: batch.alerts ? batch.alerts.map((a) => snakeCase(alertRow(a))) : null,
    alerts_at: view.updatedAt,
    timed_entries: timedEntriesOf(view, batch.caseNotes).map(snakeCase),
  };
}

/** Writes a {@link coreOnly} batch in one statement (atomic on its own). Returns whether the view was applied. */
export async function projectCore(db: Db, batch: FullBatch): Promise<boolean> {
  const rows = await sqlRows<{ applied: boolean }>(db, 'SELECT wioa_project_core($1::jsonb) AS applied', [JSON.stringify(coreArgument(batch))]);
  return rows[0]?.applied === true;
}
