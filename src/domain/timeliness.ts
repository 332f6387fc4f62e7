/**
 * Timeliness of data entry (R-TIMELY-1, R-TIMELY-2): an entry is late when it is entered more than
 * five business days after the date it describes; a case note also when entered more than five
 * calendar days after its contact date.
 *
 * Business days are Monday–Friday except US federal holidays as observed. The holidays come from
 * the date-holidays library through a generated list (data/us-federal-holidays.json, `npm run
 * holidays:generate`; a test fails when it drifts from the library), because the library itself
 * cannot be bundled into workflow code. Pure and deterministic: safe in workflows.
 */
import holidays from './data/us-federal-holidays.json';
import { addDays, isIsoDate, toDayNumber, type IsoDate } from './dates';
import { DomainError } from './errors';

/** R-TIMELY-1: entries are due within this many business days of the date they describe. */
export const TIMELY_BUSINESS_DAYS = 5;
/** R-TIMELY-2: case notes are also due within this many calendar days of the contact. */
const CASE_NOTE_CALENDAR_DAYS = 5;

const HOLIDAYS: ReadonlySet<string> = new Set(holidays.dates);

/** What every timed entry records (R-TIMELY-1): the agency-local day it was entered, and whether late. */
export interface Timeliness {
  enteredOn: IsoDate;
  late: boolean;
}

/** R-TIMELY-1: one dated entry: the date it describes, the agency-local date it was entered, late or not. */
export interface TimedEntryView {
  datedOn: IsoDate;
  enteredOn: IsoDate;
  late: boolean;
  enteredBy: string;
}

/** The kinds of entries whose timeliness is recorded (R-TIMELY-1); `case_note` adds R-TIMELY-2. */
export type TimedEntryKind = 'activity' | 'activity_close' | 'case_note' | 'closure' | 'plan_entry' | 'credential' | 'skill_gain' | 'follow_up';

function isFederalHoliday(date: IsoDate): boolean {
  const year = Number(date.slice(0, 4));
  if (year < holidays.from || year > holidays.to) {
    throw new DomainError('INVALID_DATE', `no federal holiday calendar for ${year} (covers ${holidays.from}–${holidays.to})`, { field: 'date' });
  }
  return HOLIDAYS.has(date);
}

export function isBusinessDay(date: IsoDate): boolean {
  // Day 0 (1970-01-01) was a Thursday: (day + 4) mod 7 gives 0 = Sunday … 6 = Saturday.
  const weekday = (((toDayNumber(date) + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6 && !isFederalHoliday(date);
}

/** The date `n` business days after `date` (the date itself does not count). */
export function addBusinessDays(date: IsoDate, n: number): IsoDate {
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isBusinessDay(d)) left -= 1;
  }
  return d;
}

/** The last day an entry describing `datedOn` is on time (R-TIMELY-1). */
export function timelyUntil(datedOn: IsoDate): IsoDate {
  return addBusinessDays(datedOn, TIMELY_BUSINESS_DAYS);
}

/**
 * R-TIMELY-1 / R-TIMELY-2: `enteredOn` and `late` for an entry describing `datedOn`, entered on
 * `enteredOn` (the agency-local date of entry).
 */
export function entryTimeliness(kind: TimedEntryKind, datedOn: IsoDate, enteredOn: IsoDate): Timeliness {
  if (!isIsoDate(datedOn) || !isIsoDate(enteredOn)) {
    throw new DomainError('INVALID_DATE', 'timeliness needs YYYY-MM-DD dates', { field: 'date' });
  }
  const lateByBusinessDays = enteredOn > timelyUntil(datedOn);
  const lateByCalendarDays = kind === 'case_note' && enteredOn > addDays(datedOn, CASE_NOTE_CALENDAR_DAYS);
  return { enteredOn, late: lateByBusinessDays || lateByCalendarDays };
}
