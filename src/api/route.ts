import type { Request, RequestHandler, Router } from 'express';
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { z } from './zod';
import type { Role } from '../config';
import type { Actor } from '../workflows/application/contract';
import { actorOf, requireRole } from './auth';

/** problem+json schema, shared by every error response in the OpenAPI document. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    instance: z.string().optional(),
  })
  .openapi('Problem');

type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  actor: Actor;
  req: Request;
}

export interface RouteResult {
  status: number;
  body: unknown;
}

export interface RouteSpec<P, Q, B> {
  method: Method;
  /** Express path, e.g. `/api/v1/applications/:id`. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  roles: Role[];
  params?: ZodType<P>;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Accepts an `Idempotency-Key` header (documented; applied by the handler via `idempotent()`). */
  idempotencyKey?: boolean;
  responses: Record<number, { description: string; schema?: ZodType }>;
  errors: number[];
  handler: (ctx: RouteContext<P, Q, B>) => Promise<RouteResult>;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or schema-invalid request',
  401: 'Missing or invalid bearer token',
  403: 'The caller\'s role may not do this',
  404: 'Unknown id',
  409: 'Conflicts with the current state, or an Idempotency-Key reused with another body',
  422: 'A business rule refused the request',
  503: 'Temporal or the database is unavailable',
};

const toOpenApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/**
 * Declares one route: registers it in the OpenAPI registry and mounts a handler that validates
 * params, query and body with the same zod schemas before calling the service.
 */
export function defineRoute<P = unknown, Q = unknown, B = unknown>(
  router: Router,
  registry: OpenAPIRegistry,
  spec: RouteSpec<P, Q, B>,
): void {
  const request: RouteConfig['request'] = {};
  if (spec.params) request.params = spec.params as never;
  if (spec.query) request.query = spec.query as never;
  if (spec.body) request.body = { content: { 'application/json': { schema: spec.body } }, required: true };
  if (spec.idempotencyKey) {
    request.headers = z.object({
      'idempotency-key': z
        .string()
        .min(1)
        .max(200)
        .optional()
        .openapi({ description: 'Retries with the same key have exactly one effect and return the same answer.' }),
    });
  }
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = r.schema
      ? { description: r.description, content: { 'application/json': { schema: r.schema } } }
      : { description: r.description };
  }
  for (const status of [...new Set([400, 401, ...spec.errors, 503])]) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  registry.registerPath({
    method: spec.method,
    path: toOpenApiPath(spec.path),
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags,
    security: [{ bearerAuth: [] }],
    request,
    responses,
  });

  const handler: RequestHandler = async (req, res) => {
    const params = (spec.params ? spec.params.parse(req.params) : req.params) as P;
    const query = (spec.query ? spec.query.parse(req.query) : req.query) as Q;
    const body = (spec.body ? spec.body.parse(req.body ?? {}) : undefined) as B;
    const result = await spec.handler({ params, query, body, actor: actorOf(req), req });
    res.status(result.status).json(result.body);
  };
  router[spec.method](spec.path, requireRole(...spec.roles), handler);
}
