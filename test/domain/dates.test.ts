import {
  addDays,
  agencyToday,
  compareIsoDates,
  dateParts,
  fromDayNumber,
  isoDateOf,
  toDayNumber,
  DEFAULT_AGENCY_TIME_ZONE,
  diffDays,
  DomainError,
  isIsoDate,
  isValidTimeZone,
  maxIsoDate,
  parseIsoDate,
  startOfAgencyDay,
} from '../../src/domain';
import { LA } from './helpers';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `non-domain: ${String(e)}`;
  }
  return undefined;
}

describe('dates (R-TIME-1..3)', () => {
  it('R-TIME-1 default agency time zone is America/Los_Angeles', () => {
    expect(DEFAULT_AGENCY_TIME_ZONE).toBe('America/Los_Angeles');
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-1-5',
    '24-01-05',
    '',
    ' 2024-01-05',
    '2024-01-05T00:00:00Z',
    '0099-01-01',
  ])('R-TIME-1 parseIsoDate rejects %p with INVALID_DATE (400)', (s) => {
    expect(isIsoDate(s)).toBe(false);
    expect(codeOf(() => parseIsoDate(s))).toBe('INVALID_DATE');
  });

  it('R-TIME-1 parseIsoDate accepts real dates incl. leap day, rejects non-strings', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(parseIsoDate('2021-12-31')).toBe('2021-12-31');
    expect(codeOf(() => parseIsoDate(20240101))).toBe('INVALID_DATE');
    expect(codeOf(() => parseIsoDate(null))).toBe('INVALID_DATE');
  });

  it('R-TIME-1 addDays/diffDays are calendar arithmetic across month/year/leap boundaries and DST dates', () => {
    expect(addDays('2024-01-10', 91)).toBe('2024-04-10');
    expect(addDays('2024-01-10', 181)).toBe('2024-07-09');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-10', 1)).toBe('2024-03-11'); // US spring-forward day
    expect(addDays('2024-11-03', 1)).toBe('2024-11-04'); // US fall-back day
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(diffDays('2024-05-01', '2024-02-01')).toBe(90);
    expect(diffDays('2024-02-01', '2024-05-01')).toBe(-90);
    expect(diffDays('2024-11-04', '2024-08-05')).toBe(91);
    expect(diffDays('2024-03-11', '2024-03-10')).toBe(1);
  });

  it('R-TIME-1 compareIsoDates / maxIsoDate', () => {
    expect(compareIsoDates('2024-01-10', '2024-03-05')).toBe(-1);
    expect(compareIsoDates('2024-03-05', '2024-03-05')).toBe(0);
    expect(compareIsoDates('2025-01-01', '2024-12-31')).toBe(1);
    expect(maxIsoDate(['2024-01-10', '2024-03-05', '2024-02-01'])).toBe('2024-03-05');
    expect(maxIsoDate([])).toBeNull();
  });

  it('R-TIME-2 agencyToday is the agency-local date of the instant (Los Angeles is behind UTC)', () => {
    expect(agencyToday(Date.parse('2024-04-10T06:59:59.999Z'), LA)).toBe('2024-04-09');
    expect(agencyToday(Date.parse('2024-04-10T07:00:00.000Z'), LA)).toBe('2024-04-10');
    expect(agencyToday(new Date('2024-11-04T07:59:59Z'), LA)).toBe('2024-11-03');
    expect(agencyToday(new Date('2024-11-04T08:00:00Z'), LA)).toBe('2024-11-04');
    expect(agencyToday(Date.parse('2024-01-01T02:00:00Z'), 'UTC')).toBe('2024-01-01');
    expect(agencyToday(Date.parse('2024-01-01T02:00:00Z'))).toBe('2023-12-31'); // default zone
  });

  it('R-TIME-3 startOfAgencyDay: 00:00 local across DST (PDT 07:00Z, PST 08:00Z)', () => {
    expect(startOfAgencyDay('2024-04-10', LA).toISOString()).toBe('2024-04-10T07:00:00.000Z');
    expect(startOfAgencyDay('2024-11-04', LA).toISOString()).toBe('2024-11-04T08:00:00.000Z');
    expect(startOfAgencyDay('2024-01-10', 'America/New_York').toISOString()).toBe('2024-01-10T05:00:00.000Z');
  });

  it('R-TIME-3 DST spring-forward: 2024-03-10 starts at 08:00Z (PST) and lasts 23 h; 2024-03-11 starts at 07:00Z (PDT)', () => {
    const day = startOfAgencyDay('2024-03-10', LA);
    const next = startOfAgencyDay('2024-03-11', LA);
    expect(day.toISOString()).toBe('2024-03-10T08:00:00.000Z');
    expect(next.toISOString()).toBe('2024-03-11T07:00:00.000Z');
    expect(next.getTime() - day.getTime()).toBe(23 * 3600_000);
    expect(agencyToday(next.getTime() - 1, LA)).toBe('2024-03-10');
    expect(agencyToday(next, LA)).toBe('2024-03-11');
  });

  it('R-TIME-3 DST fall-back: 2024-11-03 starts at 07:00Z (PDT) and lasts 25 h; 2024-11-04 starts at 08:00Z (PST)', () => {
    const day = startOfAgencyDay('2024-11-03', LA);
    const next = startOfAgencyDay('2024-11-04', LA);
    expect(day.toISOString()).toBe('2024-11-03T07:00:00.000Z');
    expect(next.toISOString()).toBe('2024-11-04T08:00:00.000Z');
    expect(next.getTime() - day.getTime()).toBe(25 * 3600_000);
    // 01:30 local happens twice on fall-back day; both instants are still 2024-11-03
    expect(agencyToday(Date.parse('2024-11-03T08:30:00Z'), LA)).toBe('2024-11-03');
    expect(agencyToday(Date.parse('2024-11-03T09:30:00Z'), LA)).toBe('2024-11-03');
  });

  it('R-TIME-3 agencyToday(startOfAgencyDay(d)) round-trips for every day of 2024', () => {
    let d = '2024-01-01';
    for (let i = 0; i < 366; i++) {
      expect(agencyToday(startOfAgencyDay(d, LA), LA)).toBe(d);
      expect(agencyToday(startOfAgencyDay(d, LA).getTime() - 1, LA)).toBe(addDays(d, -1));
      d = addDays(d, 1);
    }
    expect(d).toBe('2025-01-01');
  });

  it('R-TIME-3 a zone whose midnight does not exist on a DST day (America/Santiago 2024-09-08) starts at the transition', () => {
    expect(startOfAgencyDay('2024-09-08', 'America/Santiago').toISOString()).toBe('2024-09-08T04:00:00.000Z');
    expect(agencyToday(startOfAgencyDay('2024-09-08', 'America/Santiago'), 'America/Santiago')).toBe('2024-09-08');
    expect(agencyToday(Date.parse('2024-09-08T03:59:59Z'), 'America/Santiago')).toBe('2024-09-07');
    expect(startOfAgencyDay('2024-09-09', 'America/Santiago').toISOString()).toBe('2024-09-09T03:00:00.000Z');
  });

  it('R-TIME-1 day numbers and date parts round-trip', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(fromDayNumber(toDayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(dateParts('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(isoDateOf(2024, 13, 1)).toBe('2025-01-01');
    expect(isoDateOf(2024, 3, 0)).toBe('2024-02-29');
  });

  it('R-TIME-1 isValidTimeZone / invalid zone → INVALID_TIME_ZONE', () => {
    expect(isValidTimeZone('America/Los_Angeles')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(codeOf(() => agencyToday(0, 'Mars/Olympus_Mons'))).toBe('INVALID_TIME_ZONE');
    expect(codeOf(() => startOfAgencyDay('2024-01-01', 'Nope/Nope'))).toBe('INVALID_TIME_ZONE');
  });
});
