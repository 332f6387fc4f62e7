import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { randomUUID } from 'node:crypto';
import { defineRoute } from '../route';
import { READ_ROLES, WRITE_ROLES } from '../auth';
import { ApplicationViewSchema, CreateApplicationBody, IdParams } from '../schemas';
import type { ApplicationService } from '../services/application-service';
import { type IdempotencyStore, idFromKey } from '../services/idempotency';

export function applicationRoutes(
  router: Router,
  registry: OpenAPIRegistry,
  applications: ApplicationService,
  idempotency: IdempotencyStore,
): void {
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
    handler: async ({ body, actor, req }) => {
      const idem = idempotency.requestKey(req, actor.staffId);
      // A retried create (same key) derives the same application id, so it cannot start a second case.
      const applicationId = idem.clientSupplied ? idFromKey(idem.key) : randomUUID();
      return idempotency.run(req, idem, async () => ({
        status: 201,
        body: await applications.create(actor, applicationId, body),
      }));
    },
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
    handler: async ({ params }) => ({ status: 200, body: await applications.get(params.id) }),
  });
}
