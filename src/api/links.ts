/**
 * OpenAPI links (issue 12): every response that hands out an id says which operations take it, so
 * stateful tools (schemathesis's stateful phase, generated clients' docs) can walk a whole case:
 * participant → application → its commands; activity → begin/close, planned break, case note;
 * planned break → approve/cancel; activity → credential, skill gain; change request → approve/reject. Operations are named by their operationId (route.ts operationIdOf).
 */
import type { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

type Document = ReturnType<OpenApiGeneratorV31['generateDocument']>;
interface Link {
  operationId: string;
  parameters?: Record<string, string>;
  requestBody?: Record<string, string>;
  description?: string;
}

const APP = '$response.body#/id';
const CMD_APP = '$response.body#/application/id';

/** Every operation under /applications/{id} (except the ones needing another id), with the id. */
const APPLICATION_OPERATIONS = [
  'getApplicationsById',
  'getApplicationsByIdHistory',
  'getApplicationsByIdParticipant',
  'getApplicationsByIdEmploymentAfterExit',
  'postApplicationsByIdParticipation',
  'postApplicationsByIdActivities',
  'postApplicationsByIdClosure',
  'postApplicationsByIdExclusionaryExit',
  'postApplicationsByIdCaseNotes',
  'putApplicationsByIdCaseManager',
  'putApplicationsByIdEducationAtParticipation',
  'postApplicationsByIdFollowUpsDecline',
  'postApplicationsByIdFollowUpsByQuarterContactAttempts',
  'postApplicationsByIdFollowUpsByQuarterComplete',
  'postApplicationsByIdPlannedBreaks',
  // §8 plan and outcomes
  'getApplicationsByIdAssessment',
  'putApplicationsByIdAssessmentSectionsBySection',
  'postApplicationsByIdPlans',
  'postApplicationsByIdCredentials',
  'postApplicationsByIdSkillGains',
  // §9 corrections
  'postApplicationsByIdChangeRequests',
];

function applicationLinks(expr: string): Record<string, Link> {
  return Object.fromEntries(APPLICATION_OPERATIONS.map((op) => [op, { operationId: op, parameters: { id: expr } }]));
}

function activityLinks(expr: string): Record<string, Link> {
  return {
    beginActivity: { operationId: 'postApplicationsByIdActivitiesByActivityIdBegin', parameters: { id: '$request.path.id', activityId: expr } },
    closeActivity: { operationId: 'postApplicationsByIdActivitiesByActivityIdClose', parameters: { id: '$request.path.id', activityId: expr } },
    planBreakForActivity: { operationId: 'postApplicationsByIdPlannedBreaks', parameters: { id: '$request.path.id' }, requestBody: { activityId: expr } },
    noteOnActivity: { operationId: 'postApplicationsByIdCaseNotes', parameters: { id: '$request.path.id' }, requestBody: { activityId: expr } },
    credentialForActivity: { operationId: 'postApplicationsByIdCredentials', parameters: { id: '$request.path.id' }, requestBody: { activityId: expr } },
    skillGainInActivity: { operationId: 'postApplicationsByIdSkillGains', parameters: { id: '$request.path.id' }, requestBody: { activityId: expr } },
  };
}

/** A plan's id → every operation on that plan. */
function planLinks(planId: string): Record<string, Link> {
  const p = { id: '$request.path.id', planId };
  return {
    getPlan: { operationId: 'getApplicationsByIdPlansByPlanId', parameters: p },
    printPlan: { operationId: 'getApplicationsByIdPlansByPlanIdDocument', parameters: p },
    addGoal: { operationId: 'postApplicationsByIdPlansByPlanIdGoals', parameters: p },
    linkService: { operationId: 'postApplicationsByIdPlansByPlanIdServices', parameters: p },
    closePlan: { operationId: 'postApplicationsByIdPlansByPlanIdClose', parameters: p },
  };
}

/** A change request's id → its decisions. */
function changeRequestLinks(requestId: string): Record<string, Link> {
  const p = { id: '$request.path.id', requestId };
  return {
    approveChange: { operationId: 'postApplicationsByIdChangeRequestsByRequestIdApprove', parameters: p },
    rejectChange: { operationId: 'postApplicationsByIdChangeRequestsByRequestIdReject', parameters: p },
  };
}

/** operationId → status → links. */
const LINKS: Record<string, Record<string, Record<string, Link>>> = {
  postParticipants: {
    '201': {
      createApplication: {
        operationId: 'postApplications',
        requestBody: { participantId: '$response.body#/id' },
        description: 'Open an application for this participant',
      },
    },
  },
  postApplications: { '201': applicationLinks(APP) },
  postApplicationsByIdParticipation: { '200': { ...applicationLinks(CMD_APP), ...activityLinks('$response.body#/activity/id') } },
  postApplicationsByIdActivities: { '201': { ...applicationLinks(CMD_APP), ...activityLinks('$response.body#/activity/id') } },
  postApplicationsByIdPlannedBreaks: {
    '201': {
      ...applicationLinks(CMD_APP),
      approveBreak: {
        operationId: 'postApplicationsByIdPlannedBreaksByBreakIdApprove',
        parameters: { id: '$request.path.id', breakId: '$response.body#/plannedBreak/id' },
      },
      cancelBreak: {
        operationId: 'postApplicationsByIdPlannedBreaksByBreakIdCancel',
        parameters: { id: '$request.path.id', breakId: '$response.body#/plannedBreak/id' },
      },
    },
  },
  // §8: a plan → its goals, services, print-out and close; a goal → completion and objectives; an
  // objective → its review.
  postApplicationsByIdPlans: { '201': { ...applicationLinks(CMD_APP), ...planLinks('$response.body#/plan/id') } },
  postApplicationsByIdPlansByPlanIdGoals: {
    '201': {
      completeGoal: {
        operationId: 'postApplicationsByIdPlansByPlanIdGoalsByGoalIdComplete',
        parameters: { id: '$request.path.id', planId: '$request.path.planId', goalId: '$response.body#/goal/id' },
      },
      addObjective: {
        operationId: 'postApplicationsByIdPlansByPlanIdGoalsByGoalIdObjectives',
        parameters: { id: '$request.path.id', planId: '$request.path.planId', goalId: '$response.body#/goal/id' },
      },
    },
  },
  postApplicationsByIdPlansByPlanIdGoalsByGoalIdObjectives: {
    '201': {
      reviewObjective: {
        operationId: 'postApplicationsByIdPlansByPlanIdObjectivesByObjectiveIdReview',
        parameters: { id: '$request.path.id', planId: '$request.path.planId', objectiveId: '$response.body#/objective/id' },
      },
    },
  },
  // §9 R-DCR-2: a change request → approve or reject.
  postApplicationsByIdChangeRequests: { '201': { ...applicationLinks(CMD_APP), ...changeRequestLinks('$response.body#/changeRequest/id') } },
  // §9 R-SUB-3: the first notification listed → mark it read.
  getMeNotifications: {
    '200': { markRead: { operationId: 'postMeNotificationsByIdRead', parameters: { id: '$response.body#/items/0/id' } } },
  },
  // §9 R-GRP-1/R-GRP-3: a created group → read, replace, its caseload and alerts.
  postCaseManagementGroups: {
    '201': {
      getGroup: { operationId: 'getCaseManagementGroupsByGroupId', parameters: { groupId: '$response.body#/group/id' } },
      replaceGroup: { operationId: 'putCaseManagementGroupsByGroupId', parameters: { groupId: '$response.body#/group/id' } },
      groupCaseload: { operationId: 'getApplications', parameters: { groupId: '$response.body#/group/id' } },
      groupAlerts: { operationId: 'getAlerts', parameters: { groupId: '$response.body#/group/id' } },
    },
  },
};

/** Adds {@link LINKS} to the responses of the generated document (throws on a dangling operationId). */
export function addLinks(doc: Document): Document {
  const operations = new Map<string, { responses?: Record<string, unknown> }>();
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item as Record<string, { operationId?: string; responses?: Record<string, unknown> }>)) {
      if (op && typeof op === 'object' && op.operationId) operations.set(op.operationId, op);
    }
  }
  for (const [source, byStatus] of Object.entries(LINKS)) {
    const op = operations.get(source);
    if (!op) continue; // e.g. a route not mounted in this mode
    for (const [status, links] of Object.entries(byStatus)) {
      const response = op.responses?.[status] as { links?: Record<string, Link> } | undefined;
      if (!response) throw new Error(`links: ${source} has no ${status} response`);
      for (const link of Object.values(links)) {
        if (!operations.has(link.operationId)) throw new Error(`links: ${source} → unknown operation ${link.operationId}`);
      }
      response.links = { ...response.links, ...links };
    }
  }
  return doc;
}
