/**
 * §8 projection (R-OAS-1, R-IEP-1 … R-IEP-5): the plans, goals, objectives and services of the view,
 * and the free text the workflow's outbox carries (assessment summaries, goal and objective
 * descriptions, objective reviews with their notes). Called by persistApplication inside its
 * transaction, after the view: idempotent (rows keyed by workflow-made ids), so a retried batch
 * never duplicates or loses a row. Nothing here is logged.
 */
import type { Prisma } from '../generated/prisma/client';
import type { ApplicationView } from '../workflows/application/contract';
import type { PendingPlanRecord } from '../workflows/application/projection-contract';
import { canonicalJson } from '../canonical-json';

type Tx = Prisma.TransactionClient;

const dbDate = (d: string | null | undefined): Date | null => (d ? new Date(`${d}T00:00:00.000Z`) : null);
const day = (d: string): Date => new Date(`${d}T00:00:00.000Z`);

function same(row: Record<string, unknown>, data: Record<string, unknown>): boolean {
  return Object.keys(data).every((k) => canonicalJson(row[k]) === canonicalJson(data[k]));
}

/**
 * Writes the view's plans. `applied` = the view is the newest projected (update rows to it); when it
 * is not, rows are only created if missing (an older view never moves a row backwards).
 */
async function projectPlanRows(tx: Tx, view: ApplicationView, applied: boolean): Promise<void> {
  const plans = view.plans ?? [];
  if (plans.length === 0) return;
  const planIds = plans.map((p) => p.id);
  const [planRows, goalRows, objectiveRows, serviceRows] = await Promise.all([
    tx.plan.findMany({ where: { applicationId: view.id } }),
    tx.planGoal.findMany({ where: { applicationId: view.id } }),
    tx.planObjective.findMany({ where: { applicationId: view.id } }),
    tx.planService.findMany({ where: { planId: { in: planIds } } }),
  ]);
  const byId = <R extends { id: string }>(rows: R[]) => new Map(rows.map((r) => [r.id, r as unknown as Record<string, unknown>]));
  const existingPlans = byId(planRows);
  const existingGoals = byId(goalRows);
  const existingObjectives = byId(objectiveRows);
  const linked = new Set(serviceRows.map((s) => `${s.planId}:${s.activityId}`));

  for (const p of plans) {
    const data = {
      applicationId: view.id,
      kind: p.kind,
      startDate: day(p.startDate),
      office: p.office,
      status: p.status,
      closedOn: dbDate(p.closedOn),
      closedReason: p.closedReason,
      enteredOn: day(p.enteredOn),
      late: p.late,
      recordedBy: p.recordedBy,
      closeEnteredOn: dbDate(p.closure?.enteredOn),
      closeLate: p.closure?.late ?? null,
      closedBy: p.closure?.recordedBy ?? null,
    };
    const row = existingPlans.get(p.id);
    if (!row) await tx.plan.create({ data: { id: p.id, ...data } });
    else if (applied && !same(row, data)) await tx.plan.update({ where: { id: p.id }, data });

    for (const g of p.goals) {
      const goal = {
        planId: p.id,
        applicationId: view.id,
        type: g.type,
        term: g.term,
        status: g.status,
        program: g.program,
        dateEstablished: day(g.dateEstablished),
        estimatedCompletionDate: day(g.estimatedCompletionDate),
        actualCompletionDate: dbDate(g.actualCompletionDate),
        enteredOn: day(g.enteredOn),
        late: g.late,
        recordedBy: g.recordedBy,
        completionEnteredOn: dbDate(g.completion?.enteredOn),
        completionLate: g.completion?.late ?? null,
        completedBy: g.completion?.recordedBy ?? null,
      };
      const gRow = existingGoals.get(g.id);
      if (!gRow) await tx.planGoal.create({ data: { id: g.id, ...goal } });
      else if (applied && !same(gRow, goal)) await tx.planGoal.update({ where: { id: g.id }, data: goal });

      for (const o of g.objectives) {
        const objective = {
          planId: p.id,
          goalId: g.id,
          applicationId: view.id,
          status: o.status,
          program: o.program,
          dateEstablished: day(o.dateEstablished),
          reviewDate: day(o.reviewDate),
          enteredOn: day(o.enteredOn),
          late: o.late,
          recordedBy: o.recordedBy,
        };
        const oRow = existingObjectives.get(o.id);
        if (!oRow) await tx.planObjective.create({ data: { id: o.id, ...objective } });
        else if (applied && !same(oRow, objective)) await tx.planObjective.update({ where: { id: o.id }, data: objective });
      }
    }
    const newServices = p.services.filter((s) => !linked.has(`${p.id}:${s.activityId}`));
    if (newServices.length > 0) {
      await tx.planService.createMany({
        data: newServices.map((s) => ({ planId: p.id, activityId: s.activityId, code: s.code, title: s.title })),
        skipDuplicates: true,
      });
    }
  }
}

/** The outbox's free text, in order (after the rows it belongs to exist). */
async function writePlanRecords(tx: Tx, applicationId: string, records: readonly PendingPlanRecord[]): Promise<void> {
  for (const r of records) {
    switch (r.kind) {
      case 'assessment_section': {
        const data = { status: r.status, summary: r.summary, updatedAt: new Date(r.updatedAt), updatedBy: r.updatedBy };
        const existing = await tx.assessmentSection.findUnique({ where: { applicationId_section: { applicationId, section: r.section } } });
        if (!existing) await tx.assessmentSection.create({ data: { applicationId, section: r.section, ...data } });
        // A retried older record never overwrites a newer one.
        else if (existing.updatedAt.getTime() <= data.updatedAt.getTime()) {
          await tx.assessmentSection.update({ where: { applicationId_section: { applicationId, section: r.section } }, data });
        }
        break;
      }
      case 'goal_description':
        await tx.planGoal.updateMany({ where: { id: r.goalId }, data: { description: r.description } });
        break;
      case 'objective_description':
        await tx.planObjective.updateMany({ where: { id: r.objectiveId }, data: { description: r.description } });
        break;
      case 'objective_review':
        await tx.planObjectiveReview.createMany({
          data: [
            {
              id: r.id,
              planId: r.planId,
              objectiveId: r.objectiveId,
              applicationId,
              reviewedOn: day(r.reviewedOn),
              status: r.status,
              nextReviewDate: dbDate(r.nextReviewDate),
              note: r.note,
              enteredOn: day(r.enteredOn),
              late: r.late,
              recordedBy: r.recordedBy,
              recordedAt: new Date(r.recordedAt),
            },
          ],
          skipDuplicates: true,
        });
        break;
    }
  }
}

/** §8 part of a persist batch: the plan rows of the view, then the outbox's text. */
export async function projectPlans(tx: Tx, view: ApplicationView, applied: boolean, records: readonly PendingPlanRecord[] | undefined): Promise<void> {
  if (applied || (records?.length ?? 0) > 0) await projectPlanRows(tx, view, applied);
  if (records && records.length > 0) await writePlanRecords(tx, view.id, records);
}
