import type { Request, RequestHandler, Router } from 'express';
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { z } from './zod';
import type { Role } from '../config';
import type { Actor } from '../workflows/application/contract';
import { actorOf, requireRole } from './auth';
import { ProblemError } from './problem';
import { IDEMPOTENCY_KEY_PATTERN } from './middleware/idempotency';

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
  /** Writes the answer itself after the status is set (R-IMP-1's NDJSON progress stream); `body` is then unused. */
  stream?: (res: Parameters<RequestHandler>[1]) => Promise<void>;
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
  /**
   * A body that is not JSON (R-IMP-1's NDJSON): its media type, its documented schema and the parser
   * mounted on this route only, after the role check. The handler gets what the parser made (a Buffer).
   */
  rawBody?: { mediaType: string; schema: ZodType; parser: RequestHandler };
  /** Accepts an `Idempotency-Key` header (documented; applied by the handler via `idempotent()`). */
  idempotencyKey?: boolean;
  responses: Record<number, { description: string; schema?: ZodType }>;
  errors: number[];
  handler: (ctx: RouteContext<P, Q, B>) => Promise<RouteResult>;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or schema-invalid request (text must be well-formed Unicode without U+0000)',
  401: 'Missing or invalid bearer token',
  403: 'The caller\'s role may not do this',
  404: 'Unknown id',
  409: 'Conflicts with the current state, or an Idempotency-Key reused with another body',
  413: 'The request body is larger than the limit',
  415: 'Unsupported body charset or Content-Encoding',
  422: 'A business rule refused the request',
  503: 'Temporal or the database is unavailable',
};

/** U+0000 (PostgreSQL text and jsonb cannot hold it) or a lone UTF-16 surrogate (not storable as UTF-8). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

function unstorablePaths(value: unknown, path: string, out: string[]): void {
  if (typeof value === 'string') {
    if (unstorable(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => unstorablePaths(v, `${path}.${i}`, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (unstorable(k)) out.push(`${path}.(key)`);
      unstorablePaths(v, `${path}.${k}`, out);
    }
  }
}

/**
 * Text that could never be stored is refused up front (400) for every route: otherwise it is
 * accepted by the workflow and then fails the projection to PostgreSQL on every retry.
 */
function rejectUnstorableText(parts: { params: unknown; query: unknown; body: unknown }): void {
  const paths: string[] = [];
  for (const [part, value] of Object.entries(parts)) unstorablePaths(value, part, paths);
  if (paths.length > 0) {
    throw new ProblemError(
      400,
      'VALIDATION_FAILED',
      'Text must be well-formed Unicode (no lone surrogates) without NUL (U+0000) characters',
      paths.map((p) => ({ path: p.replace(/^body\.?/, '') || '(body)', message: 'contains U+0000 or a lone surrogate' })),
    );
  }
}

const toOpenApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/**
 * A stable operationId from method and path (OpenAPI links and generated clients refer to it):
 * `post /api/v1/applications/:id/activities` → `postApplicationsByIdActivities`.
 */
export function operationIdOf(method: Method, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .flatMap((segment) => (segment.startsWith(':') ? ['by', segment.slice(1)] : segment.split('-')));
  return method + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** Express path → the methods declared on it, per registry (for 405 with `Allow`). */
const declaredMethods = new WeakMap<OpenAPIRegistry, Map<string, Set<string>>>();

/**
 * 405 Method Not Allowed with an `Allow` header when a request's path is one a route declares but its
 * method is not (TRACE, DELETE, …). Mount after the routes, before the 404.
 */
export function methodNotAllowed(registry: OpenAPIRegistry): RequestHandler {
  return (req, res, next) => {
    const routes = declaredMethods.get(registry) ?? new Map<string, Set<string>>();
    const allowed = new Set<string>();
    for (const [path, methods] of routes) {
      const re = new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}/?$`);
      if (re.test(req.path)) for (const m of methods) allowed.add(m.toUpperCase());
    }
    if (allowed.size === 0 || allowed.has(req.method)) {
      next();
      return;
    }
    const allow = [...allowed].sort().join(', ');
    res.setHeader('Allow', allow);
    next(new ProblemError(405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}; allowed: ${allow}`));
  };
}

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
  if (spec.rawBody) request.body = { content: { [spec.rawBody.mediaType]: { schema: spec.rawBody.schema } }, required: true };
  if (spec.idempotencyKey) {
    request.headers = z.object({
      'idempotency-key': z
        .string()
        .min(1)
        .max(200)
        .optional()
        .openapi({
          pattern: IDEMPOTENCY_KEY_PATTERN,
          description: 'Retries with the same key have exactly one effect and return the same answer. 1 to 200 visible ASCII characters (spaces only inside).',
        }),
    });
  }
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = r.schema
      ? { description: r.description, content: { 'application/json': { schema: r.schema } } }
      : { description: r.description };
  }
  // Every route can answer 400/401/503; a route some role may not call, 403; a route with a body, 413
  // (over the size limit) and 415 (unsupported charset or encoding).
  const restricted = !(['staff', 'supervisor', 'viewer'] as Role[]).every((r) => spec.roles.includes(r));
  const common = [400, 401, ...(restricted ? [403] : []), ...(spec.body || spec.rawBody ? [413, 415] : []), 503];
  for (const status of [...new Set([...common, ...spec.errors])].sort((a, b) => a - b)) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  const routes = declaredMethods.get(registry) ?? new Map<string, Set<string>>();
  declaredMethods.set(registry, routes);
  routes.set(spec.path, new Set([...(routes.get(spec.path) ?? []), spec.method]));
  registry.registerPath({
    method: spec.method,
    path: toOpenApiPath(spec.path),
    operationId: operationIdOf(spec.method, spec.path),
    summary: spec.summary,
    description: spec.description,
    tags: spec.tags,
    security: [{ bearerAuth: [] }],
    request,
    responses,
  });

  const handler: RequestHandler = async (req, res) => {
    rejectUnstorableText({ params: req.params, query: req.query, body: spec.rawBody ? undefined : req.body });
    const params = (spec.params ? spec.params.parse(req.params) : req.params) as P;
    const query = (spec.query ? spec.query.parse(req.query) : req.query) as Q;
    const body = (spec.rawBody ? req.body : spec.body ? spec.body.parse(req.body ?? {}) : undefined) as B;
    const result = await spec.handler({ params, query, body, actor: actorOf(req), req });
    if (result.stream) {
      res.status(result.status);
      await result.stream(res);
    } else res.status(result.status).json(result.body);
  };
  router[spec.method](spec.path, requireRole(...spec.roles), ...(spec.rawBody ? [spec.rawBody.parser] : []), handler);
}
