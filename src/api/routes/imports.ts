/**
 * R-IMP-1: `POST /api/v1/imports?dryRun=` (supervisors): an NDJSON file of legacy cases, one per line,
 * up to 50 MB. Answers the summary `{dryRun, lines, created, skipped, failed, errors}`; a client that
 * accepts `application/x-ndjson` gets progress lines `{"progress": {...}}` while the import runs and
 * the summary last (`{"summary": {...}}`): what `npm run import` shows as its progress bar.
 */
import express, { type Router } from 'express';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { defineRoute } from '../route';
import { inScope } from '../auth';
import { z } from '../zod';
import { ProblemError } from '../problem';
import { IMPORT_BODY_LIMIT, IMPORT_MEDIA_TYPE, ImportQuery, ImportSummarySchema } from '../schemas/imports';
import type { CaseImport, ImportProgress } from '../services/case-import';

const EXAMPLE =
  '{"externalId":"LEG-1001","participant":{"firstName":"Ada","lastName":"Lovelace","birthDate":"1977-05-25"},"application":{"programs":["ADULT"],"eligibilityDate":"2024-01-02","office":"LA-2703","participationDate":"2024-01-03"},"activities":[{"ref":"a1","code":"101","program":"ADULT","actualBeginDate":"2024-01-03","projectedEndDate":"2024-01-31","actualEndDate":"2024-01-10","completionCode":"successful"}]}\n';

export function importRoutes(router: Router, registry: OpenAPIRegistry, imports: CaseImport): void {
  defineRoute(router, registry, {
    method: 'post',
    path: '/api/v1/imports',
    summary: 'Import the open cases of a legacy system (NDJSON, one case per line; R-IMP-1 … R-IMP-3)',
    description:
      'Each line is checked by the rules the API applies (R-ACT-1, R-ACT-2, R-ACT-5, R-BREAK-2, programs, office scope) except the ' +
      'R-ACT-4 backdating windows, and created whole or not at all: a participant and a workflow started with its state; the audit ' +
      'trail gets one `import` entry (importer, instant, file SHA-256, line). An `externalId` already imported is `skipped`. ' +
      '`dryRun=true` checks every line and creates nothing (`created` then counts what would be created). Errors name the line, ' +
      '`externalId`, field and code. With `Accept: application/x-ndjson` the answer is a stream of `{"progress": {done, lines, ' +
      'created, skipped, failed}}` lines ending with `{"summary": …}`. Body: `application/x-ndjson`, at most 50 MB (413), any other ' +
      'media type 415.',
    tags: ['imports'],
    roles: ['supervisor'],
    query: ImportQuery,
    rawBody: {
      mediaType: IMPORT_MEDIA_TYPE,
      schema: z.string().openapi({ description: 'One JSON object per line (schema ImportLine)', example: EXAMPLE }),
      parser: express.raw({ type: IMPORT_MEDIA_TYPE, limit: IMPORT_BODY_LIMIT }),
    },
    responses: { 200: { description: 'The import summary', schema: ImportSummarySchema } },
    errors: [403, 413, 415],
    handler: async ({ query, actor, caller, req }) => {
      if (!req.is(IMPORT_MEDIA_TYPE) || !Buffer.isBuffer(req.body)) {
        throw new ProblemError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the cases as ${IMPORT_MEDIA_TYPE} (one JSON object per line)`);
      }
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1];
      if (charset && !/^utf-?8$/i.test(charset)) throw new ProblemError(415, 'UNSUPPORTED_CHARSET', 'An import file is UTF-8');
      const body = req.body as Buffer;
      const run = {
        importer: { staffId: actor.staffId, role: actor.role },
        inScope: (office: string) => inScope(caller.offices, office), // R-AUTH-2: a line outside the importer's offices is refused
        dryRun: query.dryRun === 'true',
      };
      if (req.accepts(['application/json', IMPORT_MEDIA_TYPE]) !== IMPORT_MEDIA_TYPE) {
        return { status: 200, body: await imports.run(body, run) };
      }
      return {
        status: 200,
        body: undefined,
        stream: async (res) => {
          res.type(IMPORT_MEDIA_TYPE);
          res.flushHeaders();
          let last = 0;
          const progress = (p: ImportProgress): void => {
            // At most ~10 lines a second, and always the last one.
            if (p.done < p.lines && Date.now() - last < 100) return;
            last = Date.now();
            res.write(`${JSON.stringify({ progress: p })}\n`);
          };
          try {
            const summary = await imports.run(body, { ...run, onProgress: progress });
            res.end(`${JSON.stringify({ summary })}\n`);
          } catch (err) {
            res.end(`${JSON.stringify({ error: { code: 'IMPORT_FAILED', detail: err instanceof Error ? err.message : String(err) } })}\n`);
          }
        },
      };
    },
  });
}
