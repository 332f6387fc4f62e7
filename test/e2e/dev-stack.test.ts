/**
 * End to end on real parts: a Temporal dev server (CLI, search attributes registered), a real
 * PostgreSQL database of this file's own, the worker, and the API over real HTTP.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { SA, applicationWorkflowId } from '../../src/workflows/application/contract';
import { eventually } from '../helpers/wait';

let env: TestWorkflowEnvironment;
let stack: Stack;

beforeAll(async () => {
  env = await devServerEnv();
  stack = await startStack(env, { name: 'e2e_dev', mode: 'dev' });
});

afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

describe('vertical slice on a dev server + PostgreSQL + HTTP', () => {
  it('GET /health reports Temporal and the database up', async () => {
    const res = await stack.http.get('/health', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', temporal: { status: 'up' }, database: { status: 'up' } });
  });

  it('POST /applications starts the workflow; GET queries it; the projection and search attributes follow', async () => {
    const participant = await stack.http.post('/api/v1/participants', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      birthDate: '1977-05-25',
    });
    expect(participant.status).toBe(201);
    expect(participant.body).toEqual({ id: participant.body.id, ssnLast4: '0577', pirlId: expect.stringMatching(/^[0-9A-Z]{12}$/), pseudoSsn: true });

    const created = await stack.http.post('/api/v1/applications', {
      participantId: participant.body.id,
      programs: ['ADULT', 'DISLOCATED_WORKER'],
      eligibilityDate: '2024-01-02',
      office: 'LA-2703',
      caseManagerId: 'S-1042',
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    expect(created.body).toMatchObject({
      participantId: participant.body.id,
      programs: ['ADULT', 'DISLOCATED_WORKER'],
      office: 'LA-2703',
      caseManagerId: 'S-1042',
      status: 'eligible',
      exitClock: { state: 'not_started', softExitDate: null },
    });

    const got = await stack.http.get(`/api/v1/applications/${id}`, { token: 'dev-viewer' });
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(id);

    // The workflow exists under the contract's ID, with the operator's summary and search attributes.
    const description = await env.client.workflow.getHandle(applicationWorkflowId(id)).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(await description.staticSummary()).toBe(`Application ${id} · ADULT, DISLOCATED_WORKER · LA-2703`);
    expect(description.typedSearchAttributes.get(SA.office)).toBe('LA-2703');
    expect(description.typedSearchAttributes.get(SA.status)).toBe('eligible');

    // The projection row appears in PostgreSQL (written by an activity).
    const row = await eventually(
      () => stack.db.application.findUnique({ where: { id } }),
      (r) => r !== null,
      15_000,
      'the projection row',
    );
    expect(row).toMatchObject({ office: 'LA-2703', status: 'eligible', caseManagerId: 'S-1042' });
  });

  it('unknown application → 404 problem+json; unknown participant → 404; no token → 401', async () => {
    const missing = await stack.http.get('/api/v1/applications/does-not-exist');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });

    const badParticipant = await stack.http.post('/api/v1/applications', {
      participantId: '00000000-0000-4000-8000-000000000000',
      programs: ['ADULT'],
      eligibilityDate: '2024-01-02',
      office: 'LA-2703',
    });
    expect(badParticipant.status).toBe(404);
    expect(badParticipant.body.code).toBe('PARTICIPANT_NOT_FOUND');

    const anonymous = await stack.http.get('/api/v1/applications/x', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');
  });

  it('a retried create with the same Idempotency-Key returns the same application; another body is a 409', async () => {
    const p = await stack.http.post('/api/v1/participants', { firstName: 'Grace', lastName: 'Hopper', birthDate: '1980-12-09', ssn: '123-45-6789' });
    expect(p.body).toMatchObject({ ssnLast4: '6789', pseudoSsn: false });
    const body = { participantId: p.body.id, programs: ['YOUTH'], eligibilityDate: '2024-03-01', office: 'SLO-1' };
    const headers = { 'idempotency-key': 'create-grace-1' };
    const first = await stack.http.post('/api/v1/applications', body, { headers });
    const second = await stack.http.post('/api/v1/applications', body, { headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    const conflict = await stack.http.post('/api/v1/applications', { ...body, office: 'SLO-2' }, { headers });
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await stack.db.application.count({ where: { participantId: p.body.id } })).toBeLessThanOrEqual(1);
  });

  it('serves the OpenAPI 3.1 document and the docs page', async () => {
    const doc = await stack.http.get('/openapi.json', { token: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/applications', '/api/v1/applications/{id}', '/api/v1/participants']));
    const page = await stack.http.get('/docs', { token: null });
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('swagger-ui');
  });
});
