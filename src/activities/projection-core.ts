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
import type { FullBatch } from '../workflows/application/projection-contract';
import { activityRow, alertRow, applicationRow, auditRow, caseNoteRow, followUpRow, snakeCase } from './projection-rows';
import { timedEntriesOf } from './timeliness-projection';

/** Whether the batch is one the function writes whole (otherwise the Prisma path writes it). */
export function coreOnly(batch: FullBatch): boolean {
  const v = batch.view;
  return (
    batch.planRecords.length === 0 &&
    batch.changeRequestTexts.length === 0 &&
    batch.credentials.length === 0 &&
    batch.skillGains.length === 0 &&
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
