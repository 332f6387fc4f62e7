/** Reports from the PostgreSQL projections. */
import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { defineRoute } from '../route';
import { READ_ROLES } from '../auth';
import { ProblemError } from '../problem';
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
    errors: [422],
    handler: async ({ query }) => {
      if (query.from > query.to) throw new ProblemError(422, 'INVALID_DATE_RANGE', 'from must not be after to', [{ path: 'from', message: 'from must not be after to' }]);
      return { status: 200, body: await timeliness.report(query) };
    },
  });
}
