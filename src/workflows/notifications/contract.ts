/**
 * Contract of the daily notifications job (SPEC §9 R-SUB-2, R-SUB-3): task queue, workflow ids, the
 * Schedule id, inputs and results. The API, the worker, the start command and the tests import it.
 *
 * - dev and external modes: a Temporal Schedule `wioa-daily-notifications` starts
 *   `dailyNotificationsWorkflow` every day at 06:00 agency time (visible in the UI's Schedules page).
 * - sandbox mode (the time-skipping test server has no Schedules): one long-running
 *   `dailyNotificationsClockWorkflow` (id `wioa-daily-notifications-clock`) sleeps on a durable timer
 *   until the next 06:00 agency time, runs the same job, and continues as new.
 * Both run on the application task queue (TEMPORAL_TASK_QUEUE): one worker serves everything.
 */
import type { IsoDate } from '../../domain/dates';

export const DAILY_NOTIFICATIONS_WORKFLOW_TYPE = 'dailyNotificationsWorkflow';
export const DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_TYPE = 'dailyNotificationsClockWorkflow';
/** The Schedule of dev and external modes. */
export const DAILY_NOTIFICATIONS_SCHEDULE_ID = 'wioa-daily-notifications';
/** Workflow id prefix of the Schedule's runs (Temporal appends the scheduled time). */
export const DAILY_NOTIFICATIONS_WORKFLOW_ID = 'wioa-daily-notifications';
/** The single sandbox-mode clock workflow. */
export const DAILY_NOTIFICATIONS_CLOCK_WORKFLOW_ID = 'wioa-daily-notifications-clock';
/** R-SUB-2: every day at 06:00 agency time. */
export const DAILY_NOTIFICATIONS_HOUR = 6;

/** The job runs on the worker's (application) task queue. */
export const notificationsTaskQueue = (applicationTaskQueue: string): string => applicationTaskQueue;

export interface DailyNotificationsInput {
  agencyTimeZone: string;
  /** The agency-local day to run for; default: the day of the workflow's start (06:00 agency time). */
  day?: IsoDate;
}

export interface DailyNotificationsClockInput {
  agencyTimeZone: string;
  /** Runs completed by this chain of runs (continue-as-new carries it; for operators' details). */
  runs?: number;
}

export interface DailyNotificationsResult {
  day: IsoDate;
  /** Staff members with subscriptions that were evaluated. */
  staff: number;
  /** Notifications created now (0 on a re-run of the same day). */
  created: number;
  digestsSent: number;
}
