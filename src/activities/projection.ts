import { log as activityLog } from '@temporalio/activity';
import { type Prisma } from '../generated/prisma/client';
import type { ActivityDeps } from './index';
import type { ApplicationView } from '../workflows/application/contract';
import type { PendingAudit, PendingCaseNote } from '../workflows/application/state';
import type { Alert } from '../domain/alerts';

/** A calendar date (YYYY-MM-DD) as the Date Prisma stores in a `@db.Date` column. */
export const dbDate = (d: string | null | undefined): Date | null => (d ? new Date(`${d}T00:00:00.000Z`) : null);
const dbInstant = (s: string | null | undefined): Date | null => (s ? new Date(s) : null);

function applicationRow(view: ApplicationView) {
  return {
    participantId: view.participantId,
    programs: view.programs,
    office: view.office,
    caseManagerId: view.caseManagerId,
    status: view.status,
    participationDate: dbDate(view.participationDate),
    lastServiceDate: dbDate(view.lastServiceDate),
    exitClockState: view.exitClock.state,
    softExitDate: dbDate(view.exitClock.softExitDate),
    softExitAt: dbInstant(view.exitClock.softExitAt),
    exitType: view.exit?.type ?? null,
    exitDate: dbDate(view.exit?.exitDate),
    exitedAt: dbInstant(view.exit?.exitedAt),
    view: view as unknown as Prisma.InputJsonValue,
    version: view.version,
  };
}

export interface PersistBatch {
  view: ApplicationView;
  caseNotes: PendingCaseNote[];
  audit: PendingAudit[];
  /** The open alerts (absent from runs that predate alerts: leave the table alone). */
  alerts?: Alert[];
}

/** Alerts: open the current ones (keeping when they were raised), resolve the rest of this application. */
async function syncAlerts(tx: Tx, view: ApplicationView, alerts: Alert[], at: Date): Promise<void> {
  for (const a of alerts) {
    const detail = { ...a.detail, since: a.since } as Prisma.InputJsonValue;
    await tx.alert.upsert({
      where: { applicationId_type_subjectKey: { applicationId: view.id, type: a.type, subjectKey: a.subjectKey } },
      create: { applicationId: view.id, type: a.type, subjectKey: a.subjectKey, status: 'open', caseManagerId: view.caseManagerId, detail, raisedAt: at },
      update: { status: 'open', caseManagerId: view.caseManagerId, detail, resolvedAt: null },
    });
  }
  const open = new Set(alerts.map((a) => `${a.type}:${a.subjectKey}`));
  const stale = await tx.alert.findMany({ where: { applicationId: view.id, status: 'open' }, select: { id: true, type: true, subjectKey: true } });
  const resolved = stale.filter((a) => !open.has(`${a.type}:${a.subjectKey}`)).map((a) => a.id);
  if (resolved.length > 0) await tx.alert.updateMany({ where: { id: { in: resolved } }, data: { status: 'resolved', resolvedAt: at } });
  // A new case manager sees the application's alerts, resolved ones included.
  const otherManager = view.caseManagerId === null ? { NOT: { caseManagerId: null } } : { OR: [{ caseManagerId: null }, { caseManagerId: { not: view.caseManagerId } }] };
  await tx.alert.updateMany({ where: { applicationId: view.id, ...otherManager }, data: { caseManagerId: view.caseManagerId } });
}

type Tx = Prisma.TransactionClient;

/**
 * Projects the application view (only over an older version, so retries and replays never move it
 * backwards) and its activities and follow-ups. Returns whether the view was applied.
 */
async function projectView(tx: Tx, view: ApplicationView, alerts: Alert[] | undefined): Promise<boolean> {
  const row = applicationRow(view);
  const updated = await tx.application.updateMany({ where: { id: view.id, version: { lt: view.version } }, data: row });
  let applied = updated.count > 0;
  if (!applied) {
    const inserted = await tx.application.createMany({ data: [{ id: view.id, ...row }], skipDuplicates: true });
    applied = inserted.count > 0;
  }
  if (!applied) return false;
  for (const a of view.activities) {
    const data = {
      applicationId: view.id,
      code: a.code,
      program: a.program,
      status: a.status,
      actualBeginDate: dbDate(a.actualBeginDate),
      projectedBeginDate: dbDate(a.projectedBeginDate),
      projectedEndDate: dbDate(a.projectedEndDate),
      actualEndDate: dbDate(a.actualEndDate),
      completionCode: a.completionCode,
    };
    await tx.activity.upsert({ where: { id: a.id }, create: { id: a.id, ...data }, update: data });
  }
  for (const f of view.followUps) {
    const data = {
      periodStart: dbDate(f.periodStart) as Date,
      periodEnd: dbDate(f.periodEnd) as Date,
      dueDate: dbDate(f.dueDate) as Date,
      status: f.status,
      completedOn: dbDate(f.completedOn),
      contactAttempts: f.contactAttempts as unknown as Prisma.InputJsonValue,
    };
    await tx.followUp.upsert({
      where: { applicationId_quarter: { applicationId: view.id, quarter: f.quarter } },
      create: { applicationId: view.id, quarter: f.quarter, ...data },
      update: data,
    });
  }
  if (alerts) await syncAlerts(tx, view, alerts, new Date(view.updatedAt));
  return true;
}

export function createProjectionActivities({ db }: ActivityDeps) {
  /**
   * Writes what the workflow accepted: case notes, audit entries and the latest view, in one
   * transaction. Idempotent: case notes and audit entries have workflow-made ids (unique keys), so a
   * retried or replayed batch never duplicates a row.
   */
  async function persistApplication(batch: PersistBatch): Promise<{ applied: boolean }> {
    const result = await db.$transaction(async (tx) => {
      if (batch.caseNotes.length > 0) {
        await tx.caseNote.createMany({
          data: batch.caseNotes.map((n) => ({
            id: n.id,
            applicationId: batch.view.id,
            activityId: n.activityId,
            contactDate: dbDate(n.contactDate) as Date,
            subject: n.subject,
            body: n.body,
            createdBy: n.createdBy,
            createdAt: new Date(n.createdAt),
          })),
          skipDuplicates: true,
        });
      }
      if (batch.audit.length > 0) {
        await tx.auditEntry.createMany({
          data: batch.audit.map((a) => ({
            applicationId: batch.view.id,
            commandId: a.commandId,
            command: a.command,
            actorId: a.actorId,
            actorRole: a.actorRole,
            at: new Date(a.at),
            payload: a.summary,
          })),
          skipDuplicates: true,
        });
      }
      return { applied: await projectView(tx, batch.view, batch.alerts) };
    });
    // The SDK's activity logger adds workflowId, runId and activityId; no case data is logged.
    activityLog.debug('projection written', {
      version: batch.view.version,
      status: batch.view.status,
      caseNotes: batch.caseNotes.length,
      auditEntries: batch.audit.length,
      applied: result.applied,
    });
    return result;
  }

  return { persistApplication };
}
