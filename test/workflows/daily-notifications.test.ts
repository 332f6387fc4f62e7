/**
 * The daily notifications workflows (R-SUB-2) on the time-skipping server with recording activities:
 * the sandbox clock runs the job once per day at 06:00 agency time (across a DST change), one run per
 * day (continue-as-new), and keeps going after a day whose job failed; the scheduled workflow runs the
 * day it is started on, or the day it is given.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { Context } from '@temporalio/activity';
import type { Activities } from '../../src/activities';
import { testDataConverter, timeSkippingEnv, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';
import { eventually } from '../helpers/wait';
import {
  DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID,
  DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_TYPE,
  DAILY_NOTIFICATIONS_WORKFLOW_TYPE,
} from '../../src/workflows/notifications/contract';

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const taskQueue = uniqueTaskQueue('wf_daily_notifications');
/** (day, instant) of every createDailyNotifications call. */
const calls: { day: string; at: number }[] = [];
const failOn = new Set<string>();

beforeAll(async () => {
  env = await timeSkippingEnv('2024-03-07T18:00:00Z'); // 10:00 PST, three days before DST starts
  const activities: Activities = {
    persistApplication: async () => ({ applied: true }),
    createDailyNotifications: async ({ day }) => {
      // The server's (skipped) time the job was scheduled at; asking env.currentTimeMs() here would wait
      // for the clock advance in flight, which waits for this activity.
      calls.push({ day, at: Context.current().info.scheduledTimestampMs });
      if (failOn.has(day)) throw ApplicationFailure.nonRetryable(`job for ${day} failed (test)`);
      return { staff: 1, created: 2 };
    },
    sendNotificationDigests: async () => ({ sent: 1 }),
  };
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    activities,
    workflowBundle: await workflowBundle(),
    dataConverter: testDataConverter(),
  });
  running = worker.run();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

describe('R-SUB-2 daily notifications workflows', () => {
  it('R-SUB-2 the scheduled workflow runs the job for the day it is started on (agency time), or the given day', async () => {
    // Not `execute`/`result()`: waiting for a result lets the time-skipping server jump to the next
    // timer it knows of (a closed run's execution timeout, years ahead), which would move the clock.
    const finished = async (workflowId: string, args: unknown[]) => {
      const handle = await env.client.workflow.start(DAILY_NOTIFICATIONS_WORKFLOW_TYPE, { workflowId, taskQueue, args });
      await eventually(
        async () => (await handle.describe()).status.name,
        (s) => s === 'COMPLETED',
        10_000,
        `${workflowId} completed`,
      );
    };
    await finished('wf-daily-today', [{ agencyTimeZone: 'America/Los_Angeles' }]);
    await finished('wf-daily-given', [{ agencyTimeZone: 'America/Los_Angeles', day: '2024-03-01' }]);
    await finished('wf-daily-tokyo', [{ agencyTimeZone: 'Asia/Tokyo' }]); // 2024-03-08 03:00 in Tokyo
    expect(calls.map((c) => c.day)).toEqual(['2024-03-07', '2024-03-01', '2024-03-08']);
    expect(new Date(await env.currentTimeMs()).toISOString().slice(0, 10)).toBe('2024-03-07');
    calls.splice(0);
  });

  it('R-SUB-2 the sandbox clock runs once per day at 06:00 agency time across DST, one run per day, and survives a failed day', async () => {
    failOn.add('2024-03-09');
    await env.client.workflow.start(DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_TYPE, {
      workflowId: DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID,
      taskQueue,
      args: [{ agencyTimeZone: 'America/Los_Angeles' }],
    });
    await env.sleep(Date.parse('2024-03-11T13:30:00Z') - (await env.currentTimeMs())); // 06:30 PDT on 03-11
    await eventually(
      () => calls.map((c) => c.day),
      (d) => d.length >= 4,
      10_000,
      'four mornings',
    );
    expect(calls.map((c) => [c.day, new Date(c.at).toISOString().slice(0, 16)])).toEqual([
      ['2024-03-08', '2024-03-08T14:00'], // 06:00 PST
      ['2024-03-09', '2024-03-09T14:00'], // failed: logged, the clock goes on
      ['2024-03-10', '2024-03-10T13:00'], // DST: 06:00 PDT
      ['2024-03-11', '2024-03-11T13:00'],
    ]);
    const handle = env.client.workflow.getHandle(DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toEqual(expect.any(String));
    expect(events.filter((e) => e.timerStartedEventAttributes)).toHaveLength(1); // this run only waits for 03-12
  });
});
