/**
 * Fault: PostgreSQL becomes unreachable for the WORKER for a while (its connection runs through a TCP
 * proxy in this test that drops every connection and refuses new ones), while the API (direct
 * connection) keeps taking commands. Commands are accepted and visible in the workflow at once; the
 * projection activity fails and retries; after the proxy is restored PostgreSQL catches up completely,
 * every accepted command exactly once. (The shared PostgreSQL server itself cannot be stopped here.)
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createDb, type Db } from '../../src/db/client';
import { parseDatabaseUrl } from '../../src/db/url';
import { createActivities } from '../../src/activities';
import { createLogger } from '../../src/logger';
import { createWorker } from '../../src/worker/create-worker';
import { createDataConverter } from '../../src/temporal/codec';
import { applicationWorkflowId } from '../../src/workflows/application/contract';
import { devServerEnv, workflowBundle } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/wait';
import { CuttableProxy, closeBody, duplicates, openCase, projectionAt, projectionOf, serviceBody, staffKey, today } from './support';

let env: TestWorkflowEnvironment;
let stack: Stack;
let proxy: CuttableProxy;
let workerDb: Db | undefined;
let worker: Worker | undefined;
let running: Promise<void> | undefined;

beforeAll(async () => {
  env = await devServerEnv();
  stack = await startStack(env, { name: 'fault_pg_outage', mode: 'dev', worker: false });
  const target = parseDatabaseUrl(stack.config.databaseUrl);
  proxy = new CuttableProxy({ host: target.host, port: target.port });
  await proxy.start();
  const viaProxy = new URL(stack.config.databaseUrl);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  workerDb = createDb(viaProxy.toString());
  worker = await createWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: stack.config.temporal.taskQueue,
    activities: createActivities({ db: workerDb, logger: createLogger('silent', 'worker') }),
    workflowBundle: await workflowBundle(),
    dataConverter: createDataConverter(stack.config.payloadKeys),
  });
  running = worker.run();
});

afterAll(async () => {
  try {
    await proxy?.restore(); // let in-flight activities finish so the worker drains
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await workerDb?.$disconnect();
    await stack?.stop();
    await env?.teardown();
  } finally {
    await proxy?.stop();
  }
});

describe("PostgreSQL unreachable for the worker's projections", () => {
  it('accepts commands meanwhile, retries the projection, and catches up completely afterwards', async () => {
    const cases = await Promise.all([0, 1].map((i) => openCase(stack.http, `FAULT-PG-${i}`)));
    for (const c of cases) {
      const view = (await stack.http.get(`/api/v1/applications/${c.id}`)).body;
      await projectionAt(stack.db, c.id, view.version);
    }
    const connectionsBefore = proxy.connections;

    await proxy.cut();
    const keys: Record<string, string[]> = {};
    const send = async (i: number, path: string, body: unknown, key: string, status: number) => {
      const r = await stack.http.post(`/api/v1/applications/${cases[i]!.id}${path}`, body, { headers: { 'idempotency-key': key } });
      expect({ key, status: r.status }).toEqual({ key, status });
      (keys[cases[i]!.id] ??= []).push(key);
      return r;
    };
    for (const [i] of cases.entries()) {
      for (let n = 0; n < 3; n += 1) {
        const add = await send(i, '/activities', serviceBody(`pg-${i}-${n}`), `pg-add-${i}-${n}`, 201);
        if (n < 2) await send(i, `/activities/${add.body.activity.id}/close`, closeBody(), `pg-close-${i}-${n}`, 200);
      }
      await send(i, '/case-notes', { contactDate: today(), subject: 'During outage', body: 'Written while PostgreSQL was away.' }, `pg-note-${i}`, 201);
    }

    // The workflow has them all at once; PostgreSQL has none of them yet.
    const views = await Promise.all(cases.map(async (c) => (await stack.http.get(`/api/v1/applications/${c.id}`)).body));
    for (const [i, view] of views.entries()) {
      const providers = view.activities
        .map((a: { provider: string | null }) => a.provider)
        .filter(Boolean)
        .sort();
      expect(providers).toEqual([`pg-${i}-0`, `pg-${i}-1`, `pg-${i}-2`]);
      const stale = await projectionOf(stack.db, cases[i]!.id);
      expect(stale.version).toBeLessThan(view.version);
      expect(stale.auditCommandIds.filter((k) => k.includes(':pg-'))).toEqual([]);
    }
    // The projection activity is failing and being retried (attempt > 2 means it failed at least twice).
    for (const c of cases) {
      await eventually(
        async () => {
          const d = await env.client.workflow.getHandle(applicationWorkflowId(c.id)).describe();
          return Math.max(0, ...(d.raw.pendingActivities ?? []).map((a) => a.attempt ?? 0));
        },
        (attempt) => attempt >= 3,
        30_000,
        'the projection activity to be retried',
      );
    }

    await proxy.restore();

    // A command after the outage, then everything lands in PostgreSQL exactly once.
    for (const [i] of cases.entries()) {
      await send(i, '/activities', serviceBody(`pg-${i}-after`), `pg-add-${i}-after`, 201);
    }
    for (const c of cases) {
      const view = (await stack.http.get(`/api/v1/applications/${c.id}`)).body;
      const projected = await projectionAt(stack.db, c.id, view.version, 45_000);
      expect(projected.activities).toEqual(
        view.activities
          .map((a: { id: string; status: string }) => ({ id: a.id, status: a.status }))
          .sort((a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1)),
      );
      expect(duplicates(projected.auditCommandIds)).toEqual([]);
      for (const k of keys[c.id]!) expect(projected.auditCommandIds).toContain(staffKey(k));
      expect(projected.caseNoteIds).toHaveLength(1 + 4 + 1); // participation, 4 services, 1 note
    }
    expect(proxy.connections).toBeGreaterThan(connectionsBefore); // the worker really reconnected through the proxy
  });
});
