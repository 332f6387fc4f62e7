/**
 * Follow-up quarters (R-FU-1) and the status a follow-up starts in (R-FU-2).
 */
import { addDays, dateParts, isoDateOf, type IsoDate } from './dates';
import type { FollowUpStatus } from './enums';

export const FOLLOW_UP_QUARTER_NUMBERS = [1, 2, 3, 4] as const;
export type FollowUpQuarterNumber = (typeof FOLLOW_UP_QUARTER_NUMBERS)[number];

export interface FollowUpQuarter {
  quarter: FollowUpQuarterNumber;
  /** First day of the calendar quarter. */
  periodStart: IsoDate;
  /** Last day of the calendar quarter. */
  periodEnd: IsoDate;
  /** R-FU-1: due = the last day of the quarter. */
  dueDate: IsoDate;
}

/**
 * R-FU-1: quarter k (1..4) is the k-th calendar quarter after the quarter containing the exit date;
 * its due date is the quarter's last day. Exit 2024-01-10 → due 2024-06-30, 2024-09-30,
 * 2024-12-31, 2025-03-31.
 */
export function followUpQuarters(exitDate: IsoDate): FollowUpQuarter[] {
  const { year, month } = dateParts(exitDate);
  const exitQuarterFirstMonth = month - ((month - 1) % 3); // 1, 4, 7 or 10
  return FOLLOW_UP_QUARTER_NUMBERS.map((quarter) => {
    const firstMonth = exitQuarterFirstMonth + 3 * quarter; // may exceed 12: isoDateOf rolls the year
    const periodStart = isoDateOf(year, firstMonth, 1);
    const periodEnd = addDays(isoDateOf(year, firstMonth + 3, 1), -1);
    return { quarter, periodStart, periodEnd, dueDate: periodEnd };
  });
}

/**
 * R-FU-2: a follow-up whose due date has already passed when it is created starts `overdue`,
 * otherwise `required`. "Passed" = strictly before today (on the due date itself it is still due).
 */
export function initialFollowUpStatus(dueDate: IsoDate, today: IsoDate): Extract<FollowUpStatus, 'required' | 'overdue'> {
  return dueDate < today ? 'overdue' : 'required';
}
