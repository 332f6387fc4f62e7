/**
 * Dates as the console types and shows them: `YYYY-MM-DD` (R-UI-12), calendar days counted in UTC so
 * that no time zone or daylight-saving change moves a date. Pure functions (unit-tested in test/web).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar date `YYYY-MM-DD` (2024-02-30 is not: it does not come back the same from a Date). */
export const isIsoDate = (s: string): boolean => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return ISO_DATE.test(s) && !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${iso}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

export const fromDayNumber = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

export const addDays = (iso: string, days: number): string => fromDayNumber(dayNumber(iso) + days);

/** Days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** The calendar date of an instant in a time zone, `YYYY-MM-DD`. */
export function dateIn(instant: Date | string | number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** "in 41 days", "tomorrow", "today", "yesterday", "3 days ago". */
export function relativeDays(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/** An instant as `YYYY-MM-DD HH:mm` in a time zone (audit trail). */
export function dateTimeIn(instant: string, timeZone: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
  return `${dateIn(d, timeZone)} ${time}`;
}

/** `participating` → `Participating`, `exited_exclusionary` → `Exited exclusionary`. */
export const capitalise = (word: string): string => {
  const s = word.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};
