import type { Alert } from '../../src/domain/alerts';
import { addDays } from '../../src/domain/dates';
import {
  type ConditionMemory,
  agencyInstantAt,
  conditionKey,
  digestMessage,
  episodeStartOn,
  nextDailyRun,
  notificationsForDay,
} from '../../src/domain/notifications';
import type { AlertSubscription } from '../../src/domain/alert-subscriptions';

const exitAlert = (since: string): Alert => ({ type: 'exit_approaching', subjectKey: '', since, detail: { softExitDate: addDays(since, 14) } });

/** Runs the job day by day over `days`, with the alerts each day, keeping the memory like the database. */
function simulate(subs: AlertSubscription[], days: { day: string; alerts: Alert[] }[]): string[] {
  const memory = new Map<string, ConditionMemory>();
  const out: string[] = [];
  for (const { day, alerts } of days) {
    const r = notificationsForDay({ day, subscriptions: subs, alertsByApplication: new Map([['app-1', alerts]]), memory });
    for (const m of r.memory) memory.set(conditionKey(m), m);
    out.push(...r.notifications.map((n) => `${n.day}:${n.type}`));
  }
  return out;
}
const range = (from: string, n: number, alerts: (day: string) => Alert[]) =>
  Array.from({ length: n }, (_, i) => addDays(from, i)).map((day) => ({ day, alerts: alerts(day) }));

describe('daily notifications (SPEC §9 R-SUB-2)', () => {
  // exit_approaching open 2024-03-27 … 2024-04-10 (soft exit 2024-04-10), cleared after.
  const days = range('2024-03-25', 20, (d) => (d >= '2024-03-27' && d <= '2024-04-10' ? [exitAlert('2024-03-27')] : []));

  it('R-SUB-2 on_the_day: one notification, on the first day the condition holds', () => {
    expect(simulate([{ type: 'exit_approaching', notify: 'on_the_day' }], days)).toEqual(['2024-03-27:exit_approaching']);
  });

  it('R-SUB-2 daily_while_open: one per day it holds, none after it clears', () => {
    const got = simulate([{ type: 'exit_approaching', notify: 'daily_while_open' }], days);
    expect(got).toHaveLength(15);
    expect(got[0]).toBe('2024-03-27:exit_approaching');
    expect(got.at(-1)).toBe('2024-04-10:exit_approaching');
  });

  it('R-SUB-2 no subscription to the type: nothing', () => {
    expect(simulate([{ type: 'case_note_due', notify: 'daily_while_open' }], days)).toEqual([]);
  });

  it('R-SUB-2 on_the_day again when the condition clears and holds again (a new episode)', () => {
    const flapping = range('2024-05-01', 6, (d) =>
      d === '2024-05-03' ? [] : [{ type: 'case_note_due', subjectKey: '', since: d <= '2024-05-02' ? '2024-05-01' : '2024-05-04', detail: {} } as Alert],
    );
    expect(simulate([{ type: 'case_note_due', notify: 'on_the_day' }], flapping)).toEqual(['2024-05-01:case_note_due', '2024-05-04:case_note_due']);
  });

  it('R-SUB-2 running the job twice for a day gives the same notifications (the unique key makes the second insert nothing)', () => {
    const subs: AlertSubscription[] = [{ type: 'exit_approaching', notify: 'on_the_day' }];
    const memory = new Map<string, ConditionMemory>();
    const input = { day: '2024-03-27', subscriptions: subs, alertsByApplication: new Map([['app-1', [exitAlert('2024-03-27')]]]) };
    const first = notificationsForDay({ ...input, memory });
    for (const m of first.memory) memory.set(conditionKey(m), m);
    const second = notificationsForDay({ ...input, memory });
    expect(second.notifications).toEqual(first.notifications);
    expect(first.notifications).toHaveLength(1);
    // and the next day it is the same episode
    for (const m of second.memory) memory.set(conditionKey(m), m);
    expect(notificationsForDay({ ...input, day: '2024-03-28', memory }).notifications).toEqual([]);
  });

  it('R-SUB-2 a day the job did not run does not start a new episode when the condition never cleared', () => {
    const memory = { lastHeldDay: '2024-03-28', episodeStart: '2024-03-27' };
    // job down on 03-29 and 03-30; on 03-31 the alert is still the one open since 03-27
    expect(episodeStartOn('2024-03-31', '2024-03-27', memory)).toBe('2024-03-27');
    // an alert whose start is after the last observation is a new episode
    expect(episodeStartOn('2024-03-31', '2024-03-30', memory)).toBe('2024-03-31');
    // future_activity_beyond_exit-like alerts (since = today) continue only from the day before
    expect(episodeStartOn('2024-03-29', '2024-03-29', memory)).toBe('2024-03-27');
    expect(episodeStartOn('2024-03-29', '2024-03-29', undefined)).toBe('2024-03-29');
  });

  it('R-SUB-2 one notification per condition: two activities past their projected end are two conditions', () => {
    const alerts: Alert[] = ['a1', 'a2'].map((id) => ({ type: 'open_activity_past_projected_end', subjectKey: id, since: '2024-01-16', detail: {} }));
    const r = notificationsForDay({
      day: '2024-01-16',
      subscriptions: [{ type: 'open_activity_past_projected_end', notify: 'on_the_day' }],
      alertsByApplication: new Map([['app-1', alerts]]),
      memory: new Map(),
    });
    expect(r.notifications.map((n) => n.subjectKey)).toEqual(['a1', 'a2']);
  });
});

describe('e-mail digest (SPEC §9 R-SUB-3)', () => {
  it('R-SUB-3 the digest lists ids, types, dates and links only', () => {
    const m = digestMessage('S-1', '2024-03-27', [{ id: 'n-1', applicationId: 'app-1', type: 'exit_approaching', day: '2024-03-27' }], 'http://wioa.example/');
    expect(m.subject).toBe('WIOA alerts for 2024-03-27: 1 notification');
    expect(m.text).toContain('exit_approaching | application app-1 | 2024-03-27');
    expect(m.text).toContain('http://wioa.example/api/v1/applications/app-1');
    expect(m.text).toContain('notification n-1');
  });
});

describe('06:00 agency time (SPEC §9 R-SUB-2, R-TIME-3)', () => {
  const LA = 'America/Los_Angeles';
  it.each([
    ['2024-01-11', '2024-01-11T14:00:00.000Z'], // PST
    ['2024-03-09', '2024-03-09T14:00:00.000Z'], // the day before DST starts
    ['2024-03-10', '2024-03-10T13:00:00.000Z'], // DST starts at 02:00: 06:00 PDT
    ['2024-11-03', '2024-11-03T14:00:00.000Z'], // DST ends at 02:00: 06:00 PST
    ['2024-07-01', '2024-07-01T13:00:00.000Z'],
  ])('R-SUB-2 the job for %s runs at %s', (date, instant) => {
    expect(agencyInstantAt(date, 6, LA).toISOString()).toBe(instant);
  });

  it('R-SUB-2 the next run is strictly after now: later today before 06:00, tomorrow from 06:00 on', () => {
    expect(nextDailyRun(Date.parse('2024-01-10T18:00:00Z'), 6, LA)).toEqual({ day: '2024-01-11', at: Date.parse('2024-01-11T14:00:00Z') });
    expect(nextDailyRun(Date.parse('2024-01-11T13:59:59Z'), 6, LA)).toEqual({ day: '2024-01-11', at: Date.parse('2024-01-11T14:00:00Z') });
    expect(nextDailyRun(Date.parse('2024-01-11T14:00:00Z'), 6, LA)).toEqual({ day: '2024-01-12', at: Date.parse('2024-01-12T14:00:00Z') });
    expect(nextDailyRun(Date.parse('2024-03-09T15:00:00Z'), 6, LA)).toEqual({ day: '2024-03-10', at: Date.parse('2024-03-10T13:00:00Z') });
    expect(nextDailyRun(Date.parse('2024-01-11T03:00:00Z'), 6, 'Asia/Tokyo')).toEqual({ day: '2024-01-12', at: Date.parse('2024-01-11T21:00:00Z') });
  });
});
