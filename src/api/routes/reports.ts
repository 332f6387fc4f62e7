/** Reports from the PostgreSQL projections. */
import type { Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { defineRoute } from '../route';
import { READ_ROLES } from '../auth';
import { ProblemError } from '../problem';
import {
  DataQualityQuery,
  DataQualityReport,
  PerformanceReport,
  PerformanceReportQuery,
  PirlExportQuery,
  TimelinessReport,
  TimelinessReportQuery,
} from '../schemas/reports';
import type { TimelinessReportService } from '../services/timeliness-report';
import type { FederalReports } from '../services/federal-reports';
import { ProblemSchema, declareMethod, operationIdOf, recordAccess, rejectUnstorableText } from '../route';
import { callerOf, requireRole } from '../auth';
import { pipeline } from 'node:stream/promises';
import type { RequestHandler } from 'express';

export function reportRoutes(router: Router, registry: OpenAPIRegistry, timeliness: TimelinessReportService, federal: FederalReports): void {
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/reports/timeliness',
    summary: 'Timeliness of data entry (R-TIMELY-3): per staff member, entries entered in the range, late entries and the on-time rate',
    tags: ['reports'],
    roles: READ_ROLES,
    query: TimelinessReportQuery,
    responses: { 200: { description: 'Per staff member, by staff id', schema: TimelinessReport } },
    errors: [422],
    handler: async ({ query, caller }) => {
      if (query.from > query.to)
        throw new ProblemError(422, 'INVALID_DATE_RANGE', 'from must not be after to', [{ path: 'from', message: 'from must not be after to' }]);
      return { status: 200, body: await timeliness.report(query, caller.offices) }; // R-AUTH-2
    },
  });

  // ---- §10 federal performance reporting ----------------------------------------------------------
  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/reports/performance',
    summary: 'The WIOA primary indicators of performance for a report period and program (R-RPT-7): counts only, no PII',
    description:
      "Cohorts by exit quarter X and report quarter R (R-RPT-1): served, exited (R−4…R−1), employment rate Q2 and median earnings Q2 (R−7…R−4), employment rate Q4, credential rate and retention (R−9…R−6), measurable skill gains (July 1 of R's program year … end of R). Exclusionary exits are left out of the exit-based indicators (R-RPT-2).",
    tags: ['reports'],
    roles: READ_ROLES,
    query: PerformanceReportQuery,
    responses: { 200: { description: 'The indicators', schema: PerformanceReport } },
    errors: [],
    handler: async ({ query, caller }) => ({ status: 200, body: await federal.performance({ ...query, scope: caller.offices }) }), // R-AUTH-2
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/reports/data-quality',
    summary: "The quarterly data review (R-RPT-9): the records of the period's cohorts that would fail validation, paged",
    tags: ['reports'],
    roles: ['staff', 'supervisor'],
    query: DataQualityQuery,
    responses: { 200: { description: 'Items ordered by application id, element and code', schema: DataQualityReport } },
    errors: [],
    handler: async ({ query, caller }) => ({ status: 200, body: await federal.dataQuality({ ...query, scope: caller.offices }) }), // R-AUTH-2
  });

  // R-RPT-8: the PIRL export. CSV streamed from PostgreSQL, so declared here rather than with defineRoute.
  const pirlPath = '/api/v1/reports/pirl';
  registry.registerPath({
    method: 'get',
    path: pirlPath,
    operationId: operationIdOf('get', pirlPath),
    summary: 'The PIRL export (R-RPT-8): one CSV row per period of participation in any cohort of the period (supervisor only: it carries birth dates)',
    description: 'Header: the PIRL element numbers. Streamed; `Cache-Control: no-store`; the rows are never logged.',
    tags: ['reports'],
    security: [{ bearerAuth: [] }],
    request: { query: PirlExportQuery },
    responses: {
      200: { description: 'text/csv, one row per period, ordered by PIRL 100 then 900', content: { 'text/csv': { schema: { type: 'string' } } } },
      ...Object.fromEntries(
        [400, 401, 403, 429, 503].map((s) => [
          s,
          { description: s === 403 ? 'Supervisors only' : 'Error', content: { 'application/problem+json': { schema: ProblemSchema } } },
        ]),
      ),
    },
  });
  const pirl: RequestHandler = async (req, res) => {
    rejectUnstorableText({ params: {}, query: req.query, body: undefined });
    const query = PirlExportQuery.parse(req.query);
    // R-AUTH-2: only the periods of the caller's offices.
    const { period, stream } = federal.pirl({ ...query, scope: callerOf(req).offices });
    // §11 R-AUDIT-1: every PIRL export is in the access log (written before the rows start to flow).
    await recordAccess(req, 'export', pirlPath, { applicationId: null, participantId: null, office: null });
    res.status(200).type('text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="pirl-${period.period}${query.office ? `-${query.office.replace(/[^A-Za-z0-9-]/g, '_')}` : ''}.csv"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    await pipeline(stream(), res).catch((err: unknown) => {
      // Headers are sent: a failure mid-stream can only cut the download short (the client sees it).
      if (!res.destroyed) res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  };
  router.get(pirlPath, requireRole('supervisor'), pirl);
  declareMethod(registry, pirlPath, 'get');
}
