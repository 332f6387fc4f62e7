/**
 * The one row mapper of the application projection: what each table's row holds, from a view or a
 * batch. Both writers use it: the Prisma transaction (projection.ts, which turns the dates into `Date`s
 * with {@link forPrisma}) and the PostgreSQL function `wioa_project_core` (projection-core.ts, which
 * passes the rows as snake_case JSON with {@link snakeCase}). test/activities/projection-core.test.ts
 * writes the same recorded batches both ways and compares every row.
 *
 * Rows carry calendar dates as YYYY-MM-DD, instants as ISO strings, and NULL for an absent or empty one.
 */
import type { ApplicationView } from '../workflows/application/contract';
import type { PendingAudit, PendingCaseNote } from '../workflows/application/projection-contract';
import type { Alert } from '../domain/alerts';
import { employerIds, employmentCode, inEducation, quarterlyEarnings } from '../domain/reporting';

/** An absent or empty date or instant is NULL in every table. */
const opt = (d: string | null | undefined): string | null => d || null;

export function applicationRow(view: ApplicationView) {
  return {
    participantId: view.participantId,
    programs: view.programs,
    office: view.office,
    caseManagerId: view.caseManagerId,
    status: view.status,
    participationDate: opt(view.participationDate),
    lastServiceDate: opt(view.lastServiceDate),
    exitClockState: view.exitClock.state,
    softExitDate: opt(view.exitClock.softExitDate),
    softExitAt: opt(view.exitClock.softExitAt),
    exitType: view.exit?.type ?? null,
    exitDate: opt(view.exit?.exitDate),
    exitedAt: opt(view.exit?.exitedAt),
    educationAtParticipation: view.educationAtParticipation ?? 'none',
    exitReason: view.exit?.type === 'exclusionary' ? (view.exit.reason ?? null) : null,
  };
}

export const caseNoteRow = (n: PendingCaseNote) => ({
  id: n.id,
  activityId: n.activityId,
  contactDate: n.contactDate,
  subject: n.subject,
  body: n.body,
  createdBy: n.createdBy,
  createdAt: n.createdAt,
});

export const auditRow = (a: PendingAudit) => ({
  commandId: a.commandId,
  command: a.command,
  actorId: a.actorId,
  actorRole: a.actorRole,
  at: a.at,
  payload: a.summary,
});

export const activityRow = (a: ApplicationView['activities'][number]) => ({
  id: a.id,
  code: a.code,
  program: a.program,
  status: a.status,
  actualBeginDate: opt(a.actualBeginDate),
  projectedBeginDate: opt(a.projectedBeginDate),
  projectedEndDate: opt(a.projectedEndDate),
  actualEndDate: opt(a.actualEndDate),
  completionCode: a.completionCode ?? null,
  category: a.category,
  trainingType: a.trainingType ?? null,
});

export const followUpRow = (f: ApplicationView['followUps'][number]) => ({
  quarter: f.quarter,
  periodStart: f.periodStart,
  periodEnd: f.periodEnd,
  dueDate: f.dueDate,
  status: f.status,
  completedOn: opt(f.completedOn),
  contactAttempts: f.contactAttempts,
  // R-RPT-3 / R-RPT-6: what the reports read of the quarter (src/domain/reporting.ts).
  employmentCode: employmentCode(f),
  earnings: quarterlyEarnings(f),
  employerIds: employerIds(f),
  inEducation: inEducation(f),
  youthPlacementCode: f.completion?.youthPlacementCode ?? null,
});

/** An alert's row; `since` (the day it began) is kept in its detail. */
export const alertRow = (a: Alert) => ({ type: a.type, subjectKey: a.subjectKey, detail: { ...a.detail, since: a.since } });

/** Columns that hold a calendar date (`@db.Date`) or an instant, in any of the rows above. */
const DATE_COLUMNS = new Set([
  'participationDate',
  'lastServiceDate',
  'softExitDate',
  'exitDate',
  'contactDate',
  'actualBeginDate',
  'projectedBeginDate',
  'projectedEndDate',
  'actualEndDate',
  'periodStart',
  'periodEnd',
  'dueDate',
  'completedOn',
]);
const INSTANT_COLUMNS = new Set(['softExitAt', 'exitedAt', 'createdAt', 'at']);

type DateColumn =
  | 'participationDate'
  | 'lastServiceDate'
  | 'softExitDate'
  | 'exitDate'
  | 'contactDate'
  | 'actualBeginDate'
  | 'projectedBeginDate'
  | 'projectedEndDate'
  | 'actualEndDate'
  | 'periodStart'
  | 'periodEnd'
  | 'dueDate'
  | 'completedOn'
  | 'softExitAt'
  | 'exitedAt'
  | 'createdAt'
  | 'at';
export type PrismaRow<T> = { [K in keyof T]: K extends DateColumn ? (null extends T[K] ? Date | null : Date) : T[K] };

/** A calendar date (YYYY-MM-DD) as the Date Prisma stores in a `@db.Date` column. */
export const dbDate = (d: string | null | undefined): Date | null => (d ? new Date(`${d}T00:00:00.000Z`) : null);

/** The row with its dates and instants as the `Date`s Prisma writes. */
export function forPrisma<T extends object>(row: T): PrismaRow<T> {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const [k, v] of Object.entries(row as Record<string, unknown>)) {
    if (DATE_COLUMNS.has(k)) out[k] = dbDate(v as string | null);
    else if (INSTANT_COLUMNS.has(k)) out[k] = v ? new Date(v as string) : null;
  }
  return out as PrismaRow<T>;
}

/** Column names by field name: a few dozen, converted once (the conversion led the worker's profile). */
const columnNames = new Map<string, string>();
const columnOf = (field: string): string => {
  let column = columnNames.get(field);
  if (column === undefined) columnNames.set(field, (column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return column;
};

/** The row with snake_case keys, as the database function reads it. */
export function snakeCase(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[columnOf(k)] = v;
  return out;
}
