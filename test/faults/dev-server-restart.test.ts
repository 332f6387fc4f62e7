/**
 * Fault: the Temporal dev server (the product's own `startDevServer`, state in a SQLite file) is stopped
 * with SIGTERM in the middle of a case and started again on the same state file and ports. The worker
 * and the API's client are NOT recreated: they must reconnect on their own. The case, its state and
 * its timer survive; a command sent while the server was down gets a clear 503 and succeeds when
 * retried with the same Idempotency-Key; later commands work; PostgreSQL catches up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type DevServer, startDevServer } from '../../src/temporal/dev-server';
import { resolveTemporalCli } from '../../src/temporal/binaries';
import { createLogger } from '../../src/logger';
import { applicationWorkflowId } from '../../src/workflows/application/contract';
import { quietRuntime, testDataConverter } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/wait';
import { closeBody, duplicates, openCase, projectionAt, serviceBody, sleep, staffKey, today } from './support';
import { freePort } from '../helpers/ports';

let dataDir: string;
let ports: { grpc: number; ui: number };
let server: DevServer | undefined;
let env: TestWorkflowEnvironment | undefined;
let stack: Stack | undefined;

const startServer = (): Promise<DevServer> =>
  startDevServer({
    cliPath: resolveTemporalCli(),
    dataDir,
    host: '127.0.0.1',
    port: ports.grpc,
    uiPort: ports.ui,
    namespace: 'default',
    logger: createLogger('silent', 'dev-server'),
  });

beforeAll(async () => {
  quietRuntime();
  dataDir = mkdtempSync(join(tmpdir(), 'wioa-fault-dev-server-'));
  ports = { grpc: await freePort(), ui: await freePort() };
  server = await startServer();
  env = await TestWorkflowEnvironment.createFromExistingServer({
    address: server.address,
    namespace: 'default',
    client: { dataConverter: testDataConverter() },
  });
  stack = await startStack(env, { name: 'fault_dev_restart', mode: 'dev', env: { COMMAND_TIMEOUT_MS: '3000' } });
});

afterAll(async () => {
  try {
    if (server && !(await serverUp())) server = await startServer().catch(() => undefined); // let the worker drain
    await stack?.stop();
    await env?.teardown();
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

async function serverUp(): Promise<boolean> {
  try {
    await env!.client.withDeadline(Date.now() + 2_000, () => env!.client.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

describe('Temporal dev server restarted on its state file', () => {
  it('keeps the case and its state; the same worker and client reconnect; commands keep working', async () => {
    const s = stack!;
    const http = s.http;
    const { id } = await openCase(http, 'FAULT-RESTART');
    const key = (k: string) => ({ headers: { 'idempotency-key': k } });
    const add = await http.post(`/api/v1/applications/${id}/activities`, serviceBody('before-1'), key('dr-add-1'));
    expect(add.status).toBe(201);
    expect((await http.post(`/api/v1/applications/${id}/activities/${add.body.activity.id}/close`, closeBody(), key('dr-close-1'))).status).toBe(200);
    const note = await http.post(
      `/api/v1/applications/${id}/case-notes`,
      { contactDate: today(), subject: 'Before', body: 'Before the restart.' },
      key('dr-note-1'),
    );
    expect(note.status).toBe(201);
    const before = (await http.get(`/api/v1/applications/${id}`)).body;
    const handle = env!.client.workflow.getHandle(applicationWorkflowId(id));
    const runBefore = (await handle.describe()).runId;
    const workerBefore = s.worker!;

    const t0 = Date.now();
    const marks: Record<string, number> = {};
    await server!.stop(); // SIGTERM
    marks.stopped = Date.now() - t0;
    expect(await serverUp()).toBe(false);

    // While Temporal is down: a command and a read get a clear, retryable 503 problem (not a hang, not a 500).
    const pending = { path: `/api/v1/applications/${id}/activities`, body: serviceBody('during-outage'), key: 'dr-add-outage' };
    const during = await http.post(pending.path, pending.body, key(pending.key));
    expect({ status: during.status, code: during.body.code }).toEqual({ status: 503, code: expect.stringMatching(/^TEMPORAL_(UNAVAILABLE|TIMEOUT)$/) });
    expect(during.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(during.headers.get('retry-after')).toBe('5');
    marks.commandRefused = Date.now() - t0;
    const read = await http.get(`/api/v1/applications/${id}`);
    marks.readRefused = Date.now() - t0;
    expect({ status: read.status, code: read.body.code }).toEqual({ status: 503, code: 'TEMPORAL_UNAVAILABLE' });
    await sleep(2_000); // the worker's pollers and the client see the server gone for a while

    marks.restarting = Date.now() - t0;
    server = await startServer(); // same state file, same ports
    marks.restarted = Date.now() - t0;
    expect(server.address).toBe(`127.0.0.1:${ports.grpc}`);

    // The same client reads the case: same run, same state.
    const after = await eventually(
      () => http.get(`/api/v1/applications/${id}`),
      (r) => r.status === 200,
      30_000,
      'the API to read the case again',
    );
    expect(after.body).toEqual({ ...before, exitClock: { ...before.exitClock, daysRemaining: after.body.exitClock.daysRemaining } });
    marks.read = Date.now() - t0;
    const described = await handle.describe();
    expect({ runId: described.runId, status: described.status.name }).toEqual({ runId: runBefore, status: 'RUNNING' });

    // The command refused during the outage succeeds when retried with its key (once), and new ones work,
    // all answered by the worker that was running before the restart.
    const retried = await eventually(
      () => http.post(pending.path, pending.body, key(pending.key)),
      (r) => r.status !== 503,
      30_000,
      'the retried command',
    );
    marks.retried = Date.now() - t0;
    expect(retried.status).toBe(201);
    const again = await http.post(pending.path, pending.body, key(pending.key));
    expect(again.body).toEqual(retried.body);
    const closeAfter = await http.post(`/api/v1/applications/${id}/activities/${retried.body.activity.id}/close`, closeBody(), key('dr-close-2'));
    expect(closeAfter.status).toBe(200);
    const add3 = await http.post(`/api/v1/applications/${id}/activities`, serviceBody('after-1'), key('dr-add-3'));
    expect(add3.status).toBe(201);
    expect(s.worker).toBe(workerBefore);
    expect(workerBefore.getState()).toBe('RUNNING');

    marks.commands = Date.now() - t0;
    const final = (await http.get(`/api/v1/applications/${id}`)).body;
    const providers = final.activities.map((a: { provider: string | null }) => a.provider).filter(Boolean);
    expect(providers.sort()).toEqual(['after-1', 'before-1', 'during-outage']);
    expect(
      final.activities
        .filter((a: { status: string }) => a.status === 'closed')
        .map((a: { provider: string }) => a.provider)
        .sort(),
    ).toEqual(['before-1', 'during-outage']);
    // The soft-exit timer's inputs are unchanged by the restart (the case is blocked while services are open).
    expect(final.exitClock.state).toBe(before.exitClock.state);

    // PostgreSQL: every accepted command exactly once.
    const projected = await projectionAt(s.db, id, final.version);
    expect(projected.activities).toEqual(
      final.activities
        .map((a: { id: string; status: string }) => ({ id: a.id, status: a.status }))
        .sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)),
    );
    expect(duplicates(projected.auditCommandIds)).toEqual([]);
    for (const k of ['dr-add-1', 'dr-close-1', 'dr-note-1', 'dr-add-outage', 'dr-close-2', 'dr-add-3']) {
      expect(projected.auditCommandIds).toContain(staffKey(k));
    }
    expect(projected.caseNoteIds).toHaveLength(1 + 1 + 1 + 1 + 1); // participation, 3 services, 1 note
    marks.projected = Date.now() - t0;
    if (process.env.FAULT_REPORT) console.info(JSON.stringify(marks));
  }, 110_000);
});
