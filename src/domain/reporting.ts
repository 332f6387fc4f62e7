/**
 * Federal performance reporting (SPEC §10): the cohort arithmetic of the quarterly and annual reports
 * (R-RPT-1) and the per-period codes the reports and the PIRL export are built from (R-RPT-3). Pure:
 * the SQL in src/db/reports.sql.ts applies the same bounds to the projections.
 *
 * Quarter index q(d) = 4 × year + ⌊(month − 1) / 3⌋. Program year PY Y runs Y-07-01 … (Y+1)-06-30: its Q1 is
 * Jul–Sep of Y, Q4 Apr–Jun of Y + 1. A report has a report quarter R; the annual report `PY2024` has the
 * cohorts of `PY2024Q4`.
 */
import { addDays, dateParts, isoDateOf, type IsoDate } from './dates';
import { DomainError } from './errors';

/** The programs §10 reports on (Title I). */
export const REPORT_PROGRAMS = ['ADULT', 'DISLOCATED_WORKER', 'YOUTH'] as const;
export type ReportProgram = (typeof REPORT_PROGRAMS)[number];

export const quarterIndex = (date: IsoDate): number => {
  const { year, month } = dateParts(date);
  return 4 * year + Math.floor((month - 1) / 3);
};

/** First and last day of quarter index q. */
export function quarterBounds(q: number): { start: IsoDate; end: IsoDate } {
  const year = Math.floor(q / 4);
  const firstMonth = 3 * (q - 4 * year) + 1;
  return { start: isoDateOf(year, firstMonth, 1), end: addDays(isoDateOf(year, firstMonth + 3, 1), -1) };
}

export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

export interface ReportPeriod {
  /** As given: `PY2025Q2` or `PY2024`. */
  period: string;
  kind: 'quarterly' | 'annual';
  programYear: number;
  /** Quarter index of the report quarter R. */
  R: number;
  reportQuarter: { start: IsoDate; end: IsoDate };
}

const PERIOD_RE = /^PY(\d{4})(?:Q([1-4]))?$/;

/** Parses `PY<year>` or `PY<year>Q<n>`; anything else (or a year outside 2000–2099) → 400 `INVALID_PERIOD`. */
export function parseReportPeriod(period: string): ReportPeriod {
  const m = PERIOD_RE.exec(period);
  const year = m ? Number(m[1]) : NaN;
  if (!m || year < 2000 || year > 2099) {
    throw new DomainError('INVALID_PERIOD', `period must be PY<year> or PY<year>Q<1-4> (e.g. PY2025Q2), got '${period}'`, { field: 'period' });
  }
  const n = m[2] ? Number(m[2]) : 4;
  const R = 4 * year + 1 + n; // PY Y Q1 = Jul–Sep of Y = 4Y + 2
  return { period, kind: m[2] ? 'quarterly' : 'annual', programYear: year, R, reportQuarter: quarterBounds(R) };
}

/** The program year's first day for a date (July 1 on or before it). */
export function programYearStart(date: IsoDate): IsoDate {
  const { year, month } = dateParts(date);
  return isoDateOf(month >= 7 ? year : year - 1, 7, 1);
}

const exitRange = (R: number, fromLag: number, toLag: number): DateRange => ({ from: quarterBounds(R - fromLag).start, to: quarterBounds(R - toLag).end });

export interface ReportCohorts {
  /** Participation ≤ `to`, and not exited or exit date ≥ `from` (the four quarters R − 3 … R). */
  served: DateRange;
  /** Exit dates R − 4 ≤ X ≤ R − 1. */
  exited: DateRange;
  /** Exit dates R − 7 ≤ X ≤ R − 4 (employment rate Q2, median earnings Q2). */
  employmentQ2: DateRange;
  /** Exit dates R − 9 ≤ X ≤ R − 6 (employment rate Q4, credential rate, retention). */
  employmentQ4: DateRange;
  credential: DateRange;
  /** The window W: July 1 of R's program year … the last day of R. */
  skillGains: DateRange;
}

/** R-RPT-1: the cohorts of a report with quarter R. */
export function reportCohorts(R: number): ReportCohorts {
  const end = quarterBounds(R).end;
  const q4 = exitRange(R, 9, 6);
  return {
    served: { from: quarterBounds(R - 3).start, to: end },
    exited: exitRange(R, 4, 1),
    employmentQ2: exitRange(R, 7, 4),
    employmentQ4: q4,
    credential: { ...q4 },
    skillGains: { from: programYearStart(end), to: end },
  };
}

// ---- R-RPT-3: per follow-up codes ---------------------------------------------------------------

/** PIRL 1600–1606: `1` employed, `2` registered apprenticeship, `3` military, `0` not employed, `9` not yet available. */
export type EmploymentCode = '0' | '1' | '2' | '3' | '9';

export interface ReportEmployer {
  employmentType?: 'unsubsidized' | 'registered_apprenticeship' | 'military';
  employerId?: string;
  quarterlyEarnings?: number;
  hourlyWage?: number;
  hoursPerWeek?: number;
}

/** What R-RPT-3 reads of a follow-up. */
export interface ReportFollowUp {
  status: string;
  completion?: {
    workedInQuarter: boolean;
    employers?: ReportEmployer[];
    statusAtFollowUp?: string;
    education?: { enrolled: boolean; type?: string };
    youthPlacementCode?: string;
  };
}

const EMPLOYMENT_TYPE_CODE: Record<NonNullable<ReportEmployer['employmentType']>, EmploymentCode> = {
  unsubsidized: '1',
  registered_apprenticeship: '2',
  military: '3',
};

/** R-RPT-3: the codes of a quarter employed (one per employment type: `1`, `2`, `3`). */
export const EMPLOYED_CODES: readonly EmploymentCode[] = Object.values(EMPLOYMENT_TYPE_CODE);
/** R-RPT-3: the code of a quarter known not employed. */
export const NOT_EMPLOYED_CODE: EmploymentCode = '0';

/** R-RPT-3: the employment code of the quarter a follow-up covers. */
export function employmentCode(f: ReportFollowUp | undefined): EmploymentCode {
  if (!f || f.status === 'required' || f.status === 'overdue') return '9';
  const c = f.completion;
  if (f.status !== 'completed' || !c || c.statusAtFollowUp === 'cannot_locate') return '0';
  const first = c.workedInQuarter ? c.employers?.[0] : undefined;
  return first ? EMPLOYMENT_TYPE_CODE[first.employmentType ?? 'unsubsidized'] : '0';
}

/** R-RPT-3: earnings in the quarter (dollars, to the cent), or null when unknown (an employer with neither earnings nor wage × hours). */
export function quarterlyEarnings(f: ReportFollowUp | undefined): number | null {
  const employers = f?.completion?.workedInQuarter ? (f.completion.employers ?? []) : [];
  if (employers.length === 0) return null;
  let cents = 0;
  for (const e of employers) {
    if (typeof e.quarterlyEarnings === 'number') cents += Math.round(e.quarterlyEarnings * 100);
    else if (typeof e.hourlyWage === 'number' && typeof e.hoursPerWeek === 'number') cents += Math.round(e.hourlyWage * e.hoursPerWeek * 13 * 100);
    else return null;
  }
  return cents / 100;
}

/** R-RPT-3 (YOUTH): education or training in the quarter (enrolled with a type, or a youth placement 1–3). */
export function inEducation(f: ReportFollowUp | undefined): boolean {
  const c = f?.status === 'completed' ? f.completion : undefined;
  if (!c) return false;
  return (c.education?.enrolled === true && c.education.type !== undefined) || ['1', '2', '3'].includes(c.youthPlacementCode ?? '');
}

/** The employer ids (FEIN) the follow-up names, in order (R-RPT-6). */
export const employerIds = (f: ReportFollowUp | undefined): string[] =>
  (f?.completion?.workedInQuarter ? (f.completion.employers ?? []) : []).flatMap((e) => (e.employerId ? [e.employerId] : []));

/** The median (mean of the two middle values for an even count), to the cent; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 100) / 100;
}

/** `rate` of R-RPT-7: numerator ÷ denominator to 4 decimals, null when the denominator is 0. */
export const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
