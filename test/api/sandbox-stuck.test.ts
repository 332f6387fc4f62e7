/**
 * Sandbox mode tells the truth when Temporal is stuck (issue 17): a workflow whose workflow task the
 * time-skipping server never completes is reported by GET /health (503, status `degraded`, its id)
 * and commands to it answer 503 TEMPORAL_STUCK at once instead of hanging until their deadline.
 * The stuck workflow is made on purpose with the wedge of test/workflows/time-skipping-wedge.test.ts
 * (a cancelled timer that fired while its task was in flight), under an application's workflow id.
 */
import { randomUUID } from 'node:crypto';
import { type InjectedSinks, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { testDataConverter, timeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';
import { startStack, type Stack } from '../helpers/stack';
import { eventually } from '../helpers/wait';
import { applicationWorkflowId } from '../../src/workflows/application/contract';
import { type PauseSinks, go } from '../workflows/wedge/workflows';

let env: TestWorkflowEnvironment;
let stack: Stack;
let wedgeWorker: Worker;
let wedgeRunning: Promise<void>;
const taskQueue = uniqueTaskQueue('wedge-api');

beforeAll(async () => {
  env = await timeSkippingEnv('2024-01-10T18:00:00Z');
  stack = await startStack(env, { name: 'api_stuck', mode: 'sandbox', env: { STUCK_TASK_BOUND_MS: '1000', STUCK_TASK_SWEEP_MS: '200' } });
  wedgeWorker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../workflows/wedge/workflows'),
    dataConverter: testDataConverter(),
    sinks: { pause: { forMs: { fn: (_info, ms: number) => new Promise<void>((r) => setTimeout(r, ms)) } } } satisfies InjectedSinks<PauseSinks>,
    shutdownGraceTime: '1s',
    shutdownForceTime: '2s',
  });
  wedgeRunning = wedgeWorker.run();
});
afterAll(async () => {
  wedgeWorker?.shutdown();
  await wedgeRunning?.catch(() => undefined);
  await stack?.stop();
  await env?.teardown();
});

it('GET /health is 503 degraded naming the stuck workflow; commands to it answer 503 TEMPORAL_STUCK at once; healthy again once it is gone', async () => {
  const { http } = stack;
  expect((await http.get('/health')).body).toMatchObject({ status: 'ok', temporal: { mode: 'sandbox', stuckWorkflows: [] } });

  const id = randomUUID();
  const handle = await env.client.workflow.start('cancelsItsTimer', { taskQueue, workflowId: applicationWorkflowId(id) });
  await handle.signal(go, 2500);

  const health = await eventually(
    () => http.get('/health'),
    (r) => r.status === 503,
    30_000,
    'GET /health to report the stuck workflow',
  );
  expect(health.body).toMatchObject({
    status: 'degraded',
    temporal: { status: 'up', stuckTaskBoundMs: 1000, stuckWorkflows: [{ workflowId: applicationWorkflowId(id), taskState: 'STARTED' }] },
    database: { status: 'up' },
  });

  for (const call of [
    () => http.get(`/api/v1/applications/${id}`),
    () =>
      http.post(
        `/api/v1/applications/${id}/case-notes`,
        { contactDate: '2024-01-10', subject: 'Call', body: 'Checked in.' },
        { headers: { 'Idempotency-Key': `stuck-${id}` } },
      ),
  ]) {
    const t0 = Date.now();
    const res = await call();
    expect(Date.now() - t0).toBeLessThan(2_000); // not the 30 s command deadline
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body).toMatchObject({ code: 'TEMPORAL_STUCK', status: 503 });
    expect(res.body.detail).toContain(applicationWorkflowId(id));
  }

  await handle.terminate('wedged on purpose by this test');
  const healthy = await eventually(
    () => http.get('/health'),
    (r) => r.status === 200,
    10_000,
    'GET /health to recover',
  );
  expect(healthy.body).toMatchObject({ status: 'ok', temporal: { stuckWorkflows: [] } });
});
