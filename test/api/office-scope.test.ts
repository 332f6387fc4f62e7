/**
 * §11 R-AUTH-2 for every route of the OpenAPI document (`/openapi.json`), whatever it holds when the
 * test runs: a caller whose offices do not include a case's office
 *   - gets, for every route naming the case (or a group of that office, or a notification about it),
 *     exactly what an id that does not exist gets (status, code, shape);
 *   - sees every list and report exactly as it was before the case existed;
 *   - cannot create in that office (403 OFFICE_OUT_OF_SCOPE).
 * A route the walker cannot classify fails the test: a new route cannot forget the scope.
 */
import { randomUUID } from 'node:crypto';
import { ok, problem, sandboxApiCase } from '../helpers/api-case';
import { waitFor } from '../helpers/wait';
import { ASSESSMENT_SECTIONS } from '../../src/domain/assessment';

const A = 'A-1';
const sandbox = sandboxApiCase('2024-02-20T18:00:00Z', {
  name: 'api_office_scope',
  env: {
    API_TOKENS: [
      `sup-a:S-SUP-A:supervisor:${A}`,
      `dev-staff:S-CM-1:staff:${A}`,
      'sup-b:S-SUP-B:supervisor:B-1|B-2',
      'dev-supervisor:S-SUP-ALL:supervisor',
    ].join(','),
    RATE_LIMIT_PER_MINUTE: '0',
  },
});
const { api } = sandbox;
const IN = { token: 'sup-a' };
const OUT = { token: 'sup-b' };

type Json = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  op: Json;
}

let doc: Json;
let operations: Operation[];

/** What the in-scope case consists of (filled by the set-up test). */
const ids: Record<string, string> = {};

// ---- minimal valid values from the document's schemas ------------------------------------------------
function deref(s: Json): Json {
  let out = s;
  for (let i = 0; out?.$ref && i < 32; i++) out = doc.components.schemas[out.$ref.replace('#/components/schemas/', '')];
  return out ?? {};
}

const NAMED: Record<string, unknown> = {
  from: '2024-01-01',
  to: '2024-12-31',
  period: 'PY2023',
  date: '2024-02-19',
  office: A,
  staffId: 'S-CM-1',
  caseManagerId: 'S-CM-1',
  leadStaffId: 'S-CM-1',
  memberStaffIds: ['S-CM-1'],
  participantId: '00000000-0000-4000-8000-000000000001',
  time: '10:00',
  code: '101',
  programs: ['ADULT'],
  program: 'ADULT',
};

function example(schema: Json, name = ''): unknown {
  const s = deref(schema);
  if (name in NAMED) return NAMED[name];
  if (s.example !== undefined) return s.example;
  if (s.enum) return s.enum[0];
  if (s.const !== undefined) return s.const;
  for (const k of ['anyOf', 'oneOf']) if (Array.isArray(s[k])) return example(s[k].find((x: Json) => deref(x).type !== 'null') ?? s[k][0], name);
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((x: Json) => example(x, name)));
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Json = {};
      for (const key of s.required ?? []) out[key] = example(s.properties?.[key] ?? {}, key);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => example(s.items ?? {}, name));
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      if (s.format === 'date') return '2024-02-19';
      if (s.format === 'date-time') return '2024-02-19T10:00:00Z';
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000002';
      return 'x'.repeat(Math.max(1, s.minLength ?? 1));
  }
}

/** Bodies the minimal generator cannot get right (refinements the JSON schema does not state). */
const BODIES: Record<string, unknown> = {
  'POST /api/v1/applications/{id}/activities': { code: '101', program: 'ADULT', actualBeginDate: '2024-02-19', projectedEndDate: '2024-03-31', caseNote: 'x' },
  'POST /api/v1/applications/{id}/change-requests': { target: { kind: 'participation' }, changes: { participationDate: '2024-02-02' }, reason: 'Typo' },
};

function bodyOf(o: Operation): unknown {
  const key = `${o.method.toUpperCase()} ${o.path}`;
  if (key in BODIES) return BODIES[key];
  const content = o.op.requestBody?.content?.['application/json'];
  return content ? example(content.schema) : undefined;
}

function queryOf(o: Operation): string {
  const q = (o.op.parameters ?? [])
    .filter((p: Json) => p.in === 'query' && p.required)
    .map((p: Json) => `${p.name}=${encodeURIComponent(String(example(p.schema ?? {}, p.name)))}`);
  return q.length > 0 ? `?${q.join('&')}` : '';
}

/** The case's own value for each path parameter. */
function paramValue(name: string, schema: Json): string {
  if (name in ids) return ids[name]!;
  if (name === 'quarter') return '1';
  const s = deref(schema);
  if (s.enum) return String(s.enum[0]);
  return `some-${name}`;
}

const pathOf = (o: Operation, override: Record<string, string> = {}): string =>
  o.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(override[name] ?? paramValue(name, (o.op.parameters ?? []).find((p: Json) => p.name === name)?.schema ?? {})),
  );

/** Instants and request ids change between two calls; what a response says otherwise must not. */
function normalized(body: unknown, replace: Record<string, string> = {}): unknown {
  let text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
  for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
  return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<instant>');
}

async function call(o: Operation, path: string, who: { token: string }) {
  return api().call(o.method.toUpperCase(), `${path}${queryOf(o)}`, bodyOf(o), who);
}

/** GET routes without path parameters: lists, reports, "me" routes. */
const lists = () => operations.filter((o) => o.method === 'get' && !o.path.includes('{'));
const before = new Map<string, { status: number; body: unknown }>();

/** Routes without path parameters that change something: what an out-of-scope caller gets, or why none applies. */
const UNSCOPED_COMMANDS: Record<string, string> = {
  'POST /api/v1/participants': 'participants belong to no office (their applications do)',
  'PUT /api/v1/me/alert-subscriptions': "the caller's own subscriptions",
  'POST /api/v1/sandbox/clock/advance': 'the sandbox clock (sandbox mode only)',
  'POST /api/v1/wage-records': "a wage file is the state's: its rows belong to participants, who belong to no office",
  'POST /api/v1/wage-records/coverage': "the agency's calendar quarters, not a case's",
};

beforeAll(async () => {
  doc = await ok(api().get('/openapi.json'));
  operations = Object.entries<Json>(doc.paths).flatMap(([path, ops]) => Object.entries<Json>(ops).map(([method, op]) => ({ method, path, op })));
});

describe("R-AUTH-2 every route of the OpenAPI document, for a caller outside the case's office", () => {
  it('R-AUTH-2 (before) every list and report, as the out-of-scope caller sees it with no case yet', async () => {
    expect(lists().length).toBeGreaterThan(8);
    for (const o of lists()) {
      const res = await call(o, pathOf(o), OUT);
      expect({ route: o.path, status: res.status }).toEqual({ route: o.path, status: 200 });
      before.set(o.path, { status: res.status, body: normalized(res.body) });
    }
  });

  it('set-up: a case of office A-1 with an assessment, a plan, a change request, a group and a notification', async () => {
    const p = await ok(api().post('/api/v1/participants', { firstName: 'Scoped', lastName: 'Case', birthDate: '1985-03-03' }, IN), 201);
    const app = await ok(
      api().post('/api/v1/applications', { participantId: p.id, programs: ['ADULT'], eligibilityDate: '2024-01-20', office: A, caseManagerId: 'S-CM-1' }, IN),
      201,
    );
    ids.id = app.id;
    const base = `/api/v1/applications/${app.id}`;
    const part = await ok(
      api().post(
        `${base}/participation`,
        { participationDate: '2024-02-01', activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-03-31', caseNote: 'Orientation.' } },
        IN,
      ),
    );
    ids.activityId = part.activity.id;
    for (const section of ASSESSMENT_SECTIONS)
      await ok(api().put(`${base}/assessment/sections/${section}`, { status: 'complete', summary: `OAS ${section}` }, IN));
    await ok(
      api().post(
        `${base}/activities`,
        { code: '205', program: 'ADULT', actualBeginDate: '2024-02-15', projectedEndDate: '2024-03-31', caseNote: 'IEP development.' },
        IN,
      ),
      201,
    );
    const plan = await ok(api().post(`${base}/plans`, { startDate: '2024-02-15', office: A }, IN), 201);
    ids.planId = plan.plan.id;
    const goal = await ok(
      api().post(
        `${base}/plans/${ids.planId}/goals`,
        {
          type: 'employment',
          term: 'long_term',
          description: 'Welder',
          program: 'ADULT',
          dateEstablished: '2024-02-16',
          estimatedCompletionDate: '2024-08-01',
        },
        IN,
      ),
      201,
    );
    ids.goalId = goal.goal.id;
    const objective = await ok(
      api().post(
        `${base}/plans/${ids.planId}/goals/${ids.goalId}/objectives`,
        { description: 'Course', dateEstablished: '2024-02-16', reviewDate: '2024-04-01', program: 'ADULT' },
        IN,
      ),
      201,
    );
    ids.objectiveId = objective.objective.id;
    const change = await ok(
      api().post(
        `${base}/change-requests`,
        { target: { kind: 'participation' }, changes: { participationDate: '2024-02-02' }, reason: 'Typo' },
        { token: 'dev-staff' },
      ),
      201,
    );
    ids.requestId = change.changeRequest.id;
    await ok(api().post(`${base}/case-notes`, { contactDate: '2024-02-19', subject: 'Call', body: 'Talked.' }, IN), 201);
    // An open service past its projected end: an alert of the case.
    await ok(
      api().post(
        `${base}/activities`,
        { code: '101', program: 'ADULT', actualBeginDate: '2024-02-10', projectedEndDate: '2024-02-15', caseNote: 'Overdue.' },
        IN,
      ),
      201,
    );
    const group = await ok(
      api().post('/api/v1/case-management-groups', { name: 'A Team', office: A, programs: ['ADULT'], leadStaffId: 'S-CM-1', memberStaffIds: ['S-CM-1'] }, IN),
      201,
    );
    ids.groupId = group.group.id;
    await ok(api().get(`${base}/history`, IN));
    // A notification of the out-of-scope caller about the case (say, from before their offices changed).
    const n = await sandbox.stack.db.notification.create({
      data: { staffId: 'S-SUP-B', applicationId: app.id, type: 'case_note_due', subjectKey: '', day: new Date('2024-02-20T00:00:00Z') },
    });
    ids.notificationId = n.id;
    await waitFor(
      async () =>
        (await ok(api().get('/api/v1/applications', IN))).total === 1 &&
        (await ok(api().get('/api/v1/reports/timeliness?from=2024-01-01&to=2024-12-31', IN))).items.length > 0 &&
        (await ok(api().get('/api/v1/alerts?status=open', IN))).total > 0,
      15_000,
      'the case projected, with an open alert',
    );
  });

  it('R-AUTH-2 (after) every list and report is unchanged for the out-of-scope caller; the in-scope caller sees the case', async () => {
    for (const o of lists()) {
      const res = await call(o, pathOf(o), OUT);
      expect({ route: o.path, status: res.status, body: normalized(res.body) }).toEqual({ route: o.path, ...before.get(o.path) });
    }
    // The same lists do show the case to a caller of its office (so the equality above means something).
    const seenIn = async (path: string) => normalized((await api().get(path, IN)).body) !== normalized((await api().get(path, OUT)).body);
    for (const path of [
      '/api/v1/applications',
      '/api/v1/alerts?status=open',
      '/api/v1/case-management-groups',
      '/api/v1/reports/timeliness?from=2024-01-01&to=2024-12-31',
      '/api/v1/reports/access-log',
    ]) {
      expect({ path, differs: await seenIn(path) }).toEqual({ path, differs: true });
    }
    // Asking for the other office by name changes nothing either.
    expect((await ok(api().get(`/api/v1/applications?office=${A}`, OUT))).total).toBe(0);
    expect((await ok(api().get(`/api/v1/case-management-groups?office=${A}`, OUT))).total).toBe(0);
  });

  it('R-AUTH-2 every route that names the case (or its group, or a notification about it) answers exactly as for an id that does not exist', async () => {
    const named = operations.filter((o) => o.path.includes('{'));
    expect(named.length).toBeGreaterThan(30);
    const checked: string[] = [];
    for (const o of named) {
      const key = `${o.method.toUpperCase()} ${o.path}`;
      const firstParam = /\{(\w+)\}/.exec(o.path)![1]!;
      const resource = o.path.startsWith('/api/v1/applications/{id}')
        ? 'id'
        : o.path.startsWith('/api/v1/case-management-groups/')
          ? 'groupId'
          : o.path.startsWith('/api/v1/me/notifications/')
            ? 'notificationId'
            : undefined;
      expect({ route: key, classified: resource !== undefined }).toEqual({ route: key, classified: true });
      const own = ids[resource!]!;
      const fake = randomUUID();
      const real = await call(o, pathOf(o, { [firstParam]: own }), OUT);
      const missing = await call(o, pathOf(o, { [firstParam]: fake }), OUT);
      // The walker reached the existence check (a valid request about an unknown id is a 404) …
      expect({ route: key, status: missing.status }).toEqual({ route: key, status: 404 });
      // … and the case outside the caller's offices is indistinguishable from it.
      expect({ route: key, status: real.status, body: normalized(real.body, { [own]: '<id>' }) }).toEqual({
        route: key,
        status: missing.status,
        body: normalized(missing.body, { [fake]: '<id>' }),
      });
      checked.push(key);
    }
    expect(checked.length).toBe(named.length);
  });

  it("R-AUTH-2 the in-scope caller reads every route that names the case (the walker's ids are real)", async () => {
    for (const o of operations.filter((x) => x.method === 'get' && x.path.startsWith('/api/v1/applications/{id}'))) {
      const res = await call(o, pathOf(o), IN);
      expect({ route: o.path, status: res.status }).toEqual({ route: o.path, status: 200 });
    }
    expect((await api().get(`/api/v1/case-management-groups/${ids.groupId}`, IN)).status).toBe(200);
  });

  it('R-AUTH-2 routes that change something without naming a case: creating in another office is 403 OFFICE_OUT_OF_SCOPE', async () => {
    const commands = operations.filter((o) => o.method !== 'get' && !o.path.includes('{'));
    const expected: Record<string, () => Promise<void>> = {
      'POST /api/v1/applications': async () => {
        await problem(
          api().post('/api/v1/applications', { participantId: randomUUID(), programs: ['ADULT'], eligibilityDate: '2024-01-20', office: A }, OUT),
          403,
          'OFFICE_OUT_OF_SCOPE',
        );
      },
      'POST /api/v1/case-management-groups': async () => {
        await problem(
          api().post(
            '/api/v1/case-management-groups',
            { name: 'Intruders', office: A, programs: ['ADULT'], leadStaffId: 'S-SUP-B', memberStaffIds: ['S-SUP-B'] },
            OUT,
          ),
          403,
          'OFFICE_OUT_OF_SCOPE',
        );
        // Nor move one of their own groups there.
        const own = await ok(
          api().post(
            '/api/v1/case-management-groups',
            { name: 'B Team', office: 'B-1', programs: ['ADULT'], leadStaffId: 'S-SUP-B', memberStaffIds: ['S-SUP-B'] },
            OUT,
          ),
          201,
        );
        await problem(
          api().put(
            `/api/v1/case-management-groups/${own.group.id}`,
            { name: 'B Team', office: A, programs: ['ADULT'], leadStaffId: 'S-SUP-B', memberStaffIds: ['S-SUP-B'] },
            OUT,
          ),
          403,
          'OFFICE_OUT_OF_SCOPE',
        );
      },
      'POST /api/v1/notifications/run': async () => {
        await problem(api().post('/api/v1/notifications/run', {}, OUT), 403, 'OFFICE_OUT_OF_SCOPE');
      },
      'POST /api/v1/imports': async () => {
        const line = JSON.stringify({
          externalId: 'LEG-SCOPE-1',
          participant: { firstName: 'Ada', lastName: 'Out', birthDate: '1977-05-25' },
          application: { programs: ['ADULT'], eligibilityDate: '2024-01-02', office: A, participationDate: '2024-01-03' },
          activities: [{ ref: 'a1', code: '101', program: 'ADULT', actualBeginDate: '2024-01-03', projectedEndDate: '2024-03-31' }],
        });
        const res = await api().call('POST', '/api/v1/imports?dryRun=true', undefined, {
          ...OUT,
          rawBody: `${line}\n`,
          headers: { 'content-type': 'application/x-ndjson' },
        });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ created: 0, failed: 1 });
        expect(JSON.stringify(res.body.errors)).toContain('OFFICE_OUT_OF_SCOPE');
      },
    };
    for (const o of commands) {
      const key = `${o.method.toUpperCase()} ${o.path}`;
      const check = expected[key];
      expect({ route: key, classified: check !== undefined || key in UNSCOPED_COMMANDS }).toEqual({ route: key, classified: true });
      if (check) await check();
    }
  });

  it("R-AUTH-2 notifications about a case outside the caller's offices are neither listed nor markable", async () => {
    const mine = await ok(api().get('/api/v1/me/notifications', OUT));
    expect(mine.items.map((n: Json) => n.id)).not.toContain(ids.notificationId);
    await problem(api().post(`/api/v1/me/notifications/${ids.notificationId}/read`, undefined, OUT), 404, 'NOTIFICATION_NOT_FOUND');
  });
});
