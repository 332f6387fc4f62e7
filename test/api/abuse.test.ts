/**
 * §11 R-ABUSE-1 over HTTP (sandbox mode): the rate limit per caller, authentication before the body is
 * read, the nesting bound on JSON bodies, ids that name a follow-up, security headers, and the
 * lifetime of idempotency keys.
 */
import { ok, problem, sandboxApiCase } from '../helpers/api-case';
import { IdempotencyStore } from '../../src/api/middleware/idempotency';

const LIMIT = 40;
const sandbox = sandboxApiCase('2024-01-10T18:00:00Z', {
  name: 'api_abuse',
  env: {
    API_TOKENS: 'dev-staff:S-CM-1:staff,burst:S-BURST:staff,dev-supervisor:S-SUP-1:supervisor,headers:S-HEAD:viewer',
    RATE_LIMIT_PER_MINUTE: String(LIMIT),
  },
});
const { api } = sandbox;
let appId: string;

beforeAll(async () => {
  const p = await ok(api().post('/api/v1/participants', { firstName: 'Abuse', lastName: 'Case', birthDate: '1970-01-01' }, { token: 'dev-supervisor' }), 201);
  const a = await ok(
    api().post('/api/v1/applications', { participantId: p.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'X-1' }, { token: 'dev-supervisor' }),
    201,
  );
  appId = a.id;
  const part = await ok(
    api().post(
      `/api/v1/applications/${appId}/participation`,
      { participationDate: '2024-01-05', activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-02-01', caseNote: 'Assessment.' } },
      { token: 'dev-supervisor' },
    ),
  );
  await ok(
    api().post(
      `/api/v1/applications/${appId}/activities/${part.activity.id}/close`,
      { actualEndDate: '2024-01-06', completionCode: 'successful' },
      { token: 'dev-supervisor' },
    ),
  );
});

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('R-ABUSE-1 request bodies', () => {
  it('R-ABUSE-1 an unauthenticated 8 MB body gets its 401 without being parsed (authenticated, it is 413)', async () => {
    const big = JSON.stringify({ subject: 'x'.repeat(8 * 1024 * 1024) });
    const anonymous = await api().call('POST', `/api/v1/applications/${appId}/case-notes`, undefined, { token: null, rawBody: big });
    expect({ status: anonymous.status, code: anonymous.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const forged = await api().call('POST', `/api/v1/applications/${appId}/case-notes`, undefined, { token: 'forged', rawBody: `${big.slice(0, -2)}` });
    expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    await problem(api().call('POST', `/api/v1/applications/${appId}/case-notes`, undefined, { rawBody: big }), 413, 'PAYLOAD_TOO_LARGE');
    // Not parsed: malformed JSON without a token is still just a 401.
    await problem(api().call('POST', '/api/v1/participants', undefined, { token: null, rawBody: '{"firstName":' }), 401, 'UNAUTHENTICATED');
  });

  it('R-ABUSE-1 JSON nested deeper than 64 levels is 400 INVALID_BODY, never a 500 (100,000 deep included)', async () => {
    const path = `/api/v1/applications/${appId}/case-notes`;
    await problem(api().call('POST', path, undefined, { rawBody: nested(100_000) }), 400, 'INVALID_BODY');
    await problem(api().call('POST', path, undefined, { rawBody: `{"a":${nested(65)}}` }), 400, 'INVALID_BODY');
    await problem(api().call('POST', path, undefined, { rawBody: `{"subject":{"a":${nested(99_998)}}}` }), 400, 'INVALID_BODY');
    // 64 levels are read (and refused by the schema, as any wrong body).
    await problem(api().call('POST', path, undefined, { rawBody: `{"a":${nested(63)}}` }), 400, 'VALIDATION_FAILED');
    // Brackets inside strings are text, not nesting.
    const note = await ok(api().post(path, { contactDate: '2024-01-06', subject: '['.repeat(150), body: '{'.repeat(5000) }), 201);
    expect(note.caseNote.subject).toBe('['.repeat(150));
  });
});

describe('R-ABUSE-1 ids that name another workflow', () => {
  it('R-ABUSE-1 an id that names a follow-up (or anything but an application) is 404, for reads and commands', async () => {
    await sandbox.advanceTo('2024-04-08T12:00:00Z'); // soft exit at L + 91 = 2024-04-06: the follow-ups exist
    const view = await ok(api().get(`/api/v1/applications/${appId}`));
    expect(view.followUps).toHaveLength(4);
    for (const id of [`${appId}-followup-q1`, `${appId}-followup-q4`, 'wioa-daily-notifications-clock']) {
      await problem(api().get(`/api/v1/applications/${id}`), 404, 'NOT_FOUND');
      await problem(api().get(`/api/v1/applications/${id}/history`), 404, 'NOT_FOUND');
      await problem(api().get(`/api/v1/applications/${id}/assessment`), 404, 'NOT_FOUND');
      await problem(api().post(`/api/v1/applications/${id}/case-notes`, { contactDate: '2024-04-08', subject: 'x', body: 'y' }), 404, 'NOT_FOUND');
      await problem(
        api().post(`/api/v1/applications/${id}/follow-ups/1/contact-attempts`, { date: '2024-04-08', time: '10:00', type: 'phone', outcome: 'no_answer' }),
        404,
        'NOT_FOUND',
      );
    }
  });
});

describe('R-ABUSE-1 security headers', () => {
  const expectHeaders = (h: Headers) => {
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('content-security-policy')).toContain("default-src 'self'");
    expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('x-powered-by')).toBeNull();
    // SERVER_TIMING is off by default: no answer says how the service spends its time.
    expect(h.get('server-timing')).toBeNull();
  };

  it('R-ABUSE-1 every answer carries the standard security headers: API, problems, health, the document and the docs page', async () => {
    const t = { token: 'headers' };
    for (const res of [
      await api().get('/api/v1/applications', t),
      await api().get('/api/v1/applications/nope', t),
      await api().get('/api/v1/applications', { token: null }),
      await api().get('/health'),
      await api().get('/openapi.json'),
      await api().get('/docs'),
    ]) {
      expectHeaders(res.headers);
    }
  });

  it('R-ABUSE-1 the /docs page still works: its scripts and styles come from this origin, which the policy allows', async () => {
    const page = await api().get('/docs');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    const sources = [...String(page.body).matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(sources).toEqual(['/docs/assets/swagger-ui.css', '/docs/assets/swagger-ui-bundle.js', '/docs/init.js']);
    for (const s of sources) expect((await api().get(s)).status).toBe(200);
    expect(String(page.body)).not.toMatch(/<script>[^<]/); // no inline script the policy would block
  });
});

describe('R-ABUSE-1 idempotency keys expire', () => {
  it('R-ABUSE-1 a key older than IDEMPOTENCY_TTL_DAYS is a new key, and the daily purge deletes expired keys', async () => {
    const headers = { 'idempotency-key': 'ttl-key-1' };
    const first = await ok(api().post('/api/v1/participants', { firstName: 'Key', lastName: 'One', birthDate: '1980-01-01' }, { headers }), 201);
    await problem(
      api().post('/api/v1/participants', { firstName: 'Key', lastName: 'Other', birthDate: '1980-01-01' }, { headers }),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    const db = sandbox.stack.db;
    await db.idempotencyKey.updateMany({ where: { key: 'S-CM-1:ttl-key-1' }, data: { createdAt: new Date(Date.now() - 31 * 86_400_000) } });
    const second = await ok(api().post('/api/v1/participants', { firstName: 'Key', lastName: 'Other', birthDate: '1980-01-01' }, { headers }), 201);
    expect(second.id).not.toBe(first.id);

    await db.idempotencyKey.updateMany({ where: { key: 'S-CM-1:ttl-key-1' }, data: { createdAt: new Date(Date.now() - 40 * 86_400_000) } });
    await ok(
      api().post('/api/v1/participants', { firstName: 'Key', lastName: 'Two', birthDate: '1980-01-01' }, { headers: { 'idempotency-key': 'ttl-key-2' } }),
      201,
    );
    const store = new IdempotencyStore(db, { ttlMs: 30 * 86_400_000 });
    expect(await store.purgeExpired()).toBe(1);
    expect((await db.idempotencyKey.findMany({ where: { key: { startsWith: 'S-CM-1:ttl-key-' } } })).map((k) => k.key)).toEqual(['S-CM-1:ttl-key-2']);
  });
});

describe('notifications run: documented as it is', () => {
  it('POST /api/v1/notifications/run needs no body (documented as optional)', async () => {
    const run = await ok(api().call('POST', '/api/v1/notifications/run', undefined, { token: 'dev-supervisor' }));
    expect(run.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const doc = await ok(api().get('/openapi.json'));
    expect(doc.paths['/api/v1/notifications/run'].post.requestBody.required).toBe(false);
  });
});

describe('R-ABUSE-1 rate limit per caller (last: it exhausts the limits)', () => {
  it('R-ABUSE-1 a caller over RATE_LIMIT_PER_MINUTE gets 429 RATE_LIMITED with Retry-After; other callers are not affected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await api().get('/api/v1/activity-codes', { token: 'burst' })).status);
    expect(statuses.slice(0, LIMIT).every((s) => s === 200)).toBe(true);
    const limited = await problem(api().get('/api/v1/applications', { token: 'burst' }), 429, 'RATE_LIMITED');
    expect(limited.status).toBe(429);
    const res = await api().get('/api/v1/applications', { token: 'burst' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    // Keyed by staff id: another token of another staff member goes on.
    await ok(api().get('/api/v1/applications'));
  });

  it('R-ABUSE-1 unauthenticated requests are limited by client address; /health is exempt', async () => {
    let last = 0;
    for (let i = 0; i < LIMIT + 2; i++) last = (await api().get('/api/v1/applications', { token: null })).status;
    expect(last).toBe(429);
    for (let i = 0; i < 5; i++) expect((await api().get('/health')).status).toBe(200);
  });
});
