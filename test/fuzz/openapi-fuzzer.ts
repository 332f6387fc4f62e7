/**
 * A schema-driven fuzzer for an OpenAPI 3.1 document, built on fast-check.
 *
 * For every operation of the document it generates requests whose path parameters, query and body
 * conform to the operation's JSON schemas (with per-field hints from the target, e.g. real ids), and
 * mutations of them that certainly do not (wrong types, missing required fields, unknown fields,
 * strings past their bounds, impossible dates, malformed JSON, wrong content types, bad tokens,
 * reused idempotency keys, …). Each request is sent over HTTP and checked:
 *
 * - no response is a 5xx, and no request hangs;
 * - every error is `application/problem+json` with a string `code` and the HTTP `status`;
 * - a certainly schema-invalid request is never accepted (never 2xx);
 * - an Idempotency-Key replayed with the same request returns the stored answer, and with another
 *   body is refused (409, or that body's own 4xx), never accepted.
 *
 * What the target knows (real ids, "today", tokens) comes in through {@link FuzzTarget}; references to
 * it are generated as {@link Deferred} values and resolved when the request is sent, so a seed replays
 * the same sequence of choices against a target built the same way.
 */
import fc from 'fast-check';
import { type JsonSchema, type SchemaDocument, Schemas, conforms, invalidValues, typesOf, validArbitrary } from './json-schema';
import { canonicalJson } from '../../src/canonical-json';

// ---- the document ---------------------------------------------------------------------------------

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
  security?: unknown[];
}

export interface OpenApiDocument extends SchemaDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
}

export interface Operation {
  /** `METHOD /path/{template}` */
  key: string;
  method: string;
  path: string;
  pathParams: ParameterObject[];
  queryParams: ParameterObject[];
  idempotencyKey: boolean;
  body: JsonSchema | undefined;
  documentedStatuses: ReadonlySet<number>;
  /** Documented with `security: []`: answers without a token, so a missing or bad one is no refusal. */
  public: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const params = op.parameters ?? [];
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        idempotencyKey: params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
        body: op.requestBody?.content?.['application/json']?.schema,
        documentedStatuses: new Set(Object.keys(op.responses ?? {}).map(Number)),
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return ops;
}

// ---- plans ----------------------------------------------------------------------------------------

/** A reference to something only known when the request is sent (a real id, a date near "today"). */
export class Deferred {
  constructor(
    readonly kind: string,
    readonly arg: number,
  ) {}
  toJSON(): string {
    return `<${this.kind}:${this.arg}>`;
  }
  toString(): string {
    return this.toJSON();
  }
}

export type Role = 'staff' | 'supervisor' | 'viewer';

const MUTATIONS = [
  // body (JSON level)
  'replace',
  'drop',
  'extra',
  'rootType',
  // body (wire level)
  'malformedJson',
  'contentType',
  'charset',
  'contentEncoding',
  'oversized',
  // path, query, method
  'pathParam',
  'queryParam',
  'unknownQuery',
  'repeatedQuery',
  'wrongMethod',
  // auth and headers
  'noAuth',
  'badAuth',
  'viewer',
  'badIdempotencyKey',
  'idempotencyReuse',
] as const;
export type MutationKind = (typeof MUTATIONS)[number];

export interface Mutation {
  kind: MutationKind;
  /** Chooses the target (field, parameter, …) among the candidates, modulo their number. */
  pick: number;
  /** Chooses the variant (which invalid value, which content type, …). */
  variant: number;
}

export interface Plan {
  op: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  /** A second valid body (the "different body" of a reused Idempotency-Key). */
  altBody: unknown;
  role: Role | 'default';
  idempotencyKey: boolean;
  mutation: Mutation | null;
  /** Handed to {@link FuzzTarget.adjust}. */
  choice: number;
}

export interface ResolveContext {
  op: Operation;
  /** Path parameters resolved so far (in document order: `id` before `activityId`). */
  params: Record<string, string>;
}

/** What the fuzzer needs to know about the system under test. */
export interface FuzzTarget {
  baseUrl: string;
  tokens: Record<Role, string>;
  /** The role a valid request of `op` is sent with (e.g. a supervisor to approve). */
  defaultRole(op: Operation): Role;
  /** Replaces the generic arbitrary of a field (return undefined to keep it). */
  hint(op: Operation, where: 'path' | 'query' | 'body', path: readonly string[], schema: JsonSchema): fc.Arbitrary<unknown> | undefined;
  /** Resolves a {@link Deferred} when the request is sent. */
  resolve(d: Deferred, ctx: ResolveContext): unknown;
  /**
   * Rules the document cannot express (e.g. "exactly one of a or b"): may rewrite a resolved valid
   * body before it is sent (and mutated). `choice` is a generated number, so this stays reproducible.
   */
  adjust?(op: Operation, body: unknown, choice: number): unknown;
  /** Called before each plan is sent (e.g. to read the sandbox clock). */
  beforeEach?(): Promise<void>;
  /** Sees every exchange (e.g. to collect the ids it returns). */
  observe?(ex: Exchange): void;
  /** Operations to leave out (e.g. ones that would only slow the campaign down). */
  skip?(op: Operation): boolean;
}

export interface FuzzerOptions {
  /** Share of plans that carry a mutation (default 0.4). */
  mutationRate?: number;
  /** A request taking longer than this counts as hung (default 20 s). */
  requestTimeoutMs?: number;
  /** Idempotency keys are `<prefix>-<n>` (default `fuzz-<random>`). */
  keyPrefix?: string;
  /** Body size sent by the `oversized` mutation (default 300 kB, above the API's 256 kB limit). */
  oversizedBytes?: number;
}

// ---- exchanges, violations, statistics ------------------------------------------------------------

export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Exchange {
  op: string;
  /** `valid` or the mutation kind. */
  mode: string;
  request: SentRequest;
  /** HTTP status, or 0 when the request hung or the connection failed. */
  status: number;
  contentType: string;
  body: unknown;
  ms: number;
  error?: string;
  /** The request certainly violates the document: it must not be accepted. */
  mustReject: boolean;
}

export type ViolationKind = '5xx' | 'hung' | 'problem-format' | 'accepted-invalid' | 'idempotency' | 'invariant' | 'stuck-workflow' | 'unresponsive';

export interface Violation {
  kind: ViolationKind;
  message: string;
  exchange?: Exchange;
}

class FuzzStats {
  readonly perOp = new Map<string, Map<number, number>>();
  readonly statuses = new Map<number, number>();
  readonly modes = new Map<string, number>();
  readonly undocumented = new Map<string, Set<number>>();
  validRejectedAsInvalid = 0;
  /** Problem `code`s of the errors, per operation. */
  readonly codes = new Map<string, Map<string, number>>();
  /** Which fields schema-valid requests were refused on (`METHOD /path: field`). */
  readonly validRejectedFields = new Map<string, number>();
  requests = 0;
  plans = 0;

  record(op: Operation | undefined, ex: Exchange): void {
    this.requests += 1;
    const perOp = this.perOp.get(ex.op) ?? new Map<number, number>();
    perOp.set(ex.status, (perOp.get(ex.status) ?? 0) + 1);
    this.perOp.set(ex.op, perOp);
    this.statuses.set(ex.status, (this.statuses.get(ex.status) ?? 0) + 1);
    this.modes.set(ex.mode, (this.modes.get(ex.mode) ?? 0) + 1);
    const problem = ex.body as { code?: string; errors?: { path?: string }[] } | undefined;
    if (ex.status >= 400 && typeof problem?.code === 'string') {
      const codes = this.codes.get(ex.op) ?? new Map<string, number>();
      codes.set(problem.code, (codes.get(problem.code) ?? 0) + 1);
      this.codes.set(ex.op, codes);
    }
    if (ex.mode === 'valid' && ex.status === 400 && problem?.code === 'VALIDATION_FAILED') {
      this.validRejectedAsInvalid += 1;
      for (const e of problem.errors ?? []) {
        const key = `${ex.op}: ${e.path ?? '?'}`;
        this.validRejectedFields.set(key, (this.validRejectedFields.get(key) ?? 0) + 1);
      }
    }
    if (op && ex.status > 0 && !op.documentedStatuses.has(ex.status) && ex.mode !== 'wrongMethod') {
      const set = this.undocumented.get(ex.op) ?? new Set<number>();
      set.add(ex.status);
      this.undocumented.set(ex.op, set);
    }
  }
}

// ---- the fuzzer -----------------------------------------------------------------------------------

const JSON_TYPE = 'application/json';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One place in a body: where it is, its schema, and whether it is present. */
interface Site {
  path: (string | number)[];
  schema: JsonSchema;
  present: boolean;
}

function sitesOf(schemas: Schemas, schema: JsonSchema, value: unknown, path: (string | number)[] = []): Site[] {
  const s = schemas.deref(schema);
  const sites: Site[] = [{ path, schema: s, present: true }];
  if (isObject(value) && s.properties) {
    for (const [key, prop] of Object.entries(s.properties)) {
      if (Object.prototype.hasOwnProperty.call(value, key)) sites.push(...sitesOf(schemas, prop, value[key], [...path, key]));
      else sites.push({ path: [...path, key], schema: schemas.deref(prop), present: false });
    }
  }
  if (Array.isArray(value) && s.items) value.forEach((item, i) => sites.push(...sitesOf(schemas, s.items as JsonSchema, item, [...path, i])));
  return sites;
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  let cur = root;
  for (const p of path) cur = (cur as Record<string | number, unknown> | undefined)?.[p];
  return cur;
}

/** Returns a copy of `root` with the value at `path` replaced (or removed when `value` is `REMOVE`). */
const REMOVE = Symbol('remove');
function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(root) ? [...(root as unknown[])] : { ...(root as object) }) as Record<string | number, unknown>;
  if (rest.length === 0 && value === REMOVE) delete copy[head];
  else copy[head] = setAt(copy[head], rest, value);
  return copy;
}

const MALFORMED_JSON = ['{', '{"a":}', "{'single': 'quotes'}", '[1,]', 'undefined', 'NaN', '{"a":1}}', '\u0000', '{"a":"\\x41"}', '{"a":01}', 'nul'];
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/merge-patch+json',
  'application/json-seq',
  '',
];
const CHARSETS = ['latin1', 'iso-8859-1', 'utf-7', 'bogus', 'utf-16', 'ucs-2'];
const CONTENT_ENCODINGS = ['gzip', 'deflate', 'br', 'bogus', 'identity, gzip'];
const BAD_PATH_VALUES = [
  '',
  'x'.repeat(101),
  '%',
  '%E0%A4%A',
  '%zz',
  '%C0%AF',
  '%00',
  '..',
  '%2e%2e%2f',
  '-1',
  '0',
  '5',
  '1.5',
  'NaN',
  'Infinity',
  '1e1000',
  '%F0%9F%98%80'.repeat(30),
];
const BAD_AUTH = ['Bearer', 'Bearer ', 'Basic ZGV2OmRldg==', 'Bearer forged-token', 'bearer dev-staff extra', 'Token dev-staff', 'dev-staff'];
const UNKNOWN_QUERY = ['foo=1', '__proto__[x]=1', 'limit[]=1', 'constructor=1', 'status[$ne]=x'];

export class OpenApiFuzzer {
  readonly operations: Operation[];
  readonly stats = new FuzzStats();
  readonly violations: Violation[] = [];
  private readonly schemas: Schemas;
  private readonly byKey: Map<string, Operation>;
  private keyCounter = 0;
  private readonly mutationRate: number;
  private readonly timeoutMs: number;
  private readonly keyPrefix: string;
  private readonly oversizedBytes: number;

  constructor(
    doc: OpenApiDocument,
    private readonly target: FuzzTarget,
    opts: FuzzerOptions = {},
  ) {
    if (!doc.openapi?.startsWith('3.1')) throw new Error(`expected an OpenAPI 3.1 document, got ${doc.openapi}`);
    this.schemas = new Schemas(doc);
    this.operations = operationsOf(doc).filter((op) => !target.skip?.(op));
    this.byKey = new Map(this.operations.map((op) => [op.key, op]));
    this.mutationRate = opts.mutationRate ?? 0.4;
    this.timeoutMs = opts.requestTimeoutMs ?? 20_000;
    this.keyPrefix = opts.keyPrefix ?? `fuzz-${Math.random().toString(36).slice(2, 8)}`;
    this.oversizedBytes = opts.oversizedBytes ?? 300_000;
  }

  /** The mutations that make sense for an operation. */
  mutationsFor(op: Operation): MutationKind[] {
    return MUTATIONS.filter((m) => {
      switch (m) {
        case 'replace':
        case 'drop':
        case 'extra':
        case 'rootType':
        case 'malformedJson':
        case 'contentType':
        case 'charset':
        case 'contentEncoding':
        case 'oversized':
          return op.body !== undefined;
        case 'pathParam':
          return op.pathParams.length > 0;
        case 'queryParam':
        case 'repeatedQuery':
          return op.queryParams.length > 0;
        case 'viewer':
          return op.method !== 'GET';
        case 'noAuth':
        case 'badAuth':
          return !op.public;
        case 'badIdempotencyKey':
        case 'idempotencyReuse':
          return op.idempotencyKey;
        default:
          return true;
      }
    });
  }

  private planFor(op: Operation): fc.Arbitrary<Plan> {
    const hint = (where: 'path' | 'query' | 'body') => (path: readonly string[], schema: JsonSchema) => this.target.hint(op, where, path, schema);
    const params: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of op.pathParams) params[p.name] = validArbitrary(this.schemas, p.schema, hint('path'), [p.name]);
    const query: Record<string, fc.Arbitrary<unknown>> = {};
    for (const p of op.queryParams) query[p.name] = validArbitrary(this.schemas, p.schema, hint('query'), [p.name]);
    const body = op.body ? validArbitrary(this.schemas, op.body, hint('body')) : fc.constant(undefined);
    const kinds = this.mutationsFor(op);
    const mutation = fc.record({ kind: fc.constantFrom(...kinds), pick: fc.nat(), variant: fc.nat() });
    const rate = Math.round(this.mutationRate * 100);
    return fc.record({
      op: fc.constant(op.key),
      params: fc.record(params),
      query: fc.record(query, { requiredKeys: op.queryParams.filter((p) => p.required).map((p) => p.name) }),
      body,
      altBody: body,
      role: fc.oneof(
        { weight: 12, arbitrary: fc.constant('default' as const) },
        { weight: 1, arbitrary: fc.constantFrom<Role>('staff', 'supervisor', 'viewer') },
      ),
      idempotencyKey: op.idempotencyKey ? fc.boolean() : fc.constant(false),
      mutation: fc.oneof({ weight: 100 - rate, arbitrary: fc.constant(null) }, { weight: rate, arbitrary: mutation }),
      choice: fc.nat(),
    });
  }

  /** Plans over every operation (each equally likely unless weighted). */
  planArbitrary(weight: (op: Operation) => number = () => 1): fc.Arbitrary<Plan> {
    return fc.oneof(...this.operations.map((op) => ({ weight: weight(op), arbitrary: this.planFor(op) })));
  }

  private resolveDeep(value: unknown, ctx: ResolveContext): unknown {
    if (value instanceof Deferred) return this.target.resolve(value, ctx);
    if (Array.isArray(value)) return value.map((v) => this.resolveDeep(v, ctx));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolveDeep(v, ctx)]));
    return value;
  }

  private nextKey(): string {
    this.keyCounter += 1;
    return `${this.keyPrefix}-${this.keyCounter}`;
  }

  /** Sends one plan (one or more HTTP requests) and checks every answer. */
  async execute(plan: Plan): Promise<Exchange[]> {
    const op = this.byKey.get(plan.op);
    if (!op) throw new Error(`unknown operation ${plan.op}`);
    this.stats.plans += 1;
    await this.target.beforeEach?.();
    const ctx: ResolveContext = { op, params: {} };
    for (const p of op.pathParams) ctx.params[p.name] = String(this.resolveDeep(plan.params[p.name], ctx));
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(plan.query)) if (v !== undefined) query[k] = String(this.resolveDeep(v, ctx));
    const resolved = this.resolveDeep(plan.body, ctx);
    const body = this.target.adjust && op.body ? this.target.adjust(op, resolved, plan.choice) : resolved;
    const role = plan.role === 'default' ? this.target.defaultRole(op) : plan.role;

    const base: Built = {
      method: op.method,
      params: Object.fromEntries(Object.entries(ctx.params).map(([k, v]) => [k, encodeURIComponent(v)])),
      query: new URLSearchParams(query).toString(),
      headers: { authorization: `Bearer ${this.target.tokens[role]}` },
      body: op.body !== undefined ? JSON.stringify(body) : undefined,
      mustReject: false,
    };
    if (base.body !== undefined) base.headers['content-type'] = JSON_TYPE;
    if (plan.idempotencyKey) base.headers['idempotency-key'] = this.nextKey();

    const m = plan.mutation;
    if (m?.kind === 'idempotencyReuse') {
      const alt = this.resolveDeep(plan.altBody, ctx);
      return this.idempotencyReuse(op, base, body, this.target.adjust && op.body ? this.target.adjust(op, alt, plan.choice) : alt);
    }
    const built = m ? this.mutate(op, base, body, m) : base;
    return [await this.send(op, m ? m.kind : 'valid', built)];
  }

  /** Same key: the same request again must get the stored answer; another body must get 409. */
  private async idempotencyReuse(op: Operation, base: Built, body: unknown, altBody: unknown): Promise<Exchange[]> {
    const headers = { ...base.headers, 'idempotency-key': this.nextKey() };
    const first = await this.send(op, 'idempotencyReuse', { ...base, headers });
    const again = await this.send(op, 'idempotencyReuse', { ...base, headers });
    const out = [first, again];
    if (first.status >= 200 && first.status < 300) {
      if (again.status !== first.status || canonicalJson(again.body) !== canonicalJson(first.body)) {
        this.violate('idempotency', `a replay with the same Idempotency-Key answered ${again.status} instead of the stored ${first.status}`, again);
      }
      if (canonicalJson(body) !== canonicalJson(altBody)) {
        const other = await this.send(op, 'idempotencyReuse', { ...base, headers, body: JSON.stringify(altBody) });
        out.push(other);
        // Refused: 409 IDEMPOTENCY_KEY_REUSED, or the other body's own 4xx (checks that run before
        // the key is looked up). Never accepted, never the stored answer.
        if (other.status < 400 || other.status >= 500) {
          this.violate(
            'idempotency',
            `the same Idempotency-Key with another body answered ${other.status} (expected a refusal: 409 IDEMPOTENCY_KEY_REUSED)`,
            other,
          );
        }
      }
    }
    return out;
  }

  /** Applies one mutation; `mustReject` says whether the result certainly violates the document. */
  mutate(op: Operation, base: Built, body: unknown, m: Mutation): Built {
    const out: Built = { ...base, headers: { ...base.headers }, params: { ...base.params } };
    const choose = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
    const bodySchema = op.body;
    switch (m.kind) {
      case 'replace': {
        if (!bodySchema) return out;
        const sites = sitesOf(this.schemas, bodySchema, body);
        const site = choose(sites, m.pick);
        const candidates = invalidValues(this.schemas, site.schema);
        const mutated = setAt(body, site.path, choose(candidates, m.variant));
        out.body = JSON.stringify(mutated);
        out.mustReject = !conforms(this.schemas, bodySchema, mutated);
        return out;
      }
      case 'drop': {
        if (!bodySchema) return out;
        const required = sitesOf(this.schemas, bodySchema, body).flatMap((s) =>
          isObject(getAt(body, s.path)) ? (s.schema.required ?? []).map((k) => [...s.path, k]) : [],
        );
        const mutated = required.length > 0 ? setAt(body, choose(required, m.pick), REMOVE) : [];
        out.body = JSON.stringify(mutated);
        out.mustReject = !conforms(this.schemas, bodySchema, mutated);
        return out;
      }
      case 'extra': {
        if (!bodySchema) return out;
        const closed = sitesOf(this.schemas, bodySchema, body).filter(
          (s) => s.present && s.schema.additionalProperties === false && isObject(getAt(body, s.path)),
        );
        if (closed.length === 0) return out;
        const site = choose(closed, m.pick);
        const key = choose(['__fuzz', 'id', 'status', 'constructor', '__proto__', 'version', ''], m.variant);
        // JSON.stringify drops an own `__proto__` set by assignment: write it into the text instead.
        const withExtra = setAt(body, [...site.path, '\u0001extra'], choose([1, 'x', null, {}], m.variant));
        out.body = JSON.stringify(withExtra).replace('"\\u0001extra"', JSON.stringify(key));
        out.mustReject = !(site.schema.properties && key in site.schema.properties);
        return out;
      }
      case 'rootType':
        out.body = JSON.stringify(choose([[], [body], 42, 'text', null, true, -0.5], m.variant));
        out.mustReject = true;
        return out;
      case 'malformedJson': {
        const text = base.body ?? '{}';
        out.body = choose([...MALFORMED_JSON, text.slice(0, Math.max(1, text.length - 1)), `${text},`], m.variant);
        out.mustReject = true;
        return out;
      }
      case 'contentType': {
        const type = choose(CONTENT_TYPES, m.variant);
        if (type === '') delete out.headers['content-type'];
        else out.headers['content-type'] = type;
        if (type === 'application/x-www-form-urlencoded') out.body = 'a=1&b=2';
        return out; // an empty body may be valid for some operations: only "no 5xx" applies
      }
      case 'charset':
        out.headers['content-type'] = `${JSON_TYPE}; charset=${choose(CHARSETS, m.variant)}`;
        return out;
      case 'contentEncoding':
        out.headers['content-encoding'] = choose(CONTENT_ENCODINGS, m.variant);
        return out;
      case 'oversized': {
        const padding = 'x'.repeat(this.oversizedBytes);
        out.body = JSON.stringify(isObject(body) ? { ...body, padding } : { padding });
        out.mustReject = true;
        return out;
      }
      case 'pathParam': {
        const p = choose(op.pathParams, m.pick);
        const raw = choose(BAD_PATH_VALUES, m.variant);
        // Percent-sequences stay as written (malformed encodings are the point); the rest is encoded.
        const value = raw.includes('%') ? raw : encodeURIComponent(raw);
        out.params[p.name] = value;
        let decoded: string | null;
        try {
          decoded = decodeURIComponent(value);
        } catch {
          decoded = null;
        }
        // An emptied segment can turn the URL into another operation's (`/things/` is `/things`).
        const concrete = op.path.replace(/\{(\w+)\}/g, (_all, name: string) => out.params[name] ?? '');
        out.mustReject = (decoded === null || decoded === '' || !this.paramConforms(p.schema, decoded)) && !this.routesTo(op.method, concrete);
        return out;
      }
      case 'queryParam': {
        const p = choose(op.queryParams, m.pick);
        const candidates = invalidValues(this.schemas, p.schema)
          .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
          .map(String)
          .filter((v) => v !== '' && !this.paramConforms(p.schema, v));
        const q = new URLSearchParams(base.query);
        q.set(p.name, choose([...candidates, 'abc'], m.variant));
        out.query = q.toString();
        out.mustReject = !this.paramConforms(p.schema, q.get(p.name) as string);
        return out;
      }
      case 'unknownQuery':
        out.query = [base.query, choose(UNKNOWN_QUERY, m.variant)].filter(Boolean).join('&');
        out.mustReject = op.queryParams.length > 0; // the API's query schemas are strict
        return out;
      case 'repeatedQuery': {
        const p = choose(op.queryParams, m.pick);
        out.query = [base.query, `${p.name}=a`, `${p.name}=b`].filter(Boolean).join('&');
        out.mustReject = true; // a parameter given twice is an array, and no parameter is an array
        return out;
      }
      case 'wrongMethod':
        out.method = choose(op.method === 'GET' ? ['DELETE', 'PATCH', 'PUT'] : ['DELETE', 'PATCH', op.method === 'PUT' ? 'POST' : 'PUT'], m.variant);
        out.mustReject = !this.operations.some((o) => o.method === out.method && o.path === op.path);
        return out;
      case 'noAuth':
        delete out.headers.authorization;
        out.mustReject = true;
        return out;
      case 'badAuth':
        out.headers.authorization = choose(BAD_AUTH, m.variant);
        out.mustReject = true;
        return out;
      case 'viewer':
        out.headers.authorization = `Bearer ${this.target.tokens.viewer}`;
        out.mustReject = true;
        return out;
      case 'badIdempotencyKey':
        out.headers['idempotency-key'] = choose([' ', 'k'.repeat(201), '\t'], m.variant);
        out.mustReject = true;
        return out;
      case 'idempotencyReuse':
        return out;
    }
  }

  /** True when a concrete path (trailing slash ignored, as routers do) is some documented operation's. */
  private routesTo(method: string, path: string): boolean {
    const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
    return this.operations.some(
      (o) => o.method === method && new RegExp(`^${o.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`).test(trimmed),
    );
  }

  /** A path or query value (always a string on the wire) against its schema, as the API reads it. */
  private paramConforms(schema: JsonSchema, raw: string): boolean {
    const types = typesOf(this.schemas.deref(schema)) ?? ['string'];
    if (types.includes('integer') || types.includes('number')) {
      if (!/^-?\d+(\.\d+)?$/.test(raw.trim())) return false;
      return conforms(this.schemas, schema, Number(raw));
    }
    return conforms(this.schemas, schema, raw);
  }

  private async send(op: Operation, mode: string, b: Built): Promise<Exchange> {
    const path = op.path.replace(/\{(\w+)\}/g, (_all, name: string) => b.params[name] ?? '') + (b.query ? `?${b.query}` : '');
    const request: SentRequest = { method: b.method, path, headers: b.headers, ...(b.body !== undefined && b.method !== 'GET' ? { body: b.body } : {}) };
    const started = Date.now();
    const ex: Exchange = { op: op.key, mode, request, status: 0, contentType: '', body: undefined, ms: 0, mustReject: b.mustReject };
    try {
      const res = await fetch(`${this.target.baseUrl}${path}`, {
        method: b.method,
        headers: b.headers,
        body: request.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      ex.status = res.status;
      ex.contentType = res.headers.get('content-type') ?? '';
      try {
        ex.body = text ? JSON.parse(text) : undefined;
      } catch {
        ex.body = text.slice(0, 500);
      }
    } catch (err) {
      ex.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    ex.ms = Date.now() - started;
    this.stats.record(op, ex);
    this.check(ex);
    this.target.observe?.(ex);
    return ex;
  }

  private violate(kind: ViolationKind, message: string, exchange?: Exchange): void {
    this.violations.push({ kind, message, ...(exchange ? { exchange } : {}) });
  }

  private check(ex: Exchange): void {
    if (ex.status === 0) {
      this.violate('hung', `no answer within ${this.timeoutMs} ms (${ex.error ?? 'connection failed'})`, ex);
      return;
    }
    if (ex.status >= 500) this.violate('5xx', `${ex.status} ${(ex.body as { code?: string } | undefined)?.code ?? ''}`.trim(), ex);
    if (ex.status >= 400) {
      const body = ex.body as { code?: unknown; status?: unknown } | undefined;
      if (!/^application\/problem\+json/.test(ex.contentType) || typeof body?.code !== 'string' || body.code === '' || body.status !== ex.status) {
        this.violate('problem-format', `error ${ex.status} is not problem+json with a code (content-type '${ex.contentType}')`, ex);
      }
    } else if (ex.mustReject) {
      this.violate('accepted-invalid', `a schema-invalid request (${ex.mode}) was accepted with ${ex.status}`, ex);
    }
  }

  /** Records a violation found outside the checks above (a target's invariant, a stuck workflow). */
  report(kind: ViolationKind, message: string, exchange?: Exchange): void {
    this.violate(kind, message, exchange);
  }

  /** Runs `runs` plans with fast-check (`seed` makes the sequence of choices reproducible). */
  async run(opts: { seed: number; runs: number; weight?: (op: Operation) => number; onProgress?: (done: number) => void }): Promise<void> {
    let done = 0;
    await fc.assert(
      fc.asyncProperty(this.planArbitrary(opts.weight), async (plan) => {
        await this.execute(plan);
        done += 1;
        opts.onProgress?.(done);
      }),
      { seed: opts.seed, numRuns: opts.runs, endOnFailure: true },
    );
  }
}

/** A request being built: path parameters (already URI-encoded), query string, headers, raw body. */
export interface Built {
  method: string;
  params: Record<string, string>;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
  mustReject: boolean;
}

// ---- reporting ------------------------------------------------------------------------------------

const shellQuote = (s: string): string => `'${s.replace(/'/g, "'\\''")}'`;

/** A curl command line reproducing one request. */
function curlOf(baseUrl: string, r: SentRequest): string {
  const parts = ['curl', '-i', '-X', r.method, shellQuote(`${baseUrl}${r.path}`)];
  for (const [k, v] of Object.entries(r.headers)) parts.push('-H', shellQuote(`${k}: ${v}`));
  if (r.body !== undefined) parts.push('--data-raw', shellQuote(r.body.length > 2000 ? `${r.body.slice(0, 2000)}…(${r.body.length} chars)` : r.body));
  return parts.join(' ');
}

function formatViolation(v: Violation, baseUrl = 'http://127.0.0.1:3000'): string {
  if (!v.exchange) return `[${v.kind}] ${v.message}`;
  const ex = v.exchange;
  const body = ex.request.body === undefined ? '' : `\n    body: ${ex.request.body.length > 600 ? `${ex.request.body.slice(0, 600)}…` : ex.request.body}`;
  return `[${v.kind}] ${v.message}\n    ${ex.op} (${ex.mode}): ${ex.request.method} ${ex.request.path}${body}\n    answer: ${ex.status} ${JSON.stringify(ex.body)?.slice(0, 400)}\n    ${curlOf(baseUrl, ex.request)}`;
}

/** A plain-text summary: requests per operation, status histogram, violations with reproductions. */
export function formatSummary(fuzzer: OpenApiFuzzer, extra: { seed: number; runs: number; seconds: number; baseUrl?: string }): string {
  const { stats } = fuzzer;
  const lines: string[] = [];
  lines.push(
    `seed ${extra.seed} · ${extra.runs} plans · ${stats.requests} requests · ${extra.seconds.toFixed(1)} s (${(stats.requests / extra.seconds).toFixed(1)} req/s)`,
  );
  lines.push('', 'status histogram:');
  for (const [status, n] of [...stats.statuses].sort((a, b) => a[0] - b[0])) lines.push(`  ${status === 0 ? 'hung' : status}  ${n}`);
  lines.push('', 'requests per operation (status:count):');
  const width = Math.max(...fuzzer.operations.map((o) => o.key.length));
  for (const op of fuzzer.operations) {
    const perOp = stats.perOp.get(op.key) ?? new Map<number, number>();
    const total = [...perOp.values()].reduce((a, b) => a + b, 0);
    const hist = [...perOp]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}:${n}`)
      .join(' ');
    lines.push(`  ${op.key.padEnd(width)}  ${String(total).padStart(5)}  ${hist}`);
  }
  lines.push('', 'most frequent error codes per operation:');
  for (const op of fuzzer.operations) {
    const codes = [...(stats.codes.get(op.key) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]).slice(0, 5);
    if (codes.length > 0) lines.push(`  ${op.key.padEnd(width)}  ${codes.map(([c, n]) => `${c}:${n}`).join(' ')}`);
  }
  lines.push('', 'requests per mode:');
  lines.push(
    `  ${[...stats.modes]
      .sort((a, b) => b[1] - a[1])
      .map(([m, n]) => `${m}:${n}`)
      .join(' ')}`,
  );
  lines.push(`  schema-valid requests refused as VALIDATION_FAILED (rules the document cannot express): ${stats.validRejectedAsInvalid}`);
  for (const [field, n] of [...stats.validRejectedFields].sort((a, b) => b[1] - a[1]).slice(0, 8)) lines.push(`    ${n} × ${field}`);
  if (stats.undocumented.size > 0) {
    lines.push('', 'statuses the document does not list for the operation:');
    for (const [op, set] of stats.undocumented) lines.push(`  ${op}: ${[...set].sort().join(', ')}`);
  }
  const byKind = new Map<string, number>();
  for (const v of fuzzer.violations) byKind.set(v.kind, (byKind.get(v.kind) ?? 0) + 1);
  lines.push('', `violations: ${fuzzer.violations.length}${byKind.size ? ` (${[...byKind].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`);
  for (const v of fuzzer.violations.slice(0, 50)) lines.push(`  ${formatViolation(v, extra.baseUrl).replace(/\n/g, '\n  ')}`);
  if (fuzzer.violations.length > 50) lines.push(`  … and ${fuzzer.violations.length - 50} more`);
  return lines.join('\n');
}
