import type { Express, Request, RequestHandler, Router } from 'express';
import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { z } from './zod';
import type { Role } from '../config';
import type { Actor } from '../workflows/application/contract';
import { type Caller, actorOf, callerOf, requireRole } from './auth';
import { ProblemError } from './problem';
import type { AccessAction } from './services/access-log';
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
  /** Who asks, as workflows record it (staff id and role). */
  actor: Actor;
  /** Who asks, with the offices they may see (§11 R-AUTH-2): scope every read, list and command by it. */
  caller: Caller;
  req: Request;
}

/** §11 R-AUDIT-1: what an access-log entry names besides who and which route. */
export interface AccessSubject {
  applicationId: string | null;
  participantId: string | null;
  office: string | null;
}

/** Writes one access-log entry (set by the app); `wait`: the answer waits until it is written. */
export type AccessRecorder = (req: Request, action: AccessAction, route: string, subject: AccessSubject, wait: boolean) => Promise<void>;
const ACCESS_RECORDER = 'wioaAccessRecorder';

/** Installs the app's access-log writer (app.ts). */
export function setAccessRecorder(app: Express, recorder: AccessRecorder): void {
  app.locals[ACCESS_RECORDER] = recorder;
}

/**
 * §11 R-AUDIT-1: records an access after its answer is known to be a success: reads (`read`,
 * `export`) wait for the entry (a read that cannot be recorded is not answered); commands do not.
 */
export async function recordAccess(req: Request, action: AccessAction, route: string, subject: AccessSubject): Promise<void> {
  const recorder = req.app.locals[ACCESS_RECORDER] as AccessRecorder | undefined;
  if (recorder) await recorder(req, action, route, subject, action !== 'command');
}

/** The application (view) an answer carries: the body itself, or its `application`. */
function viewIn(body: unknown): { id: string; participantId: string; office: string } | undefined {
  const isView = (v: unknown): v is { id: string; participantId: string; office: string } =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { id?: unknown }).id === 'string' &&
    typeof (v as { participantId?: unknown }).participantId === 'string' &&
    typeof (v as { office?: unknown }).office === 'string';
  if (typeof body !== 'object' || body === null) return undefined;
  const nested = (body as { application?: unknown }).application;
  if (isView(nested)) return nested;
  return isView(body) ? body : undefined;
}

/** Routes about one application: `/api/v1/applications/:id` and everything under it. */
const isApplicationRoute = (path: string): boolean => path === '/api/v1/applications/:id' || path.startsWith('/api/v1/applications/:id/');

/** The default subject of an access: the application the path names (or the answer carries) and its participant. */
function accessSubjectOf(path: string, params: unknown, body: unknown): AccessSubject {
  const view = viewIn(body);
  const fromPath = isApplicationRoute(path) ? (params as { id?: unknown }).id : undefined;
  const applicationId = typeof fromPath === 'string' ? fromPath : (view?.id ?? null);
  const sameCase = view && view.id === applicationId;
  return { applicationId, participantId: sameCase ? view.participantId : null, office: sameCase ? view.office : null };
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
  /** The body may be omitted (documented as not required); absent = `{}`. */
  bodyOptional?: boolean;
  /**
   * §11 R-AUDIT-1: what a successful answer writes to the access log. Default: `command` for every
   * method but GET, `read` for a GET of one application (`/api/v1/applications/:id…`), nothing else.
   */
  access?: AccessAction | 'none';
  /** The access log's application and participant when the default (path, answer) does not name them. */
  accessSubject?: (ctx: RouteContext<P, Q, B>, result: RouteResult) => Partial<AccessSubject>;
  responses: Record<number, { description: string; schema?: ZodType }>;
  errors: number[];
  handler: (ctx: RouteContext<P, Q, B>) => Promise<RouteResult>;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed or schema-invalid request (text must be well-formed Unicode without U+0000)',
  401: 'Missing or invalid bearer token (WWW-Authenticate: Bearer error="invalid_token")',
  403: "The caller's role may not do this (FORBIDDEN), an OIDC token names no role (NO_ROLE), or an office outside the caller's (OFFICE_OUT_OF_SCOPE)",
  404: 'Unknown id',
  409: 'Conflicts with the current state, or an Idempotency-Key reused with another body',
  413: 'The request body is larger than the limit',
  415: 'Unsupported body charset or Content-Encoding',
  422: 'A business rule refused the request',
  429: 'Too many requests from this caller (RATE_LIMITED); Retry-After says when to try again',
  503: 'Temporal or the database is unavailable',
};

/** U+0000 (PostgreSQL text and jsonb cannot hold it) or a lone UTF-16 surrogate (not storable as UTF-8). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** Walks a value without recursion (a deeply nested body cannot overflow the stack: R-ABUSE-1). */
function unstorablePaths(root: unknown, rootPath: string, out: string[]): void {
  const stack: [unknown, string][] = [[root, rootPath]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (unstorable(value)) out.push(path);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}.${i}`]);
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i] as [string, unknown];
        if (unstorable(k)) out.push(`${path}.(key)`);
        stack.push([v, `${path}.${k}`]);
      }
    }
  }
}

/**
 * Text that could never be stored is refused up front (400) for every route: otherwise it is
 * accepted by the workflow and then fails the projection to PostgreSQL on every retry.
 */
export function rejectUnstorableText(parts: { params: unknown; query: unknown; body: unknown }): void {
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

/** Declares a route mounted without defineRoute (a non-JSON answer), so that other methods on it get 405. */
export function declareMethod(registry: OpenAPIRegistry, path: string, method: Method): void {
  const routes = declaredMethods.get(registry) ?? new Map<string, Set<string>>();
  declaredMethods.set(registry, routes);
  routes.set(path, new Set([...(routes.get(path) ?? []), method]));
}

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
export function defineRoute<P = unknown, Q = unknown, B = unknown>(router: Router, registry: OpenAPIRegistry, spec: RouteSpec<P, Q, B>): void {
  const request: RouteConfig['request'] = {};
  if (spec.params) request.params = spec.params as never;
  if (spec.query) request.query = spec.query as never;
  if (spec.body) request.body = { content: { 'application/json': { schema: spec.body } }, required: !spec.bodyOptional };
  if (spec.rawBody) request.body = { content: { [spec.rawBody.mediaType]: { schema: spec.rawBody.schema } }, required: true };
  if (spec.idempotencyKey) {
    request.headers = z.object({
      'idempotency-key': z.string().min(1).max(200).optional().openapi({
        pattern: IDEMPOTENCY_KEY_PATTERN,
        description: 'Retries with the same key have exactly one effect and return the same answer. 1 to 200 visible ASCII characters (spaces only inside).',
      }),
    });
  }
  const responses: RouteConfig['responses'] = {};
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = r.schema ? { description: r.description, content: { 'application/json': { schema: r.schema } } } : { description: r.description };
  }
  // Every route can answer 400/401/429/503, and 403 (an OIDC token without a role: NO_ROLE, R-AUTH-1);
  // a route with a body, 413 (over the size limit) and 415 (unsupported charset or encoding).
  const common = [400, 401, 403, ...(spec.body || spec.rawBody ? [413, 415] : []), 429, 503];
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

  const access = spec.access ?? (spec.method !== 'get' ? 'command' : isApplicationRoute(spec.path) ? 'read' : 'none');
  const handler: RequestHandler = async (req, res) => {
    rejectUnstorableText({ params: req.params, query: req.query, body: spec.rawBody ? undefined : req.body });
    const params = (spec.params ? spec.params.parse(req.params) : req.params) as P;
    const query = (spec.query ? spec.query.parse(req.query) : req.query) as Q;
    const body = (spec.rawBody ? req.body : spec.body ? spec.body.parse(req.body ?? {}) : undefined) as B;
    const ctx: RouteContext<P, Q, B> = { params, query, body, actor: actorOf(req), caller: callerOf(req), req };
    const result = await spec.handler(ctx);
    if (access !== 'none' && result.status >= 200 && result.status < 300) {
      await recordAccess(req, access, spec.path, { ...accessSubjectOf(spec.path, params, result.body), ...spec.accessSubject?.(ctx, result) });
    }
    if (result.stream) {
      res.status(result.status);
      await result.stream(res);
    } else res.status(result.status).json(result.body);
  };
  router[spec.method](spec.path, requireRole(...spec.roles), ...(spec.rawBody ? [spec.rawBody.parser] : []), handler);
}
