/**
 * Bad input never produces a 500 or a stuck workflow: every case gets its status and SPEC code, and
 * the case keeps working afterwards. Real HTTP, real PostgreSQL, time-skipping server at 2024-01-10.
 */
import { connect } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';

let env: TestWorkflowEnvironment;
let stack: Stack;
let appId: string;
let activityId: string;
const statuses: number[] = [];

beforeAll(async () => {
  env = await timeSkippingEnv('2024-01-10T18:00:00Z');
  stack = await startStack(env, { name: 'api_bad_input', mode: 'sandbox' });
  const p = await stack.http.post('/api/v1/participants', { firstName: 'Bad', lastName: 'Input', birthDate: '1970-01-01' });
  const a = await stack.http.post('/api/v1/applications', { participantId: p.body.id, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'X-1' });
  appId = a.body.id;
  const part = await stack.http.post(`/api/v1/applications/${appId}/participation`, {
    participationDate: '2024-01-05',
    activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-02-01', caseNote: 'Assessment.' },
  });
  activityId = part.body.activity.id;
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

async function expectProblem(res: Promise<{ status: number; headers: Headers; body: any }>, status: number, code: string) {
  const r = await res;
  statuses.push(r.status);
  expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
  expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
  expect(r.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  return r.body;
}

describe('bad input → the right problem+json, never a 500', () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    await expectProblem(
      stack.http.call('POST', `/api/v1/applications/${appId}/case-notes`, undefined, { rawBody: '{"contactDate": "2024-01-05",' }),
      400,
      'MALFORMED_JSON',
    );
  });

  it('a request line and headers over the limit → 431 HEADERS_TOO_LARGE; bytes that are not HTTP → 400 MALFORMED_REQUEST (answered before Express)', async () => {
    const raw = (request: string): Promise<string> =>
      new Promise((resolve, reject) => {
        const { port } = new URL(stack.api.url);
        const socket = connect(Number(port), '127.0.0.1', () => socket.end(request));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
      });
    const parse = (answer: string) => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      return { statusLine: head.split('\r\n')[0], head, body: JSON.parse(body) as Record<string, unknown> };
    };
    const big = parse(await raw(`GET /api/v1/applications?q=${'x'.repeat(40_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer dev-staff\r\n\r\n`));
    expect(big.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(big.head).toMatch(/content-type: application\/problem\+json/i);
    expect(big.body).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE', title: expect.any(String), detail: expect.any(String) });
    const garbage = parse(await raw('NOT HTTP AT ALL\r\n\r\n'));
    expect(garbage.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(garbage.body).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });

  it('schema-invalid, unknown fields, wrong date formats and impossible dates → 400 VALIDATION_FAILED with the field', async () => {
    const body = await expectProblem(stack.http.post('/api/v1/applications', { programs: ['ADULT'] }), 400, 'VALIDATION_FAILED');
    expect(body.errors.map((e: any) => e.path)).toEqual(expect.arrayContaining(['participantId', 'eligibilityDate', 'office']));
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, { contactDate: '01/05/2024', subject: 'x', body: 'y' }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, { contactDate: '2024-02-30', subject: 'x', body: 'y' }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, { contactDate: '2024-01-05', subject: 'x', body: 'y', extra: 1 }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      stack.http.post('/api/v1/participants', { firstName: 'A', lastName: 'B', birthDate: '1990-01-01', ssn: '12-345' }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(stack.http.get('/api/v1/applications?limit=100000'), 400, 'VALIDATION_FAILED');
    await expectProblem(stack.http.get('/api/v1/applications?status=gone'), 400, 'VALIDATION_FAILED');
    await expectProblem(stack.http.post('/api/v1/applications', [1, 2]), 400, 'VALIDATION_FAILED');
    // A bare JSON string is not an accepted document (strict JSON: objects and arrays only).
    await expectProblem(stack.http.post('/api/v1/applications', 'just a string'), 400, 'MALFORMED_JSON');
  });

  it('unknown ids → 404', async () => {
    await expectProblem(stack.http.get('/api/v1/applications/nope'), 404, 'NOT_FOUND');
    await expectProblem(stack.http.get('/api/v1/applications/nope/history'), 404, 'NOT_FOUND');
    await expectProblem(stack.http.post('/api/v1/applications/nope/case-notes', { contactDate: '2024-01-05', subject: 'x', body: 'y' }), 404, 'NOT_FOUND');
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/activities/nope/close`, { actualEndDate: '2024-01-06', completionCode: 'successful' }),
      404,
      'ACTIVITY_NOT_FOUND',
    );
    await expectProblem(stack.http.post(`/api/v1/applications/${appId}/planned-breaks/nope/cancel`, {}), 404, 'PLANNED_BREAK_NOT_FOUND');
    await expectProblem(
      stack.http.post('/api/v1/applications', {
        participantId: '00000000-0000-4000-8000-000000000000',
        programs: ['ADULT'],
        eligibilityDate: '2024-01-02',
        office: 'X',
      }),
      404,
      'PARTICIPANT_NOT_FOUND',
    );
    await expectProblem(stack.http.get('/api/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
  });

  it('missing or bad token → 401; wrong role → 403', async () => {
    await expectProblem(stack.http.get(`/api/v1/applications/${appId}`, { token: null }), 401, 'UNAUTHENTICATED');
    await expectProblem(stack.http.get(`/api/v1/applications/${appId}`, { token: 'forged' }), 401, 'UNAUTHENTICATED');
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, { contactDate: '2024-01-05', subject: 'x', body: 'y' }, { token: 'dev-viewer' }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(stack.http.post(`/api/v1/applications/${appId}/planned-breaks/any/approve`, {}), 403, 'FORBIDDEN');
  });

  it('R-PART-1: SSNs the SSA never issues (000/666/9xx area, 00 group, 0000 serial) → 400 INVALID_SSN, without echoing them', async () => {
    for (const ssn of ['975-25-0577', '900-12-3456', '666-12-3456', '000-12-3456', '123-00-4567', '123-45-0000', '123-456789']) {
      const res = await expectProblem(
        stack.http.post('/api/v1/participants', { firstName: 'A', lastName: 'B', birthDate: '1977-05-25', ssn }),
        400,
        'INVALID_SSN',
      );
      expect(JSON.stringify(res)).not.toContain(ssn.slice(-4));
    }
    const ok = await stack.http.post('/api/v1/participants', { firstName: 'A', lastName: 'B', birthDate: '1977-05-25', ssn: '123456789' });
    expect([ok.status, ok.body]).toEqual([201, { id: ok.body.id, ssnLast4: '6789', pseudoSsn: false, pirlId: expect.stringMatching(/^[0-9A-Z]{12}$/) }]);
  });

  it("R-PART-1 (amended): without an SSN the answer holds the pseudo-SSN's last four digits and a flag, never the pseudo-SSN", async () => {
    const res = await stack.http.post(
      '/api/v1/participants',
      { firstName: 'A', lastName: 'B', birthDate: '1977-05-25' },
      { headers: { 'idempotency-key': 'r-part-1-pseudo' } },
    );
    expect([res.status, res.body]).toEqual([201, { id: res.body.id, ssnLast4: '0577', pseudoSsn: true, pirlId: expect.stringMatching(/^[0-9A-Z]{12}$/) }]);
    const replay = await stack.http.post(
      '/api/v1/participants',
      { firstName: 'A', lastName: 'B', birthDate: '1977-05-25' },
      { headers: { 'idempotency-key': 'r-part-1-pseudo' } },
    );
    expect(replay.body).toEqual(res.body);
    expect(JSON.stringify(replay.body)).not.toContain('975');
  });

  it('the sandbox clock stops short of the end of a protobuf Timestamp: an advance past 9990-01-01 → 422 CLOCK_OUT_OF_RANGE, the clock unchanged', async () => {
    // Found by schemathesis: repeated {"days": 3646.35…} advances took the time-skipping server's clock past
    // 9999-12-31T23:59:59Z, after which every request that reads the clock answered 500.
    const before = (await stack.http.get('/api/v1/sandbox/clock')).body.now;
    for (const body of [{ until: '9990-01-01T00:00:00.001Z' }, { until: '9999-12-31T23:59:59Z' }]) {
      const r = await stack.http.post('/api/v1/sandbox/clock/advance', body);
      expect({ body, status: r.status, code: r.body.code }).toEqual({ body, status: 422, code: 'CLOCK_OUT_OF_RANGE' });
    }
    const after = (await stack.http.get('/api/v1/sandbox/clock')).body.now;
    expect(Date.parse(after) - Date.parse(before)).toBeLessThan(60_000); // it runs on in real time, no more
  });

  it('rule violations → 422 with the SPEC code; conflicts with state → 409', async () => {
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, { contactDate: '2024-01-11', subject: 'x', body: 'y' }),
      422,
      'FUTURE_DATE',
    );
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/activities/${activityId}/close`, { actualEndDate: '2024-01-11', completionCode: 'successful' }),
      422,
      'FUTURE_DATE',
    );
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/activities`, {
        code: '999',
        program: 'ADULT',
        actualBeginDate: '2024-01-06',
        projectedEndDate: '2024-02-01',
        caseNote: 'x',
      }),
      422,
      'UNKNOWN_ACTIVITY_CODE',
    );
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/activities`, {
        code: '205',
        program: 'YOUTH',
        actualBeginDate: '2024-01-06',
        projectedEndDate: '2024-02-01',
        caseNote: 'x',
      }),
      422,
      'PROGRAM_NOT_ENROLLED',
    );
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/activities`, {
        code: '205',
        program: 'ADULT',
        actualBeginDate: '2024-01-06',
        projectedEndDate: '2024-02-01',
        caseNote: 'x',
        backdateApprovedBy: 'S-DEV-STAFF',
      }),
      422,
      'BACKDATE_APPROVER_NOT_SUPERVISOR',
    );
    await expectProblem(stack.http.post(`/api/v1/applications/${appId}/closure`, { closureStatus: 'done' }), 409, 'OPEN_ACTIVITIES');
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/participation`, {
        participationDate: '2024-01-06',
        activity: { code: '101', program: 'ADULT', projectedEndDate: '2024-02-01', caseNote: 'again' },
      }),
      409,
      'ALREADY_PARTICIPATING',
    );
  });

  it('duplicate requests: the same Idempotency-Key has exactly one effect and the same answer; another body → 409', async () => {
    const headers = { 'idempotency-key': 'note-dup-1' };
    const body = { contactDate: '2024-01-09', subject: 'Phone call', body: 'Only once, please.' };
    const first = await stack.http.post(`/api/v1/applications/${appId}/case-notes`, body, { headers });
    const second = await stack.http.post(`/api/v1/applications/${appId}/case-notes`, body, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.caseNote.id).toBe(first.body.caseNote.id);
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, { ...body, body: 'Different.' }, { headers }),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    );
    const deadline = Date.now() + 10_000;
    while ((await stack.db.caseNote.count({ where: { applicationId: appId, body: body.body } })) === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await stack.db.caseNote.count({ where: { applicationId: appId, body: body.body } })).toBe(1);
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, body, { headers: { 'idempotency-key': '' } }),
      400,
      'INVALID_IDEMPOTENCY_KEY',
    );
  });

  // Found by the fuzzer (test/fuzz): each of these used to answer 500, or was accepted and then failed
  // the case's projection to PostgreSQL on every retry.
  it('unsupported charsets, bodies that do not match their Content-Encoding and undecodable paths → 4xx, not 500', async () => {
    const note = { contactDate: '2024-01-05', subject: 'x', body: 'y' };
    for (const charset of ['latin1', 'bogus']) {
      await expectProblem(
        stack.http.post(`/api/v1/applications/${appId}/case-notes`, note, { headers: { 'content-type': `application/json; charset=${charset}` } }),
        415,
        'UNSUPPORTED_CHARSET',
      );
    }
    await expectProblem(stack.http.post(`/api/v1/applications/${appId}/case-notes`, note, { headers: { 'content-encoding': 'deflate' } }), 400, 'BAD_REQUEST');
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, note, { headers: { 'content-encoding': 'bogus' } }),
      415,
      'UNSUPPORTED_ENCODING',
    );
    await expectProblem(stack.http.get('/api/v1/applications/%zz'), 400, 'MALFORMED_URI');
    await expectProblem(stack.http.get(`/api/v1/applications/${appId}/activities/%E0%A4%A/close`), 400, 'MALFORMED_URI');
  });

  it('text PostgreSQL cannot store (U+0000, lone surrogates) → 400 before it reaches a workflow or the database', async () => {
    const participantId = (await stack.http.post('/api/v1/participants', { firstName: 'Null', lastName: 'Byte', birthDate: '1970-01-01' })).body.id;
    const bad = await expectProblem(
      stack.http.post('/api/v1/participants', { firstName: 'a\u0000b', lastName: 'B', birthDate: '1970-01-01' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.errors).toEqual([{ path: 'firstName', message: expect.any(String) }]);
    await expectProblem(
      stack.http.post('/api/v1/applications', { participantId, programs: ['ADULT'], eligibilityDate: '2024-01-02', office: 'X-\uD800' }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, { contactDate: '2024-01-05', subject: 'x', body: 'before\u0000after' }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, { contactDate: '2024-01-05', subject: '\uDFFF', body: 'y' }),
      400,
      'VALIDATION_FAILED',
    );
    await expectProblem(stack.http.get('/api/v1/applications?office=%00'), 400, 'VALIDATION_FAILED');
    await expectProblem(stack.http.get('/api/v1/alerts?caseManagerId=a%00'), 400, 'VALIDATION_FAILED');
    // Well-formed astral characters are fine (a surrogate pair is not a lone surrogate).
    const ok = await stack.http.post(`/api/v1/applications/${appId}/case-notes`, { contactDate: '2024-01-05', subject: 'Emoji 😀', body: 'Ñandú 𝄞' });
    expect(ok.status).toBe(201);
    // The case's projection keeps up: the stored note is the one just sent, nothing is retrying.
    const deadline = Date.now() + 10_000;
    while ((await stack.db.caseNote.count({ where: { applicationId: appId, subject: 'Emoji 😀' } })) === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await stack.db.caseNote.count({ where: { applicationId: appId, subject: 'Emoji 😀' } })).toBe(1);
    const described = await env.client.workflow.getHandle(`wioa-application-${appId}`).describe();
    expect((described.raw.pendingActivities ?? []).filter((a) => (a.attempt ?? 1) > 1)).toEqual([]);
  });

  it('after all that the workflow is not stuck: a valid command still succeeds', async () => {
    const res = await stack.http.post(`/api/v1/applications/${appId}/activities/${activityId}/close`, {
      actualEndDate: '2024-01-08',
      completionCode: 'successful',
    });
    expect(res.status).toBe(200);
    expect(res.body.application.exitClock).toMatchObject({ state: 'running', softExitDate: '2024-04-08' });
  });

  it('a completed workflow (exclusionary exit) answers 409 APPLICATION_EXITED, not 404 or 500', async () => {
    const res = await stack.http.post(`/api/v1/applications/${appId}/exclusionary-exit`, {
      reason: '01',
      documentationRef: 'COURT-1',
      caseNote: 'Incarcerated.',
    });
    expect(res.status).toBe(200);
    expect(res.body.application.status).toBe('exited_exclusionary');
    await env.client.workflow.getHandle(`wioa-application-${appId}`).result();
    await expectProblem(
      stack.http.post(`/api/v1/applications/${appId}/case-notes`, { contactDate: '2024-01-09', subject: 'x', body: 'y' }),
      409,
      'APPLICATION_EXITED',
    );
    const view = await stack.http.get(`/api/v1/applications/${appId}`);
    expect(view.body.status).toBe('exited_exclusionary');
  });

  afterAll(() => {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
