/**
 * Daily notifications (SPEC §9 R-SUB-2, R-SUB-3).
 *
 * Once a day (06:00 agency time) the job evaluates, for each staff member with subscriptions, the
 * alert conditions of every application in their caseload (case manager = that staff member) on that
 * day, with that staff member's thresholds ({@link thresholdsFor}). A condition is one alert of one
 * application: its `type` and `subjectKey` (an activity id, a follow-up quarter, a break id, or ''
 * for application-wide alerts).
 *
 * `on_the_day` notifies on the first day a condition holds; `daily_while_open` on every day it holds.
 * "First day" needs memory of earlier days, kept per (staff, application, condition) as a
 * {@link ConditionMemory}: the last day the job saw it hold and the day its current episode began.
 * On day D a condition that holds is the SAME episode as the remembered one when
 * - the memory is from D or later (the job runs again for a day it already ran: same answer), or
 * - it held the day before (lastHeldDay = D − 1), or
 * - the alert's own start date (`since`, derived from the case state) is on or before lastHeldDay:
 *   the condition has been open without a break since before the last observation (this bridges days
 *   the job did not run, e.g. an outage, without a second "first day");
 * otherwise a NEW episode begins on D. `on_the_day` fires when the episode began on D. Because the
 * decision for a day is a function of the memory from before that day, running the job twice for D
 * gives the same notifications; the database's unique key (staff, application, type, subject, day)
 * makes the second run insert nothing.
 *
 * Pure: no clock, no I/O.
 */
import type { Alert } from './alerts';
import type { AlertSubscription } from './alert-subscriptions';
import { tzOffset } from '@date-fns/tz';
import { addDays, agencyToday, compareIsoDates, toDayNumber, type IsoDate } from './dates';

export interface ConditionMemory {
  applicationId: string;
  type: string;
  subjectKey: string;
  lastHeldDay: IsoDate;
  episodeStart: IsoDate;
}

export interface NotificationToCreate {
  applicationId: string;
  type: string;
  subjectKey: string;
  day: IsoDate;
}

export const conditionKey = (c: { applicationId: string; type: string; subjectKey: string }): string =>
  `${c.applicationId}\u0000${c.type}\u0000${c.subjectKey}`;

/** The episode start of a condition that holds on `day`, given what was remembered (see the module comment). */
export function episodeStartOn(day: IsoDate, since: IsoDate, memory: Pick<ConditionMemory, 'lastHeldDay' | 'episodeStart'> | undefined): IsoDate {
  if (!memory) return day;
  if (compareIsoDates(memory.lastHeldDay, day) >= 0) return compareIsoDates(memory.episodeStart, day) <= 0 ? memory.episodeStart : day;
  if (memory.lastHeldDay === addDays(day, -1)) return memory.episodeStart;
  if (compareIsoDates(since, memory.lastHeldDay) <= 0) return memory.episodeStart;
  return day;
}

export interface StaffDayInput {
  day: IsoDate;
  subscriptions: readonly AlertSubscription[];
  /** The alerts open on `day` on each application of the caseload, with the staff member's thresholds. */
  alertsByApplication: ReadonlyMap<string, readonly Alert[]>;
  /** Remembered conditions of this staff member (any application), by {@link conditionKey}. */
  memory: ReadonlyMap<string, ConditionMemory>;
}

export interface StaffDayResult {
  notifications: NotificationToCreate[];
  /** The memory to store for every subscribed condition that holds on `day`. */
  memory: ConditionMemory[];
}

/** R-SUB-2 for one staff member and one day: which notifications, and what to remember. */
export function notificationsForDay(input: StaffDayInput): StaffDayResult {
  const byType = new Map(input.subscriptions.map((s) => [s.type, s]));
  const notifications: NotificationToCreate[] = [];
  const memory: ConditionMemory[] = [];
  const applicationIds = [...input.alertsByApplication.keys()].sort();
  for (const applicationId of applicationIds) {
    for (const alert of input.alertsByApplication.get(applicationId) ?? []) {
      const subscription = byType.get(alert.type);
      if (!subscription) continue;
      const key = { applicationId, type: alert.type, subjectKey: alert.subjectKey };
      const remembered = input.memory.get(conditionKey(key));
      const episodeStart = episodeStartOn(input.day, alert.since, remembered);
      const lastHeldDay = remembered && compareIsoDates(remembered.lastHeldDay, input.day) > 0 ? remembered.lastHeldDay : input.day;
      memory.push({ ...key, lastHeldDay, episodeStart });
      if (subscription.notify === 'daily_while_open' || episodeStart === input.day) {
        notifications.push({ ...key, day: input.day });
      }
    }
  }
  return { notifications, memory };
}

export interface DigestItem {
  id: string;
  applicationId: string;
  type: string;
  day: IsoDate;
}

/**
 * R-SUB-3 e-mail digest of one staff member's notifications of one day: ids, types, dates and links
 * only (no names, no notes, no free text). `baseUrl` is the API's public address.
 */
export function digestMessage(staffId: string, day: IsoDate, items: readonly DigestItem[], baseUrl: string): { subject: string; text: string } {
  const base = baseUrl.replace(/\/+$/, '');
  const lines = [...items]
    .sort((a, b) => (a.type === b.type ? (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0) : a.type < b.type ? -1 : 1))
    .map((i) => `- ${i.type} | application ${i.applicationId} | ${i.day}\n  ${base}/api/v1/applications/${i.applicationId}  (notification ${i.id})`);
  return {
    subject: `WIOA alerts for ${day}: ${items.length} notification${items.length === 1 ? '' : 's'}`,
    text: [
      `Alert notifications for staff ${staffId} on ${day}.`,
      '',
      ...lines,
      '',
      `All notifications: ${base}/api/v1/me/notifications?since=${day}`,
      'This message carries ids, alert types, dates and links only; open the case in the service for details.',
      '',
    ].join('\n'),
  };
}

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

/**
 * R-SUB-2: the instant of `hour`:00 agency-local time on `date` (06:00 for the daily job), DST-safe:
 * in Los Angeles 2024-03-10 06:00 is 13:00Z (PDT), 2024-03-09 06:00 is 14:00Z (PST).
 */
export function agencyInstantAt(date: IsoDate, hour: number, timeZone: string): Date {
  const wall = toDayNumber(date) * MS_PER_DAY + hour * MS_PER_HOUR; // local wall clock read as UTC
  const offset = (ms: number): number => tzOffset(timeZone, new Date(ms)) * 60_000;
  const candidates = [wall - offset(wall - MS_PER_DAY), wall - offset(wall + MS_PER_DAY)];
  const exact = candidates.filter((t) => t + offset(t) === wall);
  return new Date(exact.length > 0 ? Math.min(...exact) : Math.max(...candidates));
}

/** The first daily run (at `hour`:00 agency time) strictly after `now`, and the agency date it is for. */
export function nextDailyRun(now: number, hour: number, timeZone: string): { day: IsoDate; at: number } {
  const today = agencyToday(now, timeZone);
  const todayAt = agencyInstantAt(today, hour, timeZone).getTime();
  if (todayAt > now) return { day: today, at: todayAt };
  const tomorrow = addDays(today, 1);
  return { day: tomorrow, at: agencyInstantAt(tomorrow, hour, timeZone).getTime() };
}
