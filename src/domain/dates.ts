/**
 * Calendar dates and agency time (R-TIME-1, R-TIME-2, R-TIME-3).
 *
 * Business dates are plain `YYYY-MM-DD` strings. Calendar arithmetic is done on UTC day numbers
 * (days since 1970-01-01, via `Date.UTC` and the `getUTC*` getters), so results never depend on
 * the host's time zone or on DST. Only two functions touch the agency time zone: {@link agencyToday}
 * (instant → local date) and {@link startOfAgencyDay} (local date → instant of 00:00 local), both
 * built on `tzOffset` from @date-fns/tz (Intl time-zone data).
 *
 * Why not date-fns arithmetic or `TZDate`: date-fns functions read a plain `Date` through the host
 * time zone, and `TZDate` (a `Date` subclass) does not survive Temporal's workflow sandbox, whose
 * replacement `Date` constructor returns plain `Date` objects from `super()` (verified by
 * test/domain/sandbox-safety.test.ts: `agencyToday` built on `TZDate` returned the UTC date there).
 *
 * Deterministic: no clock access; "now" is always a parameter.
 */
import { tzOffset } from '@date-fns/tz';
import { DomainError } from './errors';

/** A calendar date `YYYY-MM-DD` (R-TIME-1). */
export type IsoDate = string;
/** An ISO-8601 UTC instant, e.g. `2024-03-01T17:00:00.000Z`. */
export type IsoInstant = string;

/** R-TIME-1 default for `AGENCY_TIME_ZONE`. */
export const DEFAULT_AGENCY_TIME_ZONE = 'America/Los_Angeles';

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/**
 * A case's rules ask for the same few dates and instants many times per command (timeliness, alerts,
 * the exit clock, the next wake-up): in the worker's profile the zone offsets (an `Intl` format each),
 * the date parsing and formatting were its costliest domain code. These functions are pure, so their
 * answers are remembered, exactly (no rounding of instants), up to a bound; the same question always
 * gets the same answer, in the workflow sandbox too.
 */
const MEMO_LIMIT = 4096;
function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
  return value;
}
const dayNumbers = new Map<string, number>();
const isoDates = new Map<number, IsoDate>();
const offsetsByZone = new Map<string, Map<number, number>>();

function splitIsoDate(s: string): [number, number, number] | null {
  const m = ISO_DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  // Years below 1000 are rejected: `Date.UTC` maps years 0-99 to 1900-1999.
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

function requireParts(date: IsoDate): [number, number, number] {
  const parts = splitIsoDate(date);
  if (!parts) throw new DomainError('INVALID_DATE', `not a calendar date: ${date}`, { value: date });
  return parts;
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const known = dayNumbers.get(date);
  if (known !== undefined) return known;
  const [y, m, d] = requireParts(date);
  return remember(dayNumbers, date, Date.UTC(y, m - 1, d) / MS_PER_DAY);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Inverse of {@link toDayNumber}. */
export function fromDayNumber(day: number): IsoDate {
  const known = isoDates.get(day);
  if (known !== undefined) return known;
  const dt = new Date(day * MS_PER_DAY);
  return remember(isoDates, day, `${pad(dt.getUTCFullYear(), 4)}-${pad(dt.getUTCMonth() + 1, 2)}-${pad(dt.getUTCDate(), 2)}`);
}

/** Year, month (1-12) and day of a date. */
export function dateParts(date: IsoDate): { year: number; month: number; day: number } {
  const [year, month, day] = requireParts(date);
  return { year, month, day };
}

/** The date of year/month(1-12)/day; the day may overflow (e.g. month 13 → next January). */
export function isoDateOf(year: number, month: number, day: number): IsoDate {
  return fromDayNumber(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** `date` + `n` calendar days (n may be negative). */
export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from `earlier` to `later` (`later - earlier`, negative when `later` is before). */
export function diffDays(later: IsoDate, earlier: IsoDate): number {
  return toDayNumber(later) - toDayNumber(earlier);
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

/**
 * Zones already found valid. Checking builds an `Intl.DateTimeFormat` (~0.1 ms), and every agency date
 * computation checks its zone: unmemoized this was ~9 % of the workflow thread's CPU (bench:scale).
 * Same answer for the same name for the life of the process, so it is safe in the workflow sandbox.
 */
const knownTimeZones = new Set<string>();

/** True when the IANA zone is known to the runtime's Intl data. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  if (knownTimeZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    knownTimeZones.add(timeZone);
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

/** UTC offset of the zone at the instant, in ms (positive east of Greenwich). */
function offsetMs(timeZone: string, ms: number): number {
  let offsets = offsetsByZone.get(timeZone);
  if (offsets === undefined) offsetsByZone.set(timeZone, (offsets = new Map()));
  const exactly = (at: number): number => offsets.get(at) ?? remember(offsets, at, tzOffset(timeZone, new Date(at)) * MS_PER_MINUTE);
  // Every command asks at a new instant, so the offset is read at the whole hours around it: when both
  // give the same offset, no transition lies between them (no zone has two transitions within an hour),
  // and the hour's answer serves every instant in it without another Intl call. An hour holding a
  // transition is answered exactly, instant by instant.
  const hourStart = Math.floor(ms / MS_PER_HOUR) * MS_PER_HOUR;
  const before = exactly(hourStart);
  return before === exactly(hourStart + MS_PER_HOUR) ? before : exactly(ms);
}

/**
 * R-TIME-2: the agency-local calendar date of an instant ("today" = `agencyToday(workflowNow)`).
 * @param now epoch milliseconds or a Date instant
 */
export function agencyToday(now: number | Date, timeZone: string = DEFAULT_AGENCY_TIME_ZONE): IsoDate {
  assertTimeZone(timeZone);
  const ms = typeof now === 'number' ? now : now.getTime();
  if (!Number.isFinite(ms)) throw new DomainError('INVALID_DATE', 'now is not a valid instant');
  return fromDayNumber(Math.floor((ms + offsetMs(timeZone, ms)) / MS_PER_DAY));
}

/**
 * R-TIME-3: the instant of 00:00 agency-local time on `date` (DST-safe: in Los Angeles 2024-04-10
 * starts at 07:00Z, 2024-11-04 at 08:00Z). When midnight occurs twice (a backward transition at
 * midnight) the first occurrence is returned; when it does not exist (a forward transition at
 * midnight) the first instant of the day, i.e. the transition itself.
 */
export function startOfAgencyDay(date: IsoDate, timeZone: string = DEFAULT_AGENCY_TIME_ZONE): Date {
  assertTimeZone(timeZone);
  const wallClock = toDayNumber(date) * MS_PER_DAY; // local 00:00 read as if it were UTC
  // Offsets a day before and after cover both sides of any transition near midnight.
  const candidates = [wallClock - offsetMs(timeZone, wallClock - MS_PER_DAY), wallClock - offsetMs(timeZone, wallClock + MS_PER_DAY)];
  const exact = candidates.filter((t) => t + offsetMs(timeZone, t) === wallClock);
  return new Date(exact.length > 0 ? Math.min(...exact) : Math.max(...candidates));
}
