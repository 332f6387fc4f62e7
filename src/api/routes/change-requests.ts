/**
 * Data change requests (R-DCR-1 … R-DCR-3): request a correction of data already entered, and a
 * supervisor other than the requester approves or rejects it. Commands on the application workflow,
 * built with the command-route factory (idempotency keys, audit).
 */
import { commandRoute } from './application-command';
import { IdParams } from '../schemas';
import { ChangeRequestBody, ChangeRequestParams, ChangeRequestResult, RejectChangeRequestBody } from '../schemas/change-requests';
import { EmptyBody } from '../schemas';
import { codeEntry } from '../services/command-payloads';

const tags = ['change-requests'];

/** R-DCR-1 … R-DCR-3: request, approve and reject a data change, registered with every other command by `commands.ts`. */
export const CHANGE_REQUEST_COMMANDS = [
  commandRoute('requestDataChange', {
    path: '/api/v1/applications/:id/change-requests',
    summary: 'Request a correction of data already entered (R-DCR-1): pending until a supervisor other than the requester approves',
    params: IdParams,
    body: ChangeRequestBody,
    status: 201,
    tags,
    // R-ACT-1: a new code is resolved from the agency's catalog and travels with the request.
    payload: (b, _p, deps) => ({
      target: b.target,
      changes: b.changes,
      reason: b.reason,
      ...(b.changes.code !== undefined ? { entry: codeEntry(deps.catalog, b.changes.code) } : {}),
    }),
    responseSchema: ChangeRequestResult,
  }),
  commandRoute('approveDataChange', {
    path: '/api/v1/applications/:id/change-requests/:requestId/approve',
    summary:
      'Approve a change request (R-DCR-2, a supervisor other than the requester): every change applied at once, the exit clock recomputed, before/after values audited',
    params: ChangeRequestParams,
    body: EmptyBody,
    roles: ['supervisor'],
    tags,
    payload: (_b, p) => ({ requestId: p.requestId }),
    responseSchema: ChangeRequestResult,
  }),
  commandRoute('rejectDataChange', {
    path: '/api/v1/applications/:id/change-requests/:requestId/reject',
    summary: 'Reject a change request with a reason (R-DCR-2, a supervisor other than the requester)',
    params: ChangeRequestParams,
    body: RejectChangeRequestBody,
    roles: ['supervisor'],
    tags,
    payload: (b, p) => ({ requestId: p.requestId, reason: b.reason }),
    responseSchema: ChangeRequestResult,
  }),
] as const;
