/** Reports from the PostgreSQL projections. */
import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { defineRoute } from '../route';
import { READ_ROLES } from '../auth';
import { TimelinessReport, TimelinessReportQuery } from '../schemas/reports';
import type { TimelinessReportService } from '../services/timeliness-report';

export function reportRoutes(router: Router, registry: OpenAPIRegistry, timeliness: TimelinessReportService): void {
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/reports/timeliness',
    summary: 'Timeliness of data entry (R-TIMELY-3): per staff member, entries entered in the range, late entries and the on-time rate',
    tags: ['reports'],
    roles: READ_ROLES,
    query: TimelinessReportQuery,
    responses: { 200: { description: 'Per staff member, by staff id', schema: TimelinessReport } },
    errors: [],
    handler: async ({ query }) => ({ status: 200, body: await timeliness.report(query) }),
  });
}
