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
  'postApplicationsByIdParticipation',
  'postApplicationsByIdActivities',
  'postApplicationsByIdClosure',
  'postApplicationsByIdExclusionaryExit',
  'postApplicationsByIdCaseNotes',
  'putApplicationsByIdCaseManager',
  'postApplicationsByIdFollowUpsDecline',
  'postApplicationsByIdFollowUpsByQuarterContactAttempts',
  'postApplicationsByIdFollowUpsByQuarterComplete',
  'postApplicationsByIdPlannedBreaks',
  'postApplicationsByIdCredentials',
  'postApplicationsByIdSkillGains',
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
      approveBreak: { operationId: 'postApplicationsByIdPlannedBreaksByBreakIdApprove', parameters: { id: '$request.path.id', breakId: '$response.body#/plannedBreak/id' } },
      cancelBreak: { operationId: 'postApplicationsByIdPlannedBreaksByBreakIdCancel', parameters: { id: '$request.path.id', breakId: '$response.body#/plannedBreak/id' } },
    },
  },
  postApplicationsByIdChangeRequests: {
    '201': {
      ...applicationLinks(CMD_APP),
      approveChangeRequest: { operationId: 'postApplicationsByIdChangeRequestsByRequestIdApprove', parameters: { id: '$request.path.id', requestId: '$response.body#/changeRequest/id' } },
      rejectChangeRequest: { operationId: 'postApplicationsByIdChangeRequestsByRequestIdReject', parameters: { id: '$request.path.id', requestId: '$response.body#/changeRequest/id' } },
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
