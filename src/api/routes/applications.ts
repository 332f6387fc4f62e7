/**
 * The application's routes (SPEC §5): create, the live view (from the workflow), the caseload, alerts and
 * audit trail (PostgreSQL), and the commands on the application and its follow-ups.
 */
import { randomUUID } from 'node:crypto';
import type { ZodType } from 'zod';
import type { UpdateDefinition } from '@temporalio/common';
import { defineRoute } from '../route';
import { type CommandRouteDeps, commandRoute } from './application-command';
import { READ_ROLES, WRITE_ROLES } from '../auth';
import { z } from '../zod';
import {
  ActivityParams,
  AddActivityBody,
  ApplicationViewSchema,
  BeginActivityBody,
  BreakParams,
  CaseManagerBody,
  CaseNoteBody,
  CaseloadPage,
  CaseloadQuery,
  CloseActivityBody,
  ClosureBody,
  AlertSchema,
  AlertsQuery,
  CompleteFollowUpBody,
  ContactAttemptBody,
  CreateApplicationBody,
  EducationAtParticipationBody,
  DeclineFollowUpsBody,
  FollowUpParams,
  FollowUpResult,
  EmptyBody,
  ExclusionaryExitBody,
  HistoryEntrySchema,
  IdParams,
  ParticipationBody,
  PlannedBreakBody,
} from '../schemas';
import type { ApplicationReadModel } from '../services/application-read-model';
import { idFromKey } from '../middleware/idempotency';
import { addActivityPayload, closeActivityPayload, participationPayload } from '../services/command-payloads';
import type { Command, FollowUpView } from '../../workflows/application/contract';
import { completeFollowUp, recordContactAttempt } from '../../workflows/follow-up/contract';

export function applicationRoutes(deps: CommandRouteDeps & { readModel: ApplicationReadModel }): void {
  const { router, registry, applications, readModel, idempotency } = deps;
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/v1/applications',
    summary: 'Create a WIOA application (starts its workflow)',
    tags: ['applications'],
    roles: WRITE_ROLES,
    body: CreateApplicationBody,
    idempotencyKey: true,
    responses: { 201: { description: 'Created: the application view', schema: ApplicationViewSchema } },
    errors: [403, 404, 409],
    handler: async ({ body, caller, req }) => {
      const idem = idempotency.requestKey(req, caller.staffId);
      // A retried create (same key) derives the same application id, so it cannot start a second case.
      const applicationId = idem.clientSupplied ? idFromKey(idem.key) : randomUUID();
      return idempotency.run(req, idem, async () => ({
        status: 201,
        // R-AUTH-2: 403 OFFICE_OUT_OF_SCOPE for an office outside the caller's.
        body: await applications.create(caller, applicationId, body),
      }));
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/applications',
    summary: 'Caseload: applications filtered by case manager, office, status, soft exit before a date; paged',
    tags: ['applications'],
    roles: READ_ROLES,
    query: CaseloadQuery,
    responses: { 200: { description: 'A page of application views, soonest soft exit first', schema: CaseloadPage } },
    // 404 GROUP_NOT_FOUND: a groupId filter (R-GRP-3) naming no group.
    errors: [404],
    handler: async ({ query, caller }) => ({ status: 200, body: await readModel.list(query, caller.offices) }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/applications/:id',
    summary: 'The application view, read from the workflow itself (read-your-writes)',
    tags: ['applications'],
    roles: READ_ROLES,
    params: IdParams,
    responses: { 200: { description: 'The application view', schema: ApplicationViewSchema } },
    errors: [404],
    handler: async ({ params, caller }) => ({ status: 200, body: await applications.get(params.id, caller) }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/applications/:id/history',
    summary: 'Audit trail: every accepted command, who, when',
    tags: ['applications'],
    roles: READ_ROLES,
    params: IdParams,
    responses: { 200: { description: 'Entries, oldest first', schema: z.object({ items: z.array(HistoryEntrySchema) }) } },
    errors: [404],
    handler: async ({ params, caller }) => ({ status: 200, body: { items: await readModel.history(params.id, caller) } }),
  });

  /** A command on one quarter's follow-up child workflow. */
  function followUpCommand<B, P>(spec: {
    path: string;
    summary: string;
    body: ZodType<B>;
    status: 200 | 201;
    update: UpdateDefinition<FollowUpView, [Command<P>]>;
    payload: (b: B) => P;
  }): void {
    defineRoute(router, registry, {
      method: 'post',
      path: spec.path,
      summary: spec.summary,
      tags: ['follow-ups'],
      roles: WRITE_ROLES,
      params: FollowUpParams,
      body: spec.body,
      idempotencyKey: true,
      responses: { [spec.status]: { description: 'The follow-up after the change', schema: FollowUpResult } },
      errors: [403, 404, 409, 422],
      handler: async ({ params, body, caller, req }) => {
        const idem = idempotency.requestKey(req, caller.staffId);
        return idempotency.run(req, idem, async () => ({
          status: spec.status,
          body: await applications.followUpCommand(params.id, params.quarter, spec.update, caller, spec.payload(body), idem.key),
        }));
      },
    });
  }
  followUpCommand({
    path: '/api/v1/applications/:id/follow-ups/:quarter/contact-attempts',
    summary: 'Record a contact attempt (R-FU-3: unlimited, never changes the status)',
    body: ContactAttemptBody,
    status: 201,
    update: recordContactAttempt,
    payload: (b) => b,
  });
  followUpCommand({
    path: '/api/v1/applications/:id/follow-ups/:quarter/complete',
    summary: 'Complete the follow-up (R-FU-4)',
    body: CompleteFollowUpBody,
    status: 200,
    update: completeFollowUp,
    payload: (b) => b,
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/alerts',
    summary: "What needs attention: alerts derived from each case's state, resolving themselves",
    tags: ['alerts'],
    roles: READ_ROLES,
    query: AlertsQuery,
    responses: {
      200: {
        description: 'A page of alerts, oldest first',
        schema: z.object({ items: z.array(AlertSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
      },
    },
    // 404 GROUP_NOT_FOUND: a groupId filter (R-GRP-3) naming no group.
    errors: [404],
    handler: async ({ query, caller }) => ({ status: 200, body: await readModel.alerts(query, caller.offices) }),
  });
}

/** The commands on the application and its follow-ups, registered with every other command by `commands.ts`. */
export const APPLICATION_COMMANDS = [
  commandRoute('recordParticipation', {
    path: '/api/v1/applications/:id/participation',
    summary: 'Record participation (R-ACT-2): the date of first service and its activity',
    params: IdParams,
    body: ParticipationBody,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b, _p, { catalog }) => participationPayload(catalog, b),
  }),
  commandRoute('addActivity', {
    path: '/api/v1/applications/:id/activities',
    summary: 'Add an activity (service) with an actual begin or a projected (future) begin',
    params: IdParams,
    body: AddActivityBody,
    status: 201,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b, _p, { catalog }) => addActivityPayload(catalog, b),
  }),
  commandRoute('beginActivity', {
    path: '/api/v1/applications/:id/activities/:activityId/begin',
    summary: "A future activity starts (ends a planned break when it is the break's activity)",
    params: ActivityParams,
    body: BeginActivityBody,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b, p) => ({ ...b, activityId: p.activityId }),
  }),
  commandRoute('closeActivity', {
    path: '/api/v1/applications/:id/activities/:activityId/close',
    summary: 'Close an activity with its actual end date and completion code',
    params: ActivityParams,
    body: CloseActivityBody,
    backdating: (b) => b.backdateApprovedBy,
    payload: (b, p) => closeActivityPayload(b, p.activityId),
  }),
  commandRoute('requestPlannedBreak', {
    path: '/api/v1/applications/:id/planned-breaks',
    summary: 'Request a planned break (pending until a supervisor other than the requester approves)',
    params: IdParams,
    body: PlannedBreakBody,
    status: 201,
    payload: (b) => b,
  }),
  commandRoute('approvePlannedBreak', {
    path: '/api/v1/applications/:id/planned-breaks/:breakId/approve',
    summary: 'Approve a planned break (supervisor, not the requester)',
    params: BreakParams,
    body: EmptyBody,
    roles: ['supervisor'],
    payload: (_b, p) => ({ breakId: p.breakId }),
  }),
  commandRoute('cancelPlannedBreak', {
    path: '/api/v1/applications/:id/planned-breaks/:breakId/cancel',
    summary: 'Cancel a planned break (restores L + 91; exits at once if that has passed)',
    params: BreakParams,
    body: EmptyBody,
    payload: (_b, p) => ({ breakId: p.breakId }),
  }),
  commandRoute('recordClosure', {
    path: '/api/v1/applications/:id/closure',
    summary: 'Record the program closure form (does not exit, does not stop the clock)',
    params: IdParams,
    body: ClosureBody,
    payload: (b) => b,
  }),
  commandRoute('recordExclusionaryExit', {
    path: '/api/v1/applications/:id/exclusionary-exit',
    summary: 'Exclusionary exit (PIRL 923 reason): exits at once, no follow-ups',
    params: IdParams,
    body: ExclusionaryExitBody,
    payload: (b) => b,
  }),
  commandRoute('addCaseNote', {
    path: '/api/v1/applications/:id/case-notes',
    summary: 'Add a case note (stand-alone or attached to an activity)',
    params: IdParams,
    body: CaseNoteBody,
    status: 201,
    payload: (b) => b,
  }),
  commandRoute('declineFollowUps', {
    path: '/api/v1/applications/:id/follow-ups/decline',
    summary: 'The participant declines follow-up: every open follow-up ends as declined (R-FU-5)',
    params: IdParams,
    body: DeclineFollowUpsBody,
    payload: (b) => b,
  }),
  commandRoute('assignCaseManager', {
    method: 'put',
    path: '/api/v1/applications/:id/case-manager',
    summary: 'Assign the case manager',
    params: IdParams,
    body: CaseManagerBody,
    check: (b, p, caller, { applications }) => applications.checkCaseManager(p.id, b.staffId, caller), // R-GRP-2
    payload: (b) => b,
  }),
  commandRoute('setEducationAtParticipation', {
    method: 'put',
    path: '/api/v1/applications/:id/education-at-participation',
    summary: 'Set the education at participation (R-RPT-4: PIRL 1401 secondary / 1332 postsecondary, or none), before the exit',
    params: IdParams,
    body: EducationAtParticipationBody,
    payload: (b) => b,
  }),
] as const;
