/**
 * Calendar dates and agency time (R-TIME-1, R-TIME-2, R-TIME-3).
 *
 * Business dates are plain `YYYY-MM-DD` strings. All calendar arithmetic is done on dates pinned
 * to UTC midnight (`TZDate` in `UTC`), so the result never depends on the host's time zone or on
 * DST. Only two functions touch the agency time zone: {@link agencyToday} (instant → local date)
 * and {@link startOfAgencyDay} (local date → instant of 00:00 local).
 *
 * Deterministic: no clock access; "now" is always a parameter.
 */
import { TZDate } from '@date-fns/tz';
import { addDays as dfAddDays, differenceInCalendarDays, format } from 'date-fns';
import { DomainError } from './errors';

/** A calendar date `YYYY-MM-DD` (R-TIME-1). */
export type IsoDate = string;

/** R-TIME-1 default for `AGENCY_TIME_ZONE`. */
export const DEFAULT_AGENCY_TIME_ZONE = 'America/Los_Angeles';

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UTC = 'UTC';

function splitIsoDate(s: string): [number, number, number] | null {
  const m = ISO_DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  // Years below 1000 are rejected: `Date` maps years 0-99 to 1900-1999.
  if (y < 1000 || mo < 1 || mo > 12 || d < 1) return null;
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null; // e.g. 2024-02-30
  return [y, mo, d];
}

/** True when `s` is a real calendar date written exactly `YYYY-MM-DD`. */
export function isIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && splitIsoDate(s) !== null;
}

/**
 * Strict parse (R-TIME-1): `YYYY-MM-DD`, zero-padded, a real calendar day.
 * Throws `INVALID_DATE` (400) for `2024-02-30`, `2024-1-5`, `''`, non-strings.
 * @param field name reported in the error details
 */
export function parseIsoDate(s: unknown, field = 'date'): IsoDate {
  if (!isIsoDate(s)) {
    throw new DomainError('INVALID_DATE', `${field} must be a calendar date YYYY-MM-DD`, {
      field,
      value: typeof s === 'string' ? s : String(s),
    });
  }
  return s;
}

/** The date as a `TZDate` at 00:00 UTC (internal carrier for date-fns arithmetic). */
function toUtcDay(date: IsoDate): TZDate {
  const parts = splitIsoDate(date);
  if (!parts) throw new DomainError('INVALID_DATE', `not a calendar date: ${date}`, { value: date });
  const [y, m, d] = parts;
  return new TZDate(y, m - 1, d, UTC);
}

/** Format a date-fns result that is a `TZDate` in UTC (its getters read UTC fields). */
function fromUtcDay(d: Date): IsoDate {
  return format(d, 'yyyy-MM-dd');
}

/** `date` + `n` calendar days (n may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  return fromUtcDay(dfAddDays(toUtcDay(date), n));
}

/** Calendar days from `earlier` to `later` (`later - earlier`, negative when `later` is before). */
export function diffDays(later: IsoDate, earlier: IsoDate): number {
  return differenceInCalendarDays(toUtcDay(later), toUtcDay(earlier));
}

/** -1, 0 or 1. Valid ISO dates compare correctly as strings. */
export function compareIsoDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The latest of the dates, or null for none. */
export function maxIsoDate(dates: Iterable<IsoDate>): IsoDate | null {
  let max: IsoDate | null = null;
  for (const d of dates) if (max === null || d > max) max = d;
  return max;
}

/** Internal carrier of a calendar date for date-fns (UTC midnight); exposed for sibling modules. */
export function isoDateToUtcDay(date: IsoDate): TZDate {
  return toUtcDay(date);
}

/** Inverse of {@link isoDateToUtcDay}. */
export function utcDayToIsoDate(d: Date): IsoDate {
  return fromUtcDay(d);
}

/** True when the IANA zone is known to the runtime's Intl data. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new DomainError('INVALID_TIME_ZONE', `unknown time zone: ${timeZone}`, { timeZone });
  }
}

/**
 * R-TIME-2: the agency-local calendar date of an instant ("today" = `agencyToday(workflowNow)`).
 * @param now epoch milliseconds or a Date instant
 */
export function agencyToday(now: number | Date, timeZone: string = DEFAULT_AGENCY_TIME_ZONE): IsoDate {
  assertTimeZone(timeZone);
  const ms = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(ms)) throw new DomainError('INVALID_DATE', 'now is not a valid instant');
  return format(new TZDate(ms, timeZone), 'yyyy-MM-dd');
}

/**
 * R-TIME-3: the instant of 00:00 agency-local time on `date` (DST-safe: 2024-11-04 in
 * Los Angeles is 08:00Z, 2024-04-10 is 07:00Z). In a zone where midnight does not exist on that day
 * the first existing local instant of the day is returned.
 */
export function startOfAgencyDay(date: IsoDate, timeZone: string = DEFAULT_AGENCY_TIME_ZONE): Date {
  assertTimeZone(timeZone);
  const parts = splitIsoDate(date);
  if (!parts) throw new DomainError('INVALID_DATE', `not a calendar date: ${date}`, { value: date });
  const [y, m, d] = parts;
  return new Date(new TZDate(y, m - 1, d, timeZone).getTime());
}
