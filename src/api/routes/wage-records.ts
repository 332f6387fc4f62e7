/**
 * SPEC §14 wage records: `POST /api/v1/wage-records` (R-WAGE-1), `…/coverage` (R-WAGE-2),
 * `GET /api/v1/reports/wage-match-request` (R-WAGE-6) and `GET /api/v1/applications/:id/employment-after-exit`
 * (R-WAGE-7).
 */
import type { RequestHandler, Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { pipeline } from 'node:stream/promises';
import { z } from '../zod';
import { ProblemSchema, declareMethod, defineRoute, operationIdOf, recordAccess, rejectUnstorableText } from '../route';
import { callerOf, inScope, requireRole } from '../auth';
import { ProblemError, notFound } from '../problem';
import { IdParams } from '../schemas';
import { CoverageBody, CoverageList, EmploymentAfterExitSchema, WageLoadQuery, WageLoadSummarySchema, WageMatchRequestQuery } from '../schemas/wage-records';
import { WAGE_FILE_MAX_BYTES, type WageRecords } from '../services/wage-records';
import { parseReportPeriod } from '../../domain/reporting';
import { WAGE_FILE_HEADER } from '../../domain/wages';

const WAGE_FILE_MEDIA_TYPE = 'text/csv';

/** The body is read by the loader as a stream, never buffered: nothing to parse up front. */
const streamedBody: RequestHandler = (_req, _res, next) => next();

export function wageRecordRoutes(router: Router, registry: OpenAPIRegistry, wages: WageRecords): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/v1/wage-records',
    summary: 'Load a quarterly wage file (R-WAGE-1): rows matched to participants by SSN, kept under the participant, never the SSN',
    description:
      `CSV with the header \`${WAGE_FILE_HEADER}\`, at most 200 MB (413), streamed. A row whose SSN is no participant's is not kept ` +
      '(`unmatched`); a malformed row fails alone (`errors`: line, field, code); a row with the same participant, year, quarter, FEIN ' +
      'and source as one kept replaces it. `dryRun=true` checks and matches every row and keeps none. Every load is recorded (who, when, ' +
      'SHA-256, counts), dry runs too. Any other media type is a 415.',
    tags: ['wage records'],
    roles: ['supervisor'],
    query: WageLoadQuery,
    rawBody: {
      mediaType: WAGE_FILE_MEDIA_TYPE,
      schema: z.string().openapi({ example: `${WAGE_FILE_HEADER}\n123-45-6789,2024,3,8250.00,12-3456789,ui\n` }),
      parser: streamedBody,
    },
    responses: { 200: { description: 'The load summary', schema: WageLoadSummarySchema } },
    errors: [403, 413, 415],
    handler: async ({ query, actor, req }) => {
      if (!req.is(WAGE_FILE_MEDIA_TYPE)) throw new ProblemError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the wage file as ${WAGE_FILE_MEDIA_TYPE}`);
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
      if (charset && !/^(utf-?8|us-ascii)$/i.test(charset)) throw new ProblemError(415, 'UNSUPPORTED_CHARSET', 'A wage file is UTF-8');
      const tooLarge = () => {
        // Nothing more of the body is read: the connection closes after the answer.
        req.res?.setHeader('Connection', 'close');
        return new ProblemError(413, 'PAYLOAD_TOO_LARGE', `A wage file is at most ${WAGE_FILE_MAX_BYTES / 1024 / 1024} MB`);
      };
      if (Number(req.get('content-length') ?? 0) > WAGE_FILE_MAX_BYTES) throw tooLarge();
      try {
        return { status: 200, body: await wages.load(req, { loadedBy: actor.staffId, role: actor.role, dryRun: query.dryRun === 'true' }) };
      } catch (err) {
        if ((err as { status?: number }).status === 413) throw tooLarge();
        throw err;
      }
    },
  });

  defineRoute(router, registry, {
    method: 'post',
    path: '/api/v1/wage-records/coverage',
    summary: 'Mark calendar quarters complete or not (R-WAGE-2): wage records decide employment only in complete quarters',
    tags: ['wage records'],
    roles: ['supervisor'],
    body: CoverageBody,
    responses: { 200: { description: 'Every quarter with rows or a mark, oldest first', schema: CoverageList } },
    errors: [403],
    handler: async ({ body, actor }) => {
      await wages.setCoverage(body, actor.staffId);
      return { status: 200, body: await wages.coverage() };
    },
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/wage-records/coverage',
    summary: 'The calendar quarters with wage records or a mark (R-WAGE-2): complete, rows, loads, last load, oldest first',
    tags: ['wage records'],
    roles: ['staff', 'supervisor'],
    responses: { 200: { description: 'Every quarter with rows or a mark, oldest first', schema: CoverageList } },
    errors: [],
    handler: async () => ({ status: 200, body: await wages.coverage() }),
  });

  defineRoute(router, registry, {
    method: 'get',
    path: '/api/v1/applications/:id/employment-after-exit',
    summary: 'Employment in quarters 1–4 after exit (R-WAGE-7): wage records where the quarter is complete, else the follow-up',
    description: 'Empty `quarters` before an exit (and after an exclusionary one). Reads the projections; an entry in the access log.',
    tags: ['applications'],
    roles: ['staff', 'supervisor'],
    params: IdParams,
    responses: { 200: { description: 'Quarters 1–4 after exit', schema: EmploymentAfterExitSchema } },
    errors: [404],
    handler: async ({ params, caller }) => {
      const found = await wages.employmentAfterExit(params.id);
      // R-AUTH-2: outside the caller's offices answers what an unknown id answers.
      if (!found || !inScope(caller.offices, found.office)) throw notFound('application', params.id);
      return { status: 200, body: { quarters: found.quarters } };
    },
  });

  // R-WAGE-6: the match request. CSV streamed from PostgreSQL (like the PIRL export), declared by hand.
  const matchPath = '/api/v1/reports/wage-match-request';
  registry.registerPath({
    method: 'get',
    path: matchPath,
    operationId: operationIdOf('get', matchPath),
    summary: 'The wage match request (R-WAGE-6): the SSNs and calendar quarters the period’s cohorts need from the UI agency or SWIS (supervisor only)',
    description:
      'text/csv `ssn,year,quarter,pirlId`: per participant with an SSN, quarters 1–4 after exit of every exit-based cohort and the three quarters ' +
      'before participation of the served, that are not complete. The only answer with full SSNs: every call is an `export` in the access log. ' +
      'Participants with a pseudo-SSN are left out (the data review lists them as NO_SSN_FOR_WAGE_MATCH). `Cache-Control: no-store`.',
    tags: ['reports'],
    security: [{ bearerAuth: [] }],
    request: { query: WageMatchRequestQuery },
    responses: {
      200: { description: 'text/csv, ordered by pirlId then quarter', content: { 'text/csv': { schema: { type: 'string' } } } },
      ...Object.fromEntries(
        [400, 401, 403, 429, 503].map((s) => [
          s,
          { description: s === 403 ? 'Supervisors only' : 'Error', content: { 'application/problem+json': { schema: ProblemSchema } } },
        ]),
      ),
    },
  });
  const matchRequest: RequestHandler = async (req, res) => {
    rejectUnstorableText({ params: {}, query: req.query, body: undefined });
    const query = WageMatchRequestQuery.parse(req.query);
    const period = parseReportPeriod(query.period);
    // R-AUDIT-1: the SSNs leave the service: an `export`, written before the rows start to flow.
    await recordAccess(req, 'export', matchPath, { applicationId: null, participantId: null, office: null });
    const stream = wages.matchRequest(period.R, callerOf(req).offices); // R-AUTH-2
    res.status(200).type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="wage-match-request-${period.period}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    await pipeline(stream, res).catch((err: unknown) => {
      if (!res.destroyed) res.destroy(err instanceof Error ? err : new Error(String(err)));
    });
  };
  router.get(matchPath, requireRole('supervisor'), matchRequest);
  declareMethod(registry, matchPath, 'get');
}
