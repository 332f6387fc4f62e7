import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { defineRoute } from '../route';
import { WRITE_ROLES } from '../auth';
import { CreateParticipantBody, ParticipantCreated } from '../schemas';
import type { ParticipantService } from '../services/participant-service';
import type { IdempotencyStore } from '../middleware/idempotency';

export function participantRoutes(router: Router, registry: OpenAPIRegistry, participants: ParticipantService, idempotency: IdempotencyStore): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/v1/participants',
    summary: 'Register a participant (PII stays in the database; SSN encrypted, pseudo-SSN when absent)',
    tags: ['participants'],
    roles: WRITE_ROLES,
    body: CreateParticipantBody,
    idempotencyKey: true,
    responses: { 201: { description: 'Created', schema: ParticipantCreated } },
    errors: [403, 409],
    // §11 R-AUDIT-1: the command names the participant it registered.
    accessSubject: (_ctx, result) => ({ participantId: (result.body as { id?: string } | undefined)?.id ?? null }),
    handler: async ({ body, actor, req }) => {
      const idem = idempotency.requestKey(req, actor.staffId);
      return idempotency.run(req, idem, async () => ({ status: 201, body: await participants.create(actor, body) }));
    },
  });
}
