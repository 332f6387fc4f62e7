/**
 * Makes sure the daily notifications job (SPEC §9 R-SUB-2) is scheduled, idempotently, at start-up:
 * - dev and external modes: the Temporal Schedule `wioa-daily-notifications` (every day 06:00 in
 *   AGENCY_TIME_ZONE). Created when missing; when it exists (a restart, a second start, a dev server
 *   restarted on its state file) it is updated in place to the wanted spec and action, never duplicated.
 * - sandbox mode: the time-skipping test server has no Schedules, so the single
 *   `wioa-daily-notifications-clock` workflow is started unless it already runs.
 * docs/operations.md "Daily notifications".
 */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { TemporalMode } from '../config';
import type { Logger } from '../logger';
import {
  DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID,
  DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_TYPE,
  DAILY_NOTIFICATIONS_HOUR,
  DAILY_NOTIFICATIONS_SCHEDULE_ID,
  DAILY_NOTIFICATIONS_WORKFLOW_ID,
  DAILY_NOTIFICATIONS_WORKFLOW_TYPE,
  type DailyNotificationsClockInput,
  type DailyNotificationsInput,
  notificationsTaskQueue,
} from '../workflows/notifications/contract';

export interface DailyNotificationsSetup {
  mode: TemporalMode;
  /** The application task queue (TEMPORAL_TASK_QUEUE). */
  taskQueue: string;
  agencyTimeZone: string;
  logger?: Logger;
}

function dailyNotificationsSchedule(o: Pick<DailyNotificationsSetup, 'taskQueue' | 'agencyTimeZone'>): ScheduleOptions {
  const input: DailyNotificationsInput = { agencyTimeZone: o.agencyTimeZone };
  return {
    scheduleId: DAILY_NOTIFICATIONS_SCHEDULE_ID,
    spec: {
      calendars: [{ hour: DAILY_NOTIFICATIONS_HOUR, minute: 0, comment: 'R-SUB-2 daily notifications at 06:00 agency time' }],
      timezone: o.agencyTimeZone,
    },
    action: {
      type: 'startWorkflow',
      workflowType: DAILY_NOTIFICATIONS_WORKFLOW_TYPE,
      workflowId: DAILY_NOTIFICATIONS_WORKFLOW_ID,
      taskQueue: notificationsTaskQueue(o.taskQueue),
      args: [input],
      staticSummary: 'Daily alert notifications (R-SUB-2): one per staff member, case and condition per day',
    },
    // A run still going at the next 06:00 is not doubled; after an outage of less than a day the missed
    // run is caught up (the job is idempotent, so catching up is safe).
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    state: { note: 'Created by the WIOA service at start-up (src/temporal/notification-schedule.ts); see docs/operations.md' },
  };
}

/** Idempotent: returns what exists now and whether this call created it. */
export async function ensureDailyNotifications(
  client: Client,
  o: DailyNotificationsSetup,
): Promise<{ kind: 'schedule' | 'clock-workflow'; id: string; created: boolean; runId?: string }> {
  if (o.mode === 'sandbox') {
    const input: DailyNotificationsClockInput = { agencyTimeZone: o.agencyTimeZone };
    try {
      const handle = await client.workflow.start(DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_TYPE, {
        workflowId: DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID,
        taskQueue: notificationsTaskQueue(o.taskQueue),
        args: [input],
        staticSummary: 'Daily alert notifications at 06:00 agency time (sandbox stand-in for the Schedule)',
      });
      o.logger?.info({ workflowId: DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID }, 'daily notifications clock workflow started');
      return { kind: 'clock-workflow', id: DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID, created: true, runId: handle.firstExecutionRunId };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return { kind: 'clock-workflow', id: DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID, created: false };
    }
  }
  const wanted = dailyNotificationsSchedule(o);
  try {
    await client.schedule.create(wanted);
    o.logger?.info({ scheduleId: wanted.scheduleId, timeZone: o.agencyTimeZone }, 'daily notifications schedule created');
    return { kind: 'schedule', id: wanted.scheduleId, created: true };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  // It exists: bring its spec and action to what this version wants (time zone or task queue changes).
  await client.schedule.getHandle(wanted.scheduleId).update((previous) => ({
    ...previous,
    spec: wanted.spec,
    action: wanted.action,
    policies: { ...previous.policies, ...wanted.policies },
  }));
  return { kind: 'schedule', id: wanted.scheduleId, created: false };
}
