/**
 * The daily notifications job (SPEC §9 R-SUB-2, R-SUB-3): thin — the day, two activities. All the
 * work (and its idempotency: unique keys in PostgreSQL) is in src/activities/notifications.ts.
 */
import { CancellationScope, continueAsNew, log, proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { agencyToday } from '../../domain/dates';
import { nextDailyRun } from '../../domain/notifications';
import { DAILY_NOTIFICATIONS_HOUR, type DailyNotificationsClockInput, type DailyNotificationsInput, type DailyNotificationsResult } from './contract';

const jobs = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

async function runJob(day: string): Promise<DailyNotificationsResult> {
  const created = await jobs.createDailyNotifications({ day });
  const digests = await jobs.sendNotificationDigests({ day });
  return { day, staff: created.staff, created: created.created, digestsSent: digests.sent };
}

/** One day's run (started by the Schedule in dev and external modes). */
export async function dailyNotificationsWorkflow(input: DailyNotificationsInput): Promise<DailyNotificationsResult> {
  return runJob(input.day ?? agencyToday(Date.now(), input.agencyTimeZone));
}

/**
 * Sandbox mode's durable stand-in for the Schedule: sleep until the next 06:00 agency time (a timer
 * nothing ever cancels: docs/testing.md), run the job for that day, continue as new (one day per run,
 * so the history stays a dozen events).
 */
export async function dailyNotificationsClockWorkflow(input: DailyNotificationsClockInput): Promise<never> {
  const next = nextDailyRun(Date.now(), DAILY_NOTIFICATIONS_HOUR, input.agencyTimeZone);
  await CancellationScope.nonCancellable(() => sleep(next.at - Date.now(), { summary: `daily notifications ${next.day} 06:00` }));
  try {
    await runJob(next.day);
  } catch (err) {
    // Retries exhausted (e.g. PostgreSQL down for hours): the next morning still runs, and an operator
    // can re-run the day (POST /api/v1/notifications/run); the clock itself must not die.
    log.error('daily notifications failed for the day; continuing with the next', { day: next.day, error: err instanceof Error ? err.message : String(err) });
  }
  return continueAsNew<typeof dailyNotificationsClockWorkflow>({ agencyTimeZone: input.agencyTimeZone, runs: (input.runs ?? 0) + 1 });
}
