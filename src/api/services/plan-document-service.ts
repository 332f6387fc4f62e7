/**
 * R-IEP-7: gathers what the printable plan shows — the plan from the workflow's live view, the
 * participant's name and the goal and objective descriptions from PostgreSQL — and renders it.
 */
import type { Db } from '../../db/client';
import { agencyToday } from '../../domain/dates';
import type { Actor } from '../../workflows/application/contract';
import { renderPlanDocument } from '../plan-document';
import { ProblemError } from '../problem';
import type { ApplicationService } from './application-service';

export interface PlanDocumentServiceDeps {
  db: Db;
  applications: ApplicationService;
  agencyName: string;
  agencyTimeZone: string;
  now: () => Promise<number>;
}

export class PlanDocumentService {
  constructor(private readonly deps: PlanDocumentServiceDeps) {}

  async render(applicationId: string, planId: string, actor: Actor): Promise<{ planId: string; bytes: Buffer }> {
    const application = await this.deps.applications.get(applicationId); // 404 for an unknown application
    const plan = application.plans.find((p) => p.id === planId);
    if (!plan) throw new ProblemError(404, 'PLAN_NOT_FOUND', `application '${applicationId}' has no plan '${planId}'`);
    const [participant, goals, objectives] = await Promise.all([
      this.deps.db.participant.findUnique({ where: { id: application.participantId }, select: { firstName: true, lastName: true } }),
      this.deps.db.planGoal.findMany({ where: { planId }, select: { id: true, description: true } }),
      this.deps.db.planObjective.findMany({ where: { planId }, select: { id: true, description: true } }),
    ]);
    const descriptions = new Map<string, string>();
    for (const row of [...goals, ...objectives]) if (row.description) descriptions.set(row.id, row.description);
    const bytes = await renderPlanDocument({
      agencyName: this.deps.agencyName,
      application,
      plan,
      participantName: participant ? `${participant.firstName} ${participant.lastName}` : '(participant not found)',
      descriptions,
      printedOn: agencyToday(await this.deps.now(), this.deps.agencyTimeZone),
      printedBy: actor.staffId,
    });
    return { planId: plan.id, bytes };
  }
}
