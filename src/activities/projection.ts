import { log as activityLog } from '@temporalio/activity';
import { type Prisma } from '../generated/prisma/client';
import type { ActivityDeps } from './index';
import type { ApplicationView } from '../workflows/application/contract';
import { type FullBatch, type PersistBatch, RECORD_KINDS } from '../workflows/application/projection-contract';
import { projectPlans } from './plan-projection';
import { projectCredentialRates, projectOutcomes } from './outcomes-projection';
import type { Alert } from '../domain/alerts';
import { canonicalJson } from '../canonical-json';
import { projectChangeRequests } from './change-request-projection';
import { projectTimedEntries } from './timeliness-projection';
import { coreOnly, projectCore } from './projection-core';
import { activityRow, alertRow, applicationRow, auditRow, caseNoteRow, followUpRow, forPrisma } from './projection-rows';

export type { PersistBatch };
export { dbDate } from './projection-rows';

/**
 * Every record kind present (empty when the batch has none). A batch scheduled before the one outbox
 * carried its §8 rows under `outcomes`; an activity retried across that deploy still reads them.
 */
export function fullBatch(batch: PersistBatch): FullBatch {
  const full = { view: batch.view, ...(batch.alerts ? { alerts: batch.alerts } : {}) } as FullBatch;
  for (const kind of RECORD_KINDS) (full as Record<string, unknown>)[kind] = batch[kind] ?? batch.outcomes?.[kind as 'credentials' | 'skillGains'] ?? [];
  return full;
}

/** A column value as compared: a Decimal as its number, everything else as it is. */
const comparable = (v: unknown): unknown => (v !== null && typeof v === 'object' && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : v);

/** The same column values (dates by instant, decimals by value, JSON canonically). */
function sameRow(row: Record<string, unknown>, data: Record<string, unknown>): boolean {
  return Object.keys(data).every((k) => canonicalJson(comparable(row[k])) === canonicalJson(comparable(data[k])));
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
    const detail = alertRow(a).detail as Prisma.InputJsonValue;
    const row = byKey.get(key);
    if (!row) {
      create.push({ applicationId: view.id, type: a.type, subjectKey: a.subjectKey, status: 'open', caseManagerId: view.caseManagerId, detail, raisedAt: at });
    } else if (
      row.status !== 'open' ||
      row.resolvedAt !== null ||
      row.caseManagerId !== view.caseManagerId ||
      canonicalJson(row.detail) !== canonicalJson(detail)
    ) {
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
  const row = { ...forPrisma(applicationRow(view)), view: view as unknown as Prisma.InputJsonValue, version: view.version };
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
    select: {
      id: true,
      applicationId: true,
      code: true,
      program: true,
      status: true,
      actualBeginDate: true,
      projectedBeginDate: true,
      projectedEndDate: true,
      actualEndDate: true,
      completionCode: true,
      category: true,
      trainingType: true,
    },
  });
  const projectedActivities = new Map(activityRows.map((r) => [r.id, r]));
  const newActivities: Prisma.ActivityCreateManyInput[] = [];
  for (const a of view.activities) {
    const { id, ...columns } = forPrisma(activityRow(a));
    const data = { applicationId: view.id, ...columns };
    const row = projectedActivities.get(id);
    if (!row) newActivities.push({ id, ...data });
    else if (!sameRow(row, data)) await tx.activity.update({ where: { id: a.id }, data });
  }
  if (newActivities.length > 0) await tx.activity.createMany({ data: newActivities, skipDuplicates: true });
  if (view.followUps.length > 0) {
    const followUpRows = await tx.followUp.findMany({
      where: { applicationId: view.id },
      select: {
        quarter: true,
        periodStart: true,
        periodEnd: true,
        dueDate: true,
        status: true,
        completedOn: true,
        contactAttempts: true,
        employmentCode: true,
        earnings: true,
        employerIds: true,
        inEducation: true,
        youthPlacementCode: true,
      },
    });
    const projectedFollowUps = new Map(followUpRows.map((r) => [r.quarter, r]));
    for (const f of view.followUps) {
      const { quarter: _q, contactAttempts, ...columns } = forPrisma(followUpRow(f));
      const data = { ...columns, contactAttempts: contactAttempts as unknown as Prisma.InputJsonValue };
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
  async function persistApplication(input: PersistBatch): Promise<{ applied: boolean }> {
    const batch = fullBatch(input);
    const result = projectionCore && coreOnly(batch) ? { applied: await projectCore(db, batch) } : await persistWithPrisma(batch);
    // The SDK's activity logger adds workflowId, runId and activityId; no case data is logged.
    activityLog.debug('projection written', {
      version: batch.view.version,
      status: batch.view.status,
      caseNotes: batch.caseNotes.length,
      auditEntries: batch.audit.length,
      planRecords: batch.planRecords.length,
      applied: result.applied,
    });
    return result;
  }

  /** Every kind of batch, in one interactive transaction (the plan, outcome and change-request parts need it). */
  async function persistWithPrisma(batch: FullBatch): Promise<{ applied: boolean }> {
    return db.$transaction(async (tx) => {
      if (batch.caseNotes.length > 0) {
        await tx.caseNote.createMany({
          data: batch.caseNotes.map((n) => ({ applicationId: batch.view.id, ...forPrisma(caseNoteRow(n)) })),
          skipDuplicates: true,
        });
      }
      if (batch.audit.length > 0) {
        await tx.auditEntry.createMany({
          data: batch.audit.map((a) => ({ applicationId: batch.view.id, ...forPrisma(auditRow(a)) })),
          skipDuplicates: true,
        });
      }
      const applied = await projectView(tx, batch.view, batch.alerts);
      if (applied || batch.changeRequestTexts.length > 0) await projectChangeRequests(tx, batch.view, batch.changeRequestTexts, applied);
      await projectTimedEntries(tx, batch.view, batch.caseNotes);
      // After the view: the application row exists (the rows reference it).
      await projectOutcomes(tx, batch.view, batch);
      if (applied) await projectCredentialRates(tx, batch.view);
      await projectPlans(tx, batch.view, applied, batch.planRecords);
      return { applied };
    }, TRANSACTION_LIMITS);
  }

  return { persistApplication };
}
