/**
 * The typed client (issue 12): openapi-fetch over types openapi-typescript generates from the
 * service's /openapi.json (src/client). It drives one case over HTTP in sandbox mode from participant
 * to soft exit with no hand-written types; and the committed types are what the served document
 * generates today (else: npm run client:generate).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { timeSkippingEnv } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { createApiClient, type ApiClient } from '../../src/client';

const ROOT = join(__dirname, '..', '..');
const CLIENT_SCHEMA_FILE = join(ROOT, 'src', 'client', 'schema.d.ts');

const START = '2024-01-10T18:00:00Z';
let env: TestWorkflowEnvironment;
let stack: Stack;
let api: ApiClient;

beforeAll(async () => {
  env = await timeSkippingEnv(START);
  stack = await startStack(env, { name: 'typed_client', mode: 'sandbox' });
  api = createApiClient(stack.api.url, 'dev-staff');
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

const addDays = (d: string, n: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('a client generated from /openapi.json', () => {
  it('the committed types are generated from the document the service serves (npm run client:generate)', async () => {
    // openapi-typescript needs ESM-only dependencies: the generator runs under tsx, as npm run client:generate does.
    const { stdout } = await promisify(execFile)(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/generate-client.ts', '--from', `${stack.api.url}/openapi.json`, '--stdout'],
      { cwd: ROOT, maxBuffer: 32 * 1024 * 1024 },
    );
    expect(readFileSync(CLIENT_SCHEMA_FILE, 'utf8')).toBe(stdout);
  });

  it('drives a case from participant to soft exit', async () => {
    const clock = await api.GET('/api/v1/sandbox/clock');
    const today = clock.data!.now.slice(0, 10);

    const participant = await api.POST('/api/v1/participants', { body: { firstName: 'Typed', lastName: 'Client', birthDate: '1977-05-25' } });
    expect(participant.response.status).toBe(201);
    expect(participant.data).toEqual({ id: expect.any(String), ssnLast4: '0577', pseudoSsn: true, pirlId: expect.stringMatching(/^[0-9A-Z]{12}$/) });

    const created = await api.POST('/api/v1/applications', {
      body: { participantId: participant.data!.id, programs: ['ADULT'], eligibilityDate: addDays(today, -10), office: 'LA-2703', caseManagerId: 'S-DEV-STAFF' },
      params: { header: { 'idempotency-key': 'typed-client-app-1' } },
    });
    expect(created.error).toBeUndefined();
    const id = created.data!.id;
    expect(created.data!.status).toBe('eligible');

    const participation = await api.POST('/api/v1/applications/{id}/participation', {
      params: { path: { id } },
      body: {
        participationDate: addDays(today, -7),
        activity: { code: '101', program: 'ADULT', projectedEndDate: today, caseNote: 'Initial assessment.' },
      },
    });
    expect(participation.error).toBeUndefined();
    expect(participation.data!.application.status).toBe('participating');
    const activityId = participation.data!.activity!.id;

    const closed = await api.POST('/api/v1/applications/{id}/activities/{activityId}/close', {
      params: { path: { id, activityId } },
      body: { actualEndDate: today, completionCode: 'successful' },
    });
    expect(closed.error).toBeUndefined();
    const exitClock = closed.data!.application.exitClock;
    expect(exitClock.state).toBe('running');
    expect(exitClock.softExitDate).toBe('2024-04-10'); // SPEC vector "basic": L = 2024-01-10
    expect(exitClock.softExitAt).toBe('2024-04-10T07:00:00.000Z');

    const advanced = await api.POST('/api/v1/sandbox/clock/advance', {
      body: { until: new Date(Date.parse(exitClock.softExitAt!) + 60_000).toISOString() },
    });
    expect(advanced.error).toBeUndefined();

    let view = (await api.GET('/api/v1/applications/{id}', { params: { path: { id } } })).data!;
    for (let i = 0; i < 100 && view.status !== 'exited'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      view = (await api.GET('/api/v1/applications/{id}', { params: { path: { id } } })).data!;
    }
    expect(view.status).toBe('exited');
    expect(view.exit).toMatchObject({ type: 'soft', exitDate: today });
    expect(view.followUps.map((f) => f.quarter)).toEqual([1, 2, 3, 4]);

    // Typed errors too: an unknown id answers the problem+json the document describes.
    const missing = await api.GET('/api/v1/applications/{id}', { params: { path: { id: 'no-such-application' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.code).toBe('NOT_FOUND');
  });
});
