/**
 * The date functions remember their answers (the zone offset by the hours around an instant). These
 * tests compare them, instant by instant, with the runtime's Intl data read directly, in zones with
 * odd offsets and odd transitions, and the remembered answers with fresh ones.
 */
import { agencyToday, startOfAgencyDay, toDayNumber, fromDayNumber, addDays } from '../../src/domain/dates';

/** The agency-local date of an instant, straight from Intl (no memo). */
function intlDate(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms));
  const get = (t: string): string => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const MIN = 60_000;
const DAY = 86_400_000;

// A transition near local midnight shows in the date: zones whose day starts near a transition, and
// offsets that are not whole hours.
const CASES: Array<[string, string]> = [
  ['America/Los_Angeles', '2024-03-10T10:00:00Z'],
  ['America/Los_Angeles', '2024-11-03T09:00:00Z'],
  ['America/Sao_Paulo', '2018-11-04T03:00:00Z'], // DST began at local midnight
  ['America/Havana', '2024-03-10T05:00:00Z'], // DST begins at 00:00 local
  ['America/St_Johns', '2024-03-10T05:30:00Z'], // −3:30
  ['Asia/Kathmandu', '1985-12-31T18:30:00Z'], // +5:30 → +5:45
  ['Australia/Lord_Howe', '2024-04-06T15:00:00Z'], // a 30-minute DST
  ['Pacific/Chatham', '2024-04-06T14:00:00Z'], // +13:45 → +12:45
  ['Pacific/Apia', '2011-12-30T10:00:00Z'], // skipped a whole day
  ['Asia/Kolkata', '1945-10-14T17:30:00Z'], // +6:30 → +5:30
];
// Not here: offsets of −00:xx (Africa/Monrovia, −0:44:30 until 1972), which @date-fns/tz's tzOffset
// itself reads with the wrong sign, memo or not; no zone has had one since 1972.

describe('remembered zone offsets give the dates Intl gives', () => {
  it.each(CASES)('%s around %s, minute by minute', (timeZone, around) => {
    const t0 = Date.parse(around);
    const mismatches: string[] = [];
    for (let ms = t0 - 2 * DAY; ms <= t0 + 2 * DAY; ms += 7 * MIN + 13_000) {
      const ours = agencyToday(ms, timeZone);
      const intl = intlDate(ms, timeZone);
      if (ours !== intl) mismatches.push(`${new Date(ms).toISOString()}: ${ours} ≠ ${intl}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('the start of each day is the first instant Intl puts in it', () => {
    for (const [timeZone, around] of CASES) {
      const day = intlDate(Date.parse(around), timeZone);
      for (const date of [addDays(day, -1), day, addDays(day, 1)]) {
        const start = startOfAgencyDay(date, timeZone).getTime();
        const at = intlDate(start, timeZone);
        const before = intlDate(start - 1, timeZone);
        // A day the zone skipped (Apia, 2011-12-30) starts where the next one does.
        const skipped = before < date && at > date;
        expect({ timeZone, date, at: skipped ? date : at, before: before < date }).toEqual({ timeZone, date, at: date, before: true });
      }
    }
  });

  it('asked again, in any order, answers the same', () => {
    const instants = Array.from({ length: 500 }, (_, i) => Date.parse('2024-03-09T00:00:00Z') + ((i * 7_919_311) % (3 * DAY)));
    const first = instants.map((ms) => agencyToday(ms, 'America/Los_Angeles'));
    const again = [...instants]
      .reverse()
      .map((ms) => agencyToday(ms, 'America/Los_Angeles'))
      .reverse();
    expect(again).toEqual(first);
    expect(instants.map((ms) => intlDate(ms, 'America/Los_Angeles'))).toEqual(first);
  });

  it('day numbers and dates round-trip, remembered or not', () => {
    for (let day = -800; day < 30_000; day += 37) {
      const date = fromDayNumber(day);
      expect(toDayNumber(date)).toBe(day);
      expect(fromDayNumber(toDayNumber(date))).toBe(date);
    }
    expect(() => toDayNumber('2024-02-30')).toThrow();
    expect(() => toDayNumber('2024-02-30')).toThrow(); // a refusal is not remembered as an answer
  });
});
