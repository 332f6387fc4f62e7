/**
 * §11 R-AUDIT-1: `GET /api/v1/reports/access-log` — who looked at whom: the access log of the caller's
 * offices (R-AUTH-2), newest first, paged like the caseload. Supervisors only.
 */
import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { defineRoute } from '../route';
import { z } from '../zod';
import { IsoDateSchema, queryInt } from '../schemas';
import { plainString } from '../text';
import { ProblemError } from '../problem';
import { addDays, startOfAgencyDay } from '../../domain/dates';
import type { AccessLog } from '../services/access-log';

const PageOffset = queryInt(0, 1_000_000).default(0).openapi({ type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 });

const Bound = z
  .union([z.iso.datetime({ offset: true }), IsoDateSchema])
  .openapi({ description: 'an instant (ISO 8601 with offset), or a date: the agency-local day (from its start; `to` through its end)' });

const AccessLogQuery = z
  .object({
    applicationId: plainString(100).optional(),
    participantId: plainString(100).optional(),
    staffId: plainString(64).optional(),
    from: Bound.optional(),
    to: Bound.optional(),
    limit: queryInt(1, 200).default(50).openapi({ type: 'integer', minimum: 1, maximum: 200, default: 50 }),
    offset: PageOffset,
  })
  .strict();

const AccessLogEntrySchema = z
  .object({
    staffId: z.string(),
    role: z.enum(['staff', 'supervisor', 'viewer']),
    action: z.enum(['read', 'export', 'command']),
    route: z.string().openapi({ example: '/api/v1/applications/:id' }),
    applicationId: z.string().nullable(),
    participantId: z.string().nullable(),
    requestId: z.string(),
    at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('AccessLogEntry');

const AccessLogPage = z
  .object({ items: z.array(AccessLogEntrySchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() })
  .openapi('AccessLogPage');

export function accessLogRoutes(router: Router, registry: OpenAPIRegistry, log: AccessLog, agencyTimeZone: string): void {
  const instant = (b: string, end: boolean): Date => (b.includes('T') ? new Date(b) : startOfAgencyDay(end ? addDays(b, 1) : b, agencyTimeZone));
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/reports/access-log',
    summary: 'Who looked at whom (R-AUDIT-1): reads of one case, PIRL exports and accepted commands, newest first, of your offices; paged (supervisor)',
    tags: ['reports'],
    roles: ['supervisor'],
    query: AccessLogQuery,
    responses: { 200: { description: 'A page of access-log entries, newest first', schema: AccessLogPage } },
    errors: [422],
    // Reading the log is not itself logged (it names no case).
    access: 'none',
    handler: async ({ query, caller }) => {
      const from = query.from !== undefined ? instant(query.from, false) : undefined;
      const to = query.to !== undefined ? instant(query.to, true) : undefined;
      if (from && to && from > to)
        throw new ProblemError(422, 'INVALID_DATE_RANGE', 'from must not be after to', [{ path: 'from', message: 'from must not be after to' }]);
      return {
        status: 200,
        body: await log.list(
          {
            ...(query.applicationId !== undefined ? { applicationId: query.applicationId } : {}),
            ...(query.participantId !== undefined ? { participantId: query.participantId } : {}),
            ...(query.staffId !== undefined ? { staffId: query.staffId } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
            limit: query.limit,
            offset: query.offset,
          },
          caller.offices,
        ),
      };
    },
  });
}
