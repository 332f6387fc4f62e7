/**
 * Case management groups (SPEC §9 R-GRP-1): supervisors create and replace them; everyone reads them.
 * §11 R-AUTH-2: only the groups of the caller's offices exist for the caller.
 */
import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { defineRoute } from '../route';
import { READ_ROLES } from '../auth';
import { GroupBody, GroupList, GroupReplaceBody, GroupParams, GroupResult, GroupsQuery } from '../schemas/groups';
import type { GroupService } from '../services/group-service';
import type { IdempotencyStore } from '../middleware/idempotency';

export function groupRoutes(router: Router, registry: OpenAPIRegistry, groups: GroupService, idempotency: IdempotencyStore): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/v1/case-management-groups',
    summary: 'Create a case management group (supervisor): name unique per office, the lead one of the members',
    tags: ['case-management-groups'],
    roles: ['supervisor'],
    body: GroupBody,
    idempotencyKey: true,
    responses: { 201: { description: 'Created', schema: GroupResult } },
    // 403 OFFICE_OUT_OF_SCOPE: an office outside the caller's (R-AUTH-2).
    errors: [403, 409, 422],
    handler: async ({ body, actor, caller, req }) => {
      const idem = idempotency.requestKey(req, actor.staffId);
      return idempotency.run(req, idem, async () => ({ status: 201, body: { group: await groups.create(actor, body, caller.offices) } }));
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/case-management-groups',
    summary: 'Case management groups, optionally of one office',
    tags: ['case-management-groups'],
    roles: READ_ROLES,
    query: GroupsQuery,
    responses: { 200: { description: 'The groups, by office and name', schema: GroupList } },
    errors: [],
    handler: async ({ query, caller }) => ({ status: 200, body: await groups.list(query.office, caller.offices) }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/case-management-groups/:groupId',
    summary: 'One case management group',
    tags: ['case-management-groups'],
    roles: READ_ROLES,
    params: GroupParams,
    responses: { 200: { description: 'The group', schema: GroupResult } },
    errors: [404],
    handler: async ({ params, caller }) => ({ status: 200, body: { group: await groups.get(params.groupId, caller.offices) } }),
  });

  defineRoute(router, registry, {
    method: 'put',
    path: '/api/v1/case-management-groups/:groupId',
    summary: 'Replace a case management group: name, office, programs, lead and members (supervisor)',
    tags: ['case-management-groups'],
    roles: ['supervisor'],
    params: GroupParams,
    body: GroupReplaceBody,
    idempotencyKey: true,
    responses: { 200: { description: 'The group after the change', schema: GroupResult } },
    errors: [403, 404, 409, 422],
    handler: async ({ params, body, actor, caller, req }) => {
      const idem = idempotency.requestKey(req, actor.staffId);
      return idempotency.run(req, idem, async () => ({ status: 200, body: { group: await groups.replace(actor, params.groupId, body, caller.offices) } }));
    },
  });
}
