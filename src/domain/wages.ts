/**
 * Wage records (SPEC §14): quarterly wages paid to a participant by an employer (FEIN), from this
 * state's UI wage records, another state's through SWIS, federal or military employment records, or
 * another source. They are the primary source of employment after exit (20 CFR 677.175); follow-ups
 * are the supplemental source (TEGL 26-16), used only where no wage record shows employment.
 *
 * Pure: the loader (src/api/services/wage-records.ts) validates every row with `parseWageRow`, and the
 * report SQL is generated from the code sets below, so that a PIRL revision changes one place.
 *
 * Calendar quarters are written `YYYYQn`; their index is 4 × year + (n − 1), the same index as
 * `quarterIndex` of a date (src/domain/reporting.ts).
 */
import type { IsoDate } from './dates';
import { DomainError } from './errors';
import { type EmploymentCode, quarterIndex } from './reporting';

// ---- calendar quarters ------------------------------------------------------------------------------

/** A calendar quarter `YYYYQn` (n 1–4). */
export type CalendarQuarter = string;

const CALENDAR_QUARTER_RE = /^(\d{4})Q([1-4])$/;

/** The index of `YYYYQn` (4 × year + n − 1), or null when it is not a calendar quarter. */
export function calendarQuarterIndex(q: string): number | null {
  const m = CALENDAR_QUARTER_RE.exec(q);
  return m ? 4 * Number(m[1]) + Number(m[2]) - 1 : null;
}

/** Year and quarter number (1–4) of a quarter index. */
export function yearAndQuarter(index: number): { year: number; quarter: number } {
  const year = Math.floor(index / 4);
  return { year, quarter: index - 4 * year + 1 };
}

/** `YYYYQn` of a quarter index. */
export function calendarQuarterOf(index: number): CalendarQuarter {
  const { year, quarter } = yearAndQuarter(index);
  return `${String(year).padStart(4, '0')}Q${quarter}`;
}

/** The calendar quarter a date is in (the report's quarter index, written `YYYYQn`). */
export const calendarQuarterOfDate = (date: IsoDate): CalendarQuarter => calendarQuarterOf(quarterIndex(date));

/** `YYYYQn` plus k quarters (k may be negative). */
export function addQuarters(q: CalendarQuarter, k: number): CalendarQuarter {
  const i = calendarQuarterIndex(q);
  if (i === null) throw new DomainError('INVALID_QUARTER', `not a calendar quarter: '${q}' (YYYYQn, n 1–4)`, { field: 'quarter' });
  return calendarQuarterOf(i + k);
}

/** Quarter k (1–4) after the exit quarter (R-FU-1, R-WAGE-3). */
export const quarterAfterExit = (exitDate: IsoDate, k: number): CalendarQuarter => addQuarters(calendarQuarterOfDate(exitDate), k);

/** R-WAGE-4: the 3rd, 2nd and 1st calendar quarter before the participation quarter (PIRL 1700, 1701, 1702). */
export const quartersBeforeParticipation = (participationDate: IsoDate): CalendarQuarter[] =>
  [3, 2, 1].map((k) => addQuarters(calendarQuarterOfDate(participationDate), -k));

/**
 * R-WAGE-2: `{from, to}` as the list of quarter indexes it covers; a malformed quarter or a range that
 * ends before it starts is a DomainError (400 at the API). At most `maxQuarters` quarters.
 */
export function quarterRange(from: string, to: string, maxQuarters = 400): number[] {
  const a = calendarQuarterIndex(from);
  const b = calendarQuarterIndex(to);
  if (a === null) throw new DomainError('INVALID_QUARTER', `from: not a calendar quarter '${from}' (YYYYQn, n 1–4)`, { field: 'from' });
  if (b === null) throw new DomainError('INVALID_QUARTER', `to: not a calendar quarter '${to}' (YYYYQn, n 1–4)`, { field: 'to' });
  if (b < a) throw new DomainError('INVALID_QUARTER_RANGE', `the range ends (${to}) before it starts (${from})`, { field: 'to' });
  if (b - a + 1 > maxQuarters) throw new DomainError('INVALID_QUARTER_RANGE', `at most ${maxQuarters} quarters at once`, { field: 'to' });
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

// ---- the code sets (PIRL), as data ---------------------------------------------------------------

/** R-WAGE-1: where a wage record comes from; `ui` when the column is empty. */
const WAGE_SOURCES = ['ui', 'swis', 'federal', 'military', 'other'] as const;
export type WageSource = (typeof WAGE_SOURCES)[number];
const DEFAULT_WAGE_SOURCE: WageSource = 'ui';

/** PIRL 1601/1603/1605/1607, type of employment match: the wage record sources, supplemental, not yet available. */
export const TYPES_OF_MATCH = ['1', '2', '3', '4', '5', '6'] as const;
export type TypeOfMatch = (typeof TYPES_OF_MATCH)[number];

/** R-WAGE-3: the type of match of each wage record source (several sources in a quarter: the lowest). */
export const WAGE_SOURCE_TYPE_OF_MATCH: Readonly<Record<WageSource, TypeOfMatch>> = {
  ui: '1',
  swis: '1',
  federal: '2',
  military: '3',
  other: '4',
};
/** R-WAGE-3: employment known from a follow-up (supplemental wage information). */
export const SUPPLEMENTAL_TYPE_OF_MATCH: TypeOfMatch = '5';
/** R-WAGE-3: a quarter not complete whose follow-up is still open. */
export const NOT_YET_AVAILABLE_TYPE_OF_MATCH: TypeOfMatch = '6';

/** R-WAGE-1: sources whose rows may come without an FEIN. */
const SOURCES_WITHOUT_FEIN: readonly WageSource[] = ['federal', 'military'];

/** R-WAGE-1: the header line of a wage file. */
export const WAGE_FILE_HEADER = 'ssn,year,quarter,wages,fein,source';
const WAGE_FILE_COLUMNS = WAGE_FILE_HEADER.split(',') as readonly string[];

/** R-WAGE-6: the data review's code for a period whose participant has a pseudo-SSN. */
export const NO_SSN_FOR_WAGE_MATCH = 'NO_SSN_FOR_WAGE_MATCH';

/** The lowest type of match of the sources of a quarter's wage records (R-WAGE-3); null for none. */
export function typeOfMatchOf(sources: readonly WageSource[]): TypeOfMatch | null {
  let best: TypeOfMatch | null = null;
  for (const s of sources) {
    const t = WAGE_SOURCE_TYPE_OF_MATCH[s];
    if (best === null || t < best) best = t;
  }
  return best;
}

// ---- one row of a wage file (R-WAGE-1) -------------------------------------------------------------

export interface WageRow {
  /** The SSN's nine digits (never stored: the loader keeps only its keyed hash while matching). */
  ssnDigits: string;
  year: number;
  quarter: number;
  /** Wages in cents. */
  wagesCents: number;
  /** Wages as a decimal text `123.45` (what is stored). */
  wages: string;
  /** Nine digits, or '' (allowed for `federal` and `military`). */
  fein: string;
  source: WageSource;
}

export type WageRowErrorCode =
  'INVALID_COLUMNS' | 'INVALID_SSN' | 'INVALID_YEAR' | 'INVALID_QUARTER' | 'INVALID_WAGES' | 'INVALID_FEIN' | 'FEIN_REQUIRED' | 'INVALID_SOURCE';

export interface WageRowError {
  /** A column of the header, or `(row)` for the row as a whole. */
  field: string;
  code: WageRowErrorCode;
}

const SSN_RE = /^(\d{3})-?(\d{2})-?(\d{4})$/;
const FEIN_RE = /^(\d{2})-?(\d{7})$/;
const YEAR_RE = /^\d{4}$/;
/** Dollars: up to 12 digits before the point (the column holds 14 digits), at most two after it. */
const WAGES_RE = /^(\d{1,12})(?:\.(\d{1,2}))?$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

/**
 * R-WAGE-1: one row of a wage file, split into its fields (the header's order), → the row, or the first
 * error (field and code). Surrounding spaces are ignored; an SSN and an FEIN may carry dashes.
 */
export function parseWageRow(fields: readonly string[]): { ok: true; row: WageRow } | { ok: false; error: WageRowError } {
  if (fields.length !== WAGE_FILE_COLUMNS.length) return { ok: false, error: { field: '(row)', code: 'INVALID_COLUMNS' } };
  const [ssnRaw, yearRaw, quarterRaw, wagesRaw, feinRaw, sourceRaw] = fields.map((f) => f.trim()) as [string, string, string, string, string, string];
  const ssn = SSN_RE.exec(ssnRaw);
  if (!ssn) return { ok: false, error: { field: 'ssn', code: 'INVALID_SSN' } };
  const year = Number(yearRaw);
  if (!YEAR_RE.test(yearRaw) || year < MIN_YEAR || year > MAX_YEAR) return { ok: false, error: { field: 'year', code: 'INVALID_YEAR' } };
  if (!/^[1-4]$/.test(quarterRaw)) return { ok: false, error: { field: 'quarter', code: 'INVALID_QUARTER' } };
  const wages = WAGES_RE.exec(wagesRaw);
  if (!wages) return { ok: false, error: { field: 'wages', code: 'INVALID_WAGES' } };
  const source = (sourceRaw === '' ? DEFAULT_WAGE_SOURCE : sourceRaw) as WageSource;
  if (!(WAGE_SOURCES as readonly string[]).includes(source)) return { ok: false, error: { field: 'source', code: 'INVALID_SOURCE' } };
  let fein = '';
  if (feinRaw === '') {
    if (!SOURCES_WITHOUT_FEIN.includes(source)) return { ok: false, error: { field: 'fein', code: 'FEIN_REQUIRED' } };
  } else {
    const f = FEIN_RE.exec(feinRaw);
    if (!f) return { ok: false, error: { field: 'fein', code: 'INVALID_FEIN' } };
    fein = `${f[1]}${f[2]}`;
  }
  const dollars = wages[1]!.replace(/^0+(?=\d)/, '');
  const cents = (wages[2] ?? '').padEnd(2, '0');
  return {
    ok: true,
    row: {
      ssnDigits: `${ssn[1]}${ssn[2]}${ssn[3]}`,
      year,
      quarter: Number(quarterRaw),
      wagesCents: Number(dollars) * 100 + Number(cents),
      wages: `${dollars}.${cents}`,
      fein,
      source,
    },
  };
}

// ---- employment in quarter k after exit (R-WAGE-3) and retention (R-WAGE-4) -------------------------

/** One wage record of a quarter, as the decision reads it. */
export interface QuarterWage {
  fein: string;
  source: WageSource;
  wagesCents: number;
}

/** What the follow-up of the quarter says (R-RPT-3's code, earnings in cents or null, employer ids). */
export interface SupplementalQuarter {
  code: EmploymentCode;
  earningsCents: number | null;
  employerIds: readonly string[];
}

export interface QuarterEmployment {
  /** PIRL 1600/1602/1604/1606. */
  code: EmploymentCode;
  /** PIRL 1601/1603/1605/1607; null when not employed (and not `6`, not yet available). */
  typeOfMatch: TypeOfMatch | null;
  /** true employed, false not, null not yet available. */
  employed: boolean | null;
  /** Earnings in cents; null when unknown or not employed. */
  earningsCents: number | null;
  /** The quarter's employers for R-WAGE-4: FEINs of its wage records when wages decide, else the follow-up's ids. */
  employers: string[];
  /** Whether the wage records decided (a complete quarter with wages above 0). */
  fromWageRecords: boolean;
}

const EMPLOYED: readonly EmploymentCode[] = ['1', '2', '3'];

/**
 * R-WAGE-3: employment in a quarter after exit. In a complete quarter, wage records summing to more than
 * 0 decide (code `1`, the lowest type of match of their sources, earnings = the sum); else the follow-up's
 * employment (type `5`); else not employed (`0`). In a quarter not complete, R-RPT-3 stands: the
 * follow-up's code, with type `5` when employed and `6` when not yet available (`9`).
 */
export function quarterEmployment(complete: boolean, wages: readonly QuarterWage[], followUp: SupplementalQuarter): QuarterEmployment {
  const supplementalEmployed = EMPLOYED.includes(followUp.code);
  const supplemental = (): QuarterEmployment => ({
    code: followUp.code,
    typeOfMatch: SUPPLEMENTAL_TYPE_OF_MATCH,
    employed: true,
    earningsCents: followUp.earningsCents,
    employers: [...followUp.employerIds],
    fromWageRecords: false,
  });
  const notEmployed: QuarterEmployment = { code: '0', typeOfMatch: null, employed: false, earningsCents: null, employers: [], fromWageRecords: false };
  if (complete) {
    const total = wages.reduce((s, w) => s + w.wagesCents, 0);
    if (total > 0) {
      const paid = wages.filter((w) => w.wagesCents > 0);
      return {
        code: '1',
        typeOfMatch: typeOfMatchOf(paid.map((w) => w.source)),
        employed: true,
        earningsCents: total,
        employers: [...new Set(paid.map((w) => w.fein).filter((f) => f !== ''))],
        fromWageRecords: true,
      };
    }
    return supplementalEmployed ? supplemental() : notEmployed;
  }
  if (supplementalEmployed) return supplemental();
  if (followUp.code === '9') return { ...notEmployed, code: '9', typeOfMatch: NOT_YET_AVAILABLE_TYPE_OF_MATCH, employed: null };
  return notEmployed;
}

/**
 * R-WAGE-4 (PIRL 1618): of a period employed in Q2, retained when its Q2 and Q4 employers share one;
 * null while either quarter is not yet known.
 */
export function retainedWithSameEmployer(q2: QuarterEmployment, q4: QuarterEmployment): boolean | null {
  if (q2.employed === null || q4.employed === null) return null;
  if (!q2.employed || !q4.employed) return false;
  return q2.employers.some((e) => q4.employers.includes(e));
}

/**
 * R-WAGE-4 (PIRL 1700–1702): wages of a quarter before participation: the sum (cents) when the quarter
 * is complete (0 without wages), null when it is not complete.
 */
export const wagesBeforeParticipation = (complete: boolean, wages: readonly QuarterWage[]): number | null =>
  complete ? wages.reduce((s, w) => s + w.wagesCents, 0) : null;
