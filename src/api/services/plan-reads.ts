/**
 * §8 reads that need PostgreSQL besides the workflow's live view: the assessment with its summaries
 * (R-OAS-1), a plan with its descriptions and review notes (R-IEP-1 … R-IEP-3), and the printable
 * plan (R-IEP-7) with the participant's name. The text may lag the view by one projection batch.
 */
import type { Db } from '../../db/client';
import { agencyToday } from '../../domain/dates';
import type { PlanView } from '../../domain/employment-plans';
import type { ApplicationView } from '../../workflows/application/contract';
import type { Caller } from '../auth';
import { renderPlanDocument } from '../plan-document';
import { ProblemError } from '../problem';
import type { ApplicationGateway } from './application-gateway';

export interface PlanReadsDeps {
  db: Db;
  /** The live view (from the workflow; 404 for an unknown application). */
  applications: Pick<ApplicationGateway, 'get'>;
  agencyName: string;
  agencyTimeZone: string;
  now: () => Promise<number>;
}

export class PlanReads {
  constructor(private readonly deps: PlanReadsDeps) {}

  private async plan(applicationId: string, planId: string, caller: Caller): Promise<{ application: ApplicationView; plan: PlanView }> {
    const application = await this.deps.applications.get(applicationId, caller); // 404 for an unknown application, or one outside the caller's offices
    const plan = application.plans.find((p) => p.id === planId);
    if (!plan) throw new ProblemError(404, 'PLAN_NOT_FOUND', `application '${applicationId}' has no plan '${planId}'`);
    return { application, plan };
  }

  private async descriptions(planId: string): Promise<Map<string, string>> {
    const [goals, objectives] = await Promise.all([
      this.deps.db.planGoal.findMany({ where: { planId }, select: { id: true, description: true } }),
      this.deps.db.planObjective.findMany({ where: { planId }, select: { id: true, description: true } }),
    ]);
    const out = new Map<string, string>();
    for (const row of [...goals, ...objectives]) if (row.description) out.set(row.id, row.description);
    return out;
  }

  /** R-OAS-1: the view's assessment, each section with its summary. */
  async assessment(applicationId: string, caller: Caller) {
    const application = await this.deps.applications.get(applicationId, caller);
    const rows = await this.deps.db.assessmentSection.findMany({ where: { applicationId }, select: { section: true, summary: true } });
    const summaries = new Map(rows.map((r) => [r.section, r.summary]));
    return {
      ...application.assessment,
      sections: application.assessment.sections.map((s) => ({ ...s, summary: summaries.get(s.section) ?? null })),
    };
  }

  /** R-IEP-1 … R-IEP-3: the plan as the view has it, with descriptions and review notes. */
  async detail(applicationId: string, planId: string, caller: Caller) {
    const { plan } = await this.plan(applicationId, planId, caller);
    const [descriptions, reviews] = await Promise.all([
      this.descriptions(planId),
      this.deps.db.planObjectiveReview.findMany({ where: { planId }, select: { id: true, note: true } }),
    ]);
    const notes = new Map(reviews.map((r) => [r.id, r.note]));
    return {
      ...plan,
      goals: plan.goals.map((g) => ({
        ...g,
        description: descriptions.get(g.id) ?? null,
        objectives: g.objectives.map((o) => ({
          ...o,
          description: descriptions.get(o.id) ?? null,
          reviews: o.reviews.map((r) => ({ ...r, note: notes.get(r.id) ?? null })),
        })),
      })),
    };
  }

  /** R-IEP-7: the printable plan. */
  async document(applicationId: string, planId: string, caller: Caller): Promise<{ planId: string; bytes: Buffer; participantId: string; office: string }> {
    const { application, plan } = await this.plan(applicationId, planId, caller);
    const [participant, descriptions] = await Promise.all([
      this.deps.db.participant.findUnique({ where: { id: application.participantId }, select: { firstName: true, lastName: true } }),
      this.descriptions(planId),
    ]);
    const bytes = await renderPlanDocument({
      agencyName: this.deps.agencyName,
      application,
      plan,
      participantName: participant ? `${participant.firstName} ${participant.lastName}` : '(participant not found)',
      descriptions,
      printedOn: agencyToday(await this.deps.now(), this.deps.agencyTimeZone),
      printedBy: caller.staffId,
    });
    return { planId: plan.id, bytes, participantId: application.participantId, office: application.office };
  }
}
