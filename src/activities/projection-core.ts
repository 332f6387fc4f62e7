/**
 * The projection's hot path (issue 18): a batch with no plan, credential, skill-gain or change-request
 * content — nearly every batch: services, case notes, the exit, follow-ups, alerts — is written by one
 * call of the PostgreSQL function `wioa_project_core` (migration `projection_core_function`) instead of
 * an interactive Prisma transaction of ten or more statements. The rows are built here, with the same
 * mapping as the Prisma path in projection.ts; the function applies the same rules (new rows only for
 * notes, audit and timed entries; the view over an older version only; activities, follow-ups and
 * alerts only when the view was applied, and only where they differ). test/activities/projection-core.test.ts
 * projects the same recorded batches both ways and compares every row.
 */
import { type Db, sqlRows } from '../db/client';
import type { PersistBatch } from './projection';
import { timedEntriesOf } from './timeliness-projection';

/** Whether the batch is one the function writes whole (otherwise the Prisma path writes it). */
export function coreOnly(batch: PersistBatch): boolean {
  const v = batch.view;
  return (
    (batch.planRecords?.length ?? 0) === 0 &&
    (batch.changeRequestTexts?.length ?? 0) === 0 &&
    batch.outcomes === undefined &&
    (v.plans?.length ?? 0) === 0 &&
    (v.changeRequests?.length ?? 0) === 0 &&
    (v.credentials?.length ?? 0) === 0
  );
}

/** Empty or absent dates and instants are NULL, as in the Prisma path (dbDate). */
const day = (d: string | null | undefined): string | null => d || null;

/** The function's argument: snake_case rows, dates as YYYY-MM-DD, instants as ISO strings. */
export function coreArgument(batch: PersistBatch): Record<string, unknown> {
  const { view } = batch;
  return {
    id: view.id,
    version: view.version,
    view,
    app: {
      participant_id: view.participantId,
      programs: view.programs,
      office: view.office,
      case_manager_id: view.caseManagerId,
      status: view.status,
      participation_date: day(view.participationDate),
      last_service_date: day(view.lastServiceDate),
      exit_clock_state: view.exitClock.state,
      soft_exit_date: day(view.exitClock.softExitDate),
      soft_exit_at: day(view.exitClock.softExitAt),
      exit_type: view.exit?.type ?? null,
      exit_date: day(view.exit?.exitDate),
      exited_at: day(view.exit?.exitedAt),
    },
    case_notes: batch.caseNotes.map((n) => ({
      id: n.id,
      activity_id: n.activityId,
      contact_date: n.contactDate,
      subject: n.subject,
      body: n.body,
      created_by: n.createdBy,
      created_at: n.createdAt,
    })),
    audit: batch.audit.map((a) => ({
      command_id: a.commandId,
      command: a.command,
      actor_id: a.actorId,
      actor_role: a.actorRole,
      at: a.at,
      payload: a.summary,
    })),
    activities: view.activities.map((a) => ({
      id: a.id,
      code: a.code,
      program: a.program,
      status: a.status,
      actual_begin_date: day(a.actualBeginDate),
      projected_begin_date: day(a.projectedBeginDate),
      projected_end_date: day(a.projectedEndDate),
      actual_end_date: day(a.actualEndDate),
      completion_code: a.completionCode ?? null,
    })),
    follow_ups: view.followUps.map((f) => ({
      quarter: f.quarter,
      period_start: f.periodStart,
      period_end: f.periodEnd,
      due_date: f.dueDate,
      status: f.status,
      completed_on: day(f.completedOn),
      contact_attempts: f.contactAttempts,
    })),
    // Absent (null) in runs that predate alerts: the function leaves the alerts table alone.
    alerts: batch.alerts ? batch.alerts.map((a) => ({ type: a.type, subject_key: a.subjectKey, detail: { ...a.detail, since: a.since } })) : null,
    alerts_at: view.updatedAt,
    timed_entries: timedEntriesOf(view, batch.caseNotes).map((r) => ({
      application_id: r.applicationId,
      office: r.office,
      kind: r.kind,
      entry_id: r.entryId,
      staff_id: r.staffId,
      dated_on: r.datedOn,
      entered_on: r.enteredOn,
      late: r.late,
    })),
  };
}

/** Writes a {@link coreOnly} batch in one statement (atomic on its own). Returns whether the view was applied. */
export async function projectCore(db: Db, batch: PersistBatch): Promise<boolean> {
  const rows = await sqlRows<{ applied: boolean }>(db, 'SELECT wioa_project_core($1::jsonb) AS applied', [JSON.stringify(coreArgument(batch))]);
  return rows[0]?.applied === true;
}
