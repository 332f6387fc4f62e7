/**
 * The time-skipping wedge (issue 17, docs/testing.md), reproduced on purpose and without luck:
 * a workflow task that is still in flight when its workflow's timer deadline passes, and that
 * resolves the wait the timer was for.
 *
 * - With `condition(fn, timeout)` the SDK cancels that timer; the test server had already buffered its
 *   `TimerFired`, refuses the completion ("invalid history builder state for action") and never gives
 *   the run another workflow task. This is the defect our workflows met at agency midnights (a
 *   follow-up's signal racing the application's re-check timer). If a future test server stops
 *   wedging here, this test says so, and the workaround can be reconsidered.
 * - With `createWakeups()` (what the workflows use since `timers-never-cancelled-v1`) the same race
 *   completes: no CancelTimer is ever sent.
 * - The sandbox's watchdog reports the wedged workflow (what GET /health shows) and not the healthy one.
 */
import { type InjectedSinks, Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { temporal } from '@temporalio/proto';
import { testDataConverter, timeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';
import { TaskWatchdog } from '../../src/temporal/task-watchdog';
import { createLogger } from '../../src/logger';
import { type PauseSinks, go } from './wedge/workflows';

/** How long the worker holds the signal's workflow task (real time): it outlives the 1 s timer. */
const slowTask = 2500;

// Each test has its own server and worker: a wedged server is not one to run anything else on.
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let taskQueue: string;
beforeEach(async () => {
  env = await timeSkippingEnv(undefined, testDataConverter({ encrypt: false })); // the test worker has no codec
  taskQueue = uniqueTaskQueue('wedge');
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('./wedge/workflows'),
    sinks: { pause: { forMs: { fn: (_info, ms: number) => new Promise<void>((r) => setTimeout(r, ms)) } } } satisfies InjectedSinks<PauseSinks>,
    // The wedged task is never completed; don't let the worker's shutdown wait for it.
    shutdownGraceTime: '1s',
    shutdownForceTime: '2s',
  });
  running = worker.run();
});
afterEach(async () => {
  worker.shutdown();
  await running.catch(() => undefined);
  await env.teardown();
});

type Event = temporal.api.history.v1.IHistoryEvent;
const kind = (e: Event | undefined): string =>
  Object.keys(e ?? {})
    .find((k) => k.endsWith('EventAttributes'))
    ?.replace('EventAttributes', '') ?? '?';

async function startRacing(workflowType: string, id: string) {
  const handle = await env.client.workflow.start(workflowType, { taskQueue, workflowId: id });
  await handle.signal(go, slowTask); // its task starts at once and is still running when the 1 s timer fires
  return handle;
}

it('condition(fn, timeout): cancelling a timer that fired during the task wedges the run for good', async () => {
  const handle = await startRacing('cancelsItsTimer', `wedge-cancel-${Date.now()}`);
  await new Promise((r) => setTimeout(r, 4_000)); // the task (2.5 s) is over: its completion was refused
  const first = (await handle.fetchHistory()).events ?? [];
  await new Promise((r) => setTimeout(r, 8_000)); // longer than the 10 s task timeout since it started
  const later = (await handle.fetchHistory()).events ?? [];
  expect(later.length).toBe(first.length); // no progress at all
  expect(kind(later.at(-1))).toBe('workflowTaskStarted'); // ...with a task started and never completed,
  expect(later.some((e) => e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes)).toBe(false); // nor timed out
  expect((await handle.describe()).status.name).toBe('RUNNING');

  // The sandbox watchdog (GET /health) reports it once it has been quiet longer than its bound.
  const watchdog = new TaskWatchdog(env.client, { boundMs: 1000, intervalMs: 60_000, namespace: 'default', logger: createLogger('silent', 'wedge') });
  const t0 = Date.now();
  expect(await watchdog.sweep(t0)).toEqual([]);
  const stuck = await watchdog.sweep(t0 + 1500);
  expect(stuck.map((s) => s.workflowId)).toEqual([handle.workflowId]);
  expect(stuck[0]).toMatchObject({ taskState: 'STARTED', pendingForMs: 1500 });
  expect(watchdog.isStuck(handle.workflowId)).toBe(true);
  await handle.terminate('wedged on purpose by this test');
  expect(await watchdog.sweep(t0 + 3000)).toEqual([]);
});

it('createWakeups(): the same race completes, and no timer is ever cancelled', async () => {
  const handle = await startRacing('neverCancelsItsTimer', `wedge-wakeups-${Date.now()}`);
  expect(await handle.result()).toBe('signal');
  const events = (await handle.fetchHistory()).events ?? [];
  expect(events.some((e) => e.timerCanceledEventAttributes)).toBe(false);
  expect(events.some((e) => e.timerStartedEventAttributes)).toBe(true);
  expect(kind(events.at(-1))).toBe('workflowExecutionCompleted');
});
