import { log as activityLog } from '@temporalio/activity';
import { type Prisma } from '../generated/prisma/client';
import type { ActivityDeps } from './index';
import type { ApplicationView } from '../workflows/application/contract';
import type { PendingAudit, PendingCaseNote, PendingChangeRequestText, PendingPlanRecord } from '../workflows/application/state';
import { projectPlans } from './plan-projection';
import type { PendingOutcomes } from '../workflows/application/commands/outcomes';
import { projectCredentialRates, projectOutcomes } from './outcomes-projection';
import type { Alert } from '../domain/alerts';
import { canonicalJson } from '../canonical-json';
import { projectChangeRequests } from './change-request-projection';
import { projectTimedEntries } from './timeliness-projection';
import { coreOnly, projectCore } from './projection-core';

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
  /** §8 free text (assessment summaries, descriptions, review notes); absent when there is none. */
  planRecords?: PendingPlanRecord[];
  /** R-DCR-1/2: change request reasons and rejection reasons (PII), absent when there are none. */
  changeRequestTexts?: PendingChangeRequestText[];
  /** §8 credential and skill-gain rows owed to PostgreSQL, with their documentation references. */
  outcomes?: PendingOutcomes;
}

/** The same column values (dates by instant, JSON canonically). */
function sameRow(row: Record<string, unknown>, data: Record<string, unknown>): boolean {
  return Object.keys(data).every((k) => canonicalJson(row[k]) === canonicalJson(data[k]));
}

/**
 * Alerts: open the current ones (keeping when they were raised), resolve the rest of this application,
 * and keep every row's case manager current. Reads the application's rows once and writes only what
 * differs (a batch usually changes nothing here).
 */
async function syncAlerts(tx: Tx, view: ApplicationView, alerts: Alert[], at: Date): Promise<void> {
  const rows = await tx.alert.findMany({
    where: { applicationId: view.id },
    select: { id: true, type: true, subjectKey: true, status: true, caseManagerId: true, detail: true, resolvedAt: true },
  });
  const byKey = new Map(rows.map((r) => [`${r.type}:${r.subjectKey}`, r]));
  const current = new Set<string>();
  const create: Prisma.AlertCreateManyInput[] = [];
  for (const a of alerts) {
    const key = `${a.type}:${a.subjectKey}`;
    current.add(key);
    const detail = { ...a.detail, since: a.since } as Prisma.InputJsonValue;
    const row = byKey.get(key);
    if (!row) {
      create.push({ applicationId: view.id, type: a.type, subjectKey: a.subjectKey, status: 'open', caseManagerId: view.caseManagerId, detail, raisedAt: at });
    } else if (row.status !== 'open' || row.resolvedAt !== null || row.caseManagerId !== view.caseManagerId || canonicalJson(row.detail) !== canonicalJson(detail)) {
      await tx.alert.update({ where: { id: row.id }, data: { status: 'open', caseManagerId: view.caseManagerId, detail, resolvedAt: null } });
    }
  }
  if (create.length > 0) await tx.alert.createMany({ data: create, skipDuplicates: true });
  const others = rows.filter((r) => !current.has(`${r.type}:${r.subjectKey}`));
  const resolve = others.filter((r) => r.status === 'open').map((r) => r.id);
  if (resolve.length > 0) {
    await tx.alert.updateMany({ where: { id: { in: resolve } }, data: { status: 'resolved', resolvedAt: at, caseManagerId: view.caseManagerId } });
  }
  // A new case manager sees the application's alerts, resolved ones included.
  const reassign = others.filter((r) => r.status !== 'open' && r.caseManagerId !== view.caseManagerId).map((r) => r.id);
  if (reassign.length > 0) await tx.alert.updateMany({ where: { id: { in: reassign } }, data: { caseManagerId: view.caseManagerId } });
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
  // Activities and follow-ups: read what is projected (one query each) and write only new and changed
  // rows, so a batch costs the same few statements however many services the case has.
  const activityRows = await tx.activity.findMany({
    where: { applicationId: view.id },
    select: { id: true, applicationId: true, code: true, program: true, status: true, actualBeginDate: true, projectedBeginDate: true, projectedEndDate: true, actualEndDate: true, completionCode: true },
  });
  const projectedActivities = new Map(activityRows.map((r) => [r.id, r]));
  const newActivities: Prisma.ActivityCreateManyInput[] = [];
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
    const row = projectedActivities.get(a.id);
    if (!row) newActivities.push({ id: a.id, ...data });
    else if (!sameRow(row, data)) await tx.activity.update({ where: { id: a.id }, data });
  }
  if (newActivities.length > 0) await tx.activity.createMany({ data: newActivities, skipDuplicates: true });
  if (view.followUps.length > 0) {
    const followUpRows = await tx.followUp.findMany({
      where: { applicationId: view.id },
      select: { quarter: true, periodStart: true, periodEnd: true, dueDate: true, status: true, completedOn: true, contactAttempts: true },
    });
    const projectedFollowUps = new Map(followUpRows.map((r) => [r.quarter, r]));
    for (const f of view.followUps) {
      const data = {
        periodStart: dbDate(f.periodStart) as Date,
        periodEnd: dbDate(f.periodEnd) as Date,
        dueDate: dbDate(f.dueDate) as Date,
        status: f.status,
        completedOn: dbDate(f.completedOn),
        contactAttempts: f.contactAttempts as unknown as Prisma.InputJsonValue,
      };
      const row = projectedFollowUps.get(f.quarter);
      if (row && sameRow(row, data)) continue;
      await tx.followUp.upsert({
        where: { applicationId_quarter: { applicationId: view.id, quarter: f.quarter } },
        create: { applicationId: view.id, quarter: f.quarter, ...data },
        update: data,
      });
    }
  }
  if (alerts) await syncAlerts(tx, view, alerts, new Date(view.updatedAt));
  return true;
}

/**
 * Within the activity's 30 s start-to-close: Prisma's defaults (2 s to get a pooled connection, 5 s for
 * the transaction) fail batches under load — a failure the unlimited retry would repeat, not outgrow.
 */
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 25_000 };

export function createProjectionActivities({ db, projectionCore = true }: ActivityDeps) {
  /**
   * Writes what the workflow accepted: case notes, audit entries and the latest view, in one
   * transaction. Idempotent: case notes and audit entries have workflow-made ids (unique keys), so a
   * retried or replayed batch never duplicates a row.
   */
  async function persistApplication(batch: PersistBatch): Promise<{ applied: boolean }> {
    const result = projectionCore && coreOnly(batch) ? { applied: await projectCore(db, batch) } : await persistWithPrisma(batch);
    // The SDK's activity logger adds workflowId, runId and activityId; no case data is logged.
    activityLog.debug('projection written', {
      version: batch.view.version,
      status: batch.view.status,
      caseNotes: batch.caseNotes.length,
      auditEntries: batch.audit.length,
      planRecords: batch.planRecords?.length ?? 0,
      applied: result.applied,
    });
    return result;
  }

  /** Every kind of batch, in one interactive transaction (the plan, outcome and change-request parts need it). */
  async function persistWithPrisma(batch: PersistBatch): Promise<{ applied: boolean }> {
    return db.$transaction(async (tx) => {
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
      const applied = await projectView(tx, batch.view, batch.alerts);
      if (applied || batch.changeRequestTexts) await projectChangeRequests(tx, batch.view, batch.changeRequestTexts ?? [], applied);
      await projectTimedEntries(tx, batch.view, batch.caseNotes);
      // After the view: the application row exists (the rows reference it).
      if (batch.outcomes) await projectOutcomes(tx, batch.view, batch.outcomes);
      if (applied) await projectCredentialRates(tx, batch.view);
      await projectPlans(tx, batch.view, applied, batch.planRecords);
      return { applied };
    }, TRANSACTION_LIMITS);
  }

  return { persistApplication };
}
