/**
 * The fuzzer itself, on a toy API (no Temporal, no database): its generators honour the schemas, and
 * it finds planted bugs (a 500, an accepted invalid body, an error that is not problem+json, a hang)
 * while reporting nothing against a correct implementation of the same document; and the WIOA target's
 * invariants on hand-made answers.
 */
import express, { type ErrorRequestHandler } from 'express';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { z } from 'zod';
import { type JsonSchema, Schemas, conforms, invalidValues, validArbitrary } from './json-schema';
import { type Exchange, type FuzzTarget, type OpenApiDocument, OpenApiFuzzer } from './openapi-fuzzer';
import { checkInvariants } from './wioa-target';

const THING: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 10 },
    count: { type: 'integer', minimum: 0, maximum: 5 },
    kind: { type: 'string', enum: ['a', 'b'] },
    when: { type: 'string', format: 'date' },
    tags: { type: 'array', items: { type: 'string', pattern: '^\\d{2}$' }, maxItems: 3 },
    extra: {
      type: ['object', 'null'],
      properties: { ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1 } },
      required: ['ratio'],
      additionalProperties: false,
    },
  },
  required: ['name', 'count', 'kind'],
  additionalProperties: false,
};

const DOC: OpenApiDocument = {
  openapi: '3.1.0',
  components: { schemas: { Thing: THING } },
  paths: {
    '/things': {
      post: {
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
        responses: { '201': {}, '400': {}, '401': {}, '403': {} },
      },
    },
    '/things/{id}': {
      get: {
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 8 } },
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10 } },
        ],
        responses: { '200': {}, '400': {}, '401': {} },
      },
    },
  },
};

const schemas = new Schemas(DOC);

describe('JSON schema subset', () => {
  it('every generated value conforms; every "invalid" value does not', () => {
    fc.assert(
      fc.property(validArbitrary(schemas, THING), (v) => conforms(schemas, THING, v)),
      { numRuns: 200 },
    );
    for (const s of [THING, ...Object.values(THING.properties ?? {})]) {
      for (const bad of invalidValues(schemas, s)) expect(conforms(schemas, s, bad)).toBe(false);
    }
  });

  it('knows real calendar dates', () => {
    const date: JsonSchema = { type: 'string', format: 'date' };
    expect(['2024-02-29', '1000-01-01', '9999-12-31'].map((d) => conforms(schemas, date, d))).toEqual([true, true, true]);
    expect(['2024-02-30', '2023-02-29', '2024-13-01', '2024-1-5', '2024-01-10T00:00:00Z'].some((d) => conforms(schemas, date, d))).toBe(false);
  });
});

const zThing = z
  .object({
    name: z.string().min(1).max(10),
    count: z.number().int().min(0).max(5),
    kind: z.enum(['a', 'b']),
    when: z.iso.date().optional(),
    tags: z
      .array(z.string().regex(/^\d{2}$/u))
      .max(3)
      .optional(),
    extra: z
      .object({ ratio: z.number().gt(0).max(1) })
      .strict()
      .nullable()
      .optional(),
  })
  .strict();

/** The toy API; `bugs` plants the faults the fuzzer must find. */
function toyApp(bugs: boolean) {
  const app = express();
  const problem = (status: number, code: string) => ({ type: 'about:blank', title: code, status, detail: code, code });
  const send = (res: express.Response, status: number, code: string) =>
    res
      .status(status)
      .type('application/problem+json')
      .send(JSON.stringify(problem(status, code)));
  app.use(express.json({ limit: '64kb' }));
  app.use((req, res, next) => {
    const role = { 'Bearer t-staff': 'staff', 'Bearer t-viewer': 'viewer' }[req.get('authorization') ?? ''];
    if (!role) return send(res, 401, 'UNAUTHENTICATED');
    if (role === 'viewer' && req.method !== 'GET') return send(res, 403, 'FORBIDDEN');
    next();
  });
  app.post('/things', (req, res) => {
    if (bugs) {
      const body = req.body as { name?: unknown; count?: unknown; kind?: unknown };
      if (typeof body?.name !== 'string') return send(res, 400, 'VALIDATION_FAILED'); // only checks the name
      if (body.count === 5) throw new Error('off by one'); // → 500
      if (body.kind === 'b') return res.status(400).type('text/plain').send('bad kind'); // not problem+json
      return res.status(201).json({ ok: true });
    }
    const parsed = zThing.safeParse(req.body);
    if (!parsed.success) return send(res, 400, 'VALIDATION_FAILED');
    return res.status(201).json(parsed.data);
  });
  app.get('/things/:id', async (req, res) => {
    const q = z
      .object({ limit: z.coerce.number().int().min(1).max(10).optional() })
      .strict()
      .safeParse(req.query);
    if (!q.success || req.params.id.length > 8) return send(res, 400, 'VALIDATION_FAILED');
    if (bugs && req.params.id === 'nope') await new Promise((r) => setTimeout(r, 2500)); // hangs
    return res.status(200).json({ id: req.params.id });
  });
  app.use((_req, res) => send(res, 404, 'ROUTE_NOT_FOUND'));
  const errors: ErrorRequestHandler = (err: { status?: number }, _req, res, _next) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    send(res, status, status === 500 ? 'INTERNAL' : 'BAD_REQUEST');
  };
  app.use(errors);
  return app;
}

async function fuzzToy(bugs: boolean, runs: number) {
  const server: Server = await new Promise((resolve) => {
    const s = toyApp(bugs).listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const target: FuzzTarget = {
    baseUrl: `http://127.0.0.1:${port}`,
    tokens: { staff: 't-staff', supervisor: 't-staff', viewer: 't-viewer' },
    defaultRole: () => 'staff',
    hint: (_op, where, path) => (where === 'path' && path[0] === 'id' ? fc.constantFrom('a1', 'b2', 'c3', 'd4', 'nope') : undefined),
    resolve: () => {
      throw new Error('no deferred values in the toy');
    },
  };
  const fuzzer = new OpenApiFuzzer(DOC, target, { requestTimeoutMs: bugs ? 500 : 10_000, oversizedBytes: 70_000 });
  try {
    await fuzzer.run({ seed: 7, runs });
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
  return fuzzer;
}

describe('the fuzzer on a toy API', () => {
  it('finds planted bugs: a 500, an accepted invalid body, an error that is not problem+json, a hang', async () => {
    const fuzzer = await fuzzToy(true, 300);
    const kinds = new Set(fuzzer.violations.map((v) => v.kind));
    expect([...kinds].sort()).toEqual(['5xx', 'accepted-invalid', 'hung', 'problem-format']);
    const fiveHundred = fuzzer.violations.find((v) => v.kind === '5xx');
    expect(JSON.parse(fiveHundred?.exchange?.request.body ?? '{}')).toMatchObject({ count: 5 });
  }, 60_000);

  it('reports nothing against a correct implementation of the same document', async () => {
    const fuzzer = await fuzzToy(false, 300);
    expect(fuzzer.violations).toEqual([]);
    expect(fuzzer.stats.perOp.get('POST /things')?.get(201) ?? 0).toBeGreaterThan(20);
    expect(fuzzer.stats.requests).toBeGreaterThanOrEqual(300);
  }, 60_000);
});

describe("the WIOA target's invariants (test/fuzz/wioa-target.ts)", () => {
  const exchange = (op: string, status: number, body: unknown): Exchange => ({
    op,
    mode: 'valid',
    request: { method: 'POST', path: '/x', headers: {} },
    status,
    contentType: 'application/json',
    body,
    ms: 1,
    mustReject: false,
  });
  const activity = {
    id: 'a1',
    status: 'closed',
    actualBeginDate: '2024-01-03',
    actualEndDate: '2024-01-09',
    projectedEndDate: '2024-02-01',
    code: '101',
    enteredOn: '2024-01-10',
    late: false,
    entries: { begin: { enteredOn: '2024-01-03', late: false }, close: { enteredOn: '2024-01-10', late: false } },
  };
  const view = {
    id: 'app-1',
    status: 'participating',
    participationDate: '2024-01-03',
    exitClock: {},
    activities: [activity],
    credentials: [],
    skillGains: [],
    followUps: [],
    changeRequests: [] as unknown[],
  };
  const request = {
    id: 'cr-1',
    status: 'approved',
    target: { kind: 'activity', activityId: 'a1' },
    changes: { actualEndDate: '2024-01-08' },
    requestedBy: 'S-1',
    decidedBy: 'S-2',
  };
  const approve = 'POST /api/v1/applications/{id}/change-requests/{requestId}/approve';

  it('hold on consistent answers', () => {
    const applied = { ...view, activities: [{ ...activity, actualEndDate: '2024-01-08' }], changeRequests: [request] };
    expect(checkInvariants(exchange(approve, 200, { changeRequest: request, application: applied }))).toEqual([]);
    const report = {
      items: [
        {
          staffId: 'S-1',
          entries: 3,
          lateEntries: 1,
          onTimeRate: 0.6667,
          byKind: { activity: { entries: 2, lateEntries: 1 }, case_note: { entries: 1, lateEntries: 0 } },
        },
      ],
      total: { entries: 3, lateEntries: 1, onTimeRate: 0.6667 },
    };
    expect(checkInvariants(exchange('GET /api/v1/reports/timeliness', 200, report))).toEqual([]);
    expect(checkInvariants(exchange(approve, 422, { code: 'SELF_APPROVAL' }))).toEqual([]);
  });

  it('flag an approved change missing from the view, self-approval, a pending request after an exit, an entry without enteredOn/late, a report that does not add up', () => {
    const notApplied = { ...view, changeRequests: [request] };
    expect(checkInvariants(exchange(approve, 200, { changeRequest: { ...request, decidedBy: 'S-1' }, application: notApplied }))).toEqual([
      'change request cr-1: requested by S-1, decided by S-1 (R-DCR-2: another supervisor)',
      'change request cr-1 approved: activity actualEndDate is "2024-01-09" in the view, not "2024-01-08"',
    ]);
    const exited = { ...view, status: 'exited', changeRequests: [{ id: 'cr-2', status: 'pending' }], credentials: [{ id: 'c1' }] };
    expect(checkInvariants(exchange('GET /api/v1/applications/{id}', 200, exited))).toEqual([
      'application app-1 (exited): change request(s) cr-2 still pending after the exit (R-DCR-3)',
      'application app-1 (exited): credential c1 has no enteredOn/late (R-TIMELY-1)',
    ]);
    const report = {
      items: [{ staffId: 'S-1', entries: 3, lateEntries: 1, onTimeRate: 0.5, byKind: { activity: { entries: 2, lateEntries: 1 } } }],
      total: { entries: 4, lateEntries: 1, onTimeRate: 0.75 },
    };
    expect(checkInvariants(exchange('GET /api/v1/reports/timeliness', 200, report))).toEqual([
      'timeliness report: staff S-1 has 3 entries, 1 late, rate 0.5',
      'timeliness report: staff S-1: its kinds do not add up to its counts',
      'timeliness report: the total is not the sum of the staff lines',
    ]);
  });
});
