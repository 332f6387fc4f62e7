/**
 * §8 routes (R-OAS-1, R-IEP-1 … R-IEP-7): the objective assessment's sections, the plan (IEP/ISS),
 * its goals, objectives, reviews, services and close — commands on the application's workflow built
 * with the command factory — and the printable plan (application/pdf).
 */
import type { RequestHandler } from 'express';
import { READ_ROLES, callerOf, requireRole } from '../auth';
import { type CommandRouteDeps, commandRoute } from './application-command';
import { declareMethod, defineRoute, operationIdOf, ProblemSchema, recordAccess } from '../route';
import {
  AddGoalBody,
  AddObjectiveBody,
  AssessmentDetail,
  AssessmentResult,
  AssessmentSectionBody,
  AssessmentSectionParams,
  ClosePlanBody,
  CompleteGoalBody,
  CreatePlanBody,
  GoalParams,
  GoalResult,
  LinkServiceBody,
  ObjectiveParams,
  ObjectiveResult,
  PlanDetail,
  PlanParams,
  PlanResult,
  ReviewObjectiveBody,
} from '../schemas/plans';
import { IdParams } from '../schemas';
import type { CommandResult } from '../../workflows/application/contract';
import type { PlanReads } from '../services/plan-reads';

const TAGS = ['plans'];
const base = '/api/v1/applications/:id';
const planOf = (r: CommandResult) => ({ plan: r.plan, application: r.application });
const goalOf = (r: CommandResult) => ({ goal: r.goal, application: r.application });
const objectiveOf = (r: CommandResult) => ({ objective: r.objective, application: r.application });

export function planRoutes(deps: CommandRouteDeps & { reads: PlanReads }): void {
  defineRoute(deps.router, deps.registry, {
    method: 'get',
    path: `${base}/assessment`,
    summary: "The objective assessment with each section's summary (R-OAS-1; summaries from PostgreSQL)",
    tags: TAGS,
    roles: READ_ROLES,
    params: IdParams,
    responses: { 200: { description: 'The assessment', schema: AssessmentDetail } },
    errors: [404],
    handler: async ({ params, caller }) => ({ status: 200, body: await deps.reads.assessment(params.id, caller) }),
  });
  defineRoute(deps.router, deps.registry, {
    method: 'get',
    path: `${base}/plans/:planId`,
    summary: 'One plan with its goal and objective descriptions and review notes (from PostgreSQL)',
    tags: TAGS,
    roles: READ_ROLES,
    params: PlanParams,
    responses: { 200: { description: 'The plan', schema: PlanDetail } },
    errors: [404],
    handler: async ({ params, caller }) => ({ status: 200, body: { plan: await deps.reads.detail(params.id, params.planId, caller) } }),
  });

  // R-IEP-7: the printable plan. Not JSON, so declared here rather than with defineRoute.
  const documentPath = `${base}/plans/:planId/document`;
  deps.registry.registerPath({
    method: 'get',
    path: documentPath.replace(/:(\w+)/g, '{$1}'),
    operationId: operationIdOf('get', documentPath),
    summary: 'The printable plan (R-IEP-7): goals, objectives, services and signature lines, as PDF',
    tags: TAGS,
    security: [{ bearerAuth: [] }],
    request: { params: PlanParams },
    responses: {
      200: { description: 'The plan as a PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
      ...Object.fromEntries(
        [400, 401, 403, 404, 429, 503].map((s) => [
          s,
          {
            description: s === 404 ? 'Unknown application or plan (also one outside your offices)' : 'Error',
            content: { 'application/problem+json': { schema: ProblemSchema } },
          },
        ]),
      ),
    },
  });
  const document: RequestHandler = async (req, res) => {
    const params = PlanParams.parse(req.params);
    const pdf = await deps.reads.document(params.id, params.planId, callerOf(req));
    // §11 R-AUDIT-1: a printed plan is a read of the case.
    await recordAccess(req, 'read', documentPath, { applicationId: params.id, participantId: pdf.participantId, office: pdf.office });
    res.status(200).type('application/pdf').setHeader('Content-Disposition', `inline; filename="plan-${pdf.planId}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf.bytes);
  };
  deps.router.get(documentPath, requireRole(...READ_ROLES), document);
  declareMethod(deps.registry, documentPath, 'get');
}

/** §8: the assessment and plan commands, registered with every other command by `commands.ts`. */
export const PLAN_COMMANDS = [
  commandRoute('recordAssessmentSection', {
    method: 'put',
    path: `${base}/assessment/sections/:section`,
    summary: 'Record one section of the objective assessment (R-OAS-1); complete when all 12 are complete',
    tags: TAGS,
    params: AssessmentSectionParams,
    body: AssessmentSectionBody,
    payload: (b, p) => ({ section: p.section, status: b.status, summary: b.summary }),
    respond: (r) => ({ application: r.application }),
    responseSchema: AssessmentResult,
    errors: [403, 404, 409, 422],
  }),
  commandRoute('createPlan', {
    path: `${base}/plans`,
    summary: 'Create the plan (R-IEP-1): IEP, or ISS for YOUTH; needs a complete assessment and a 205 activity',
    tags: TAGS,
    params: IdParams,
    body: CreatePlanBody,
    status: 201,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b) => b,
    respond: planOf,
    responseSchema: PlanResult,
  }),
  commandRoute('addPlanGoal', {
    path: `${base}/plans/:planId/goals`,
    summary: 'Add a goal to an open plan (R-IEP-2)',
    tags: TAGS,
    params: PlanParams,
    body: AddGoalBody,
    status: 201,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b, p) => ({ ...b, planId: p.planId }),
    respond: goalOf,
    responseSchema: GoalResult,
  }),
  commandRoute('completePlanGoal', {
    path: `${base}/plans/:planId/goals/:goalId/complete`,
    summary: 'Complete a goal: achieved or not achieved (R-IEP-2)',
    tags: TAGS,
    params: GoalParams,
    body: CompleteGoalBody,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b, p) => ({ ...b, planId: p.planId, goalId: p.goalId }),
    respond: goalOf,
    responseSchema: GoalResult,
  }),
  commandRoute('addPlanObjective', {
    path: `${base}/plans/:planId/goals/:goalId/objectives`,
    summary: 'Add an objective under an open goal (R-IEP-3)',
    tags: TAGS,
    params: GoalParams,
    body: AddObjectiveBody,
    status: 201,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b, p) => ({ ...b, planId: p.planId, goalId: p.goalId }),
    respond: objectiveOf,
    responseSchema: ObjectiveResult,
  }),
  commandRoute('reviewPlanObjective', {
    path: `${base}/plans/:planId/objectives/:objectiveId/review`,
    summary: 'Review an objective (R-IEP-3): keeps it open with a next review date, or completes or cancels it',
    tags: TAGS,
    params: ObjectiveParams,
    body: ReviewObjectiveBody,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b, p) => ({ ...b, planId: p.planId, objectiveId: p.objectiveId }),
    respond: objectiveOf,
    responseSchema: ObjectiveResult,
  }),
  commandRoute('linkPlanService', {
    path: `${base}/plans/:planId/services`,
    summary: 'Link an activity of this application to the plan as a service (R-IEP-4)',
    tags: TAGS,
    params: PlanParams,
    body: LinkServiceBody,
    status: 201,
    payload: (b, p) => ({ planId: p.planId, activityId: b.activityId }),
    respond: planOf,
    responseSchema: PlanResult,
  }),
  commandRoute('closePlan', {
    path: `${base}/plans/:planId/close`,
    summary: 'Close the plan (R-IEP-5); refused while a goal is open unless cancelOpenGoals',
    tags: TAGS,
    params: PlanParams,
    body: ClosePlanBody,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b, p) => ({ ...b, planId: p.planId }),
    respond: planOf,
    responseSchema: PlanResult,
  }),
] as const;
