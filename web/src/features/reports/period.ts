/**
 * Report periods as the reports page chooses them (R-UI-8, R-RPT-1): program year PY Y runs Y-07-01 …
 * (Y+1)-06-30, its quarters Q1 Jul–Sep … Q4 Apr–Jun; quarter 0 is the annual report (`PY2024`). Pure
 * functions, unit-tested in test/web.
 */

export type Quarter = 0 | 1 | 2 | 3 | 4;

export interface ReportPeriod {
  year: number;
  /** 1–4, or 0 for the annual report. */
  quarter: Quarter;
}

const month = (iso: string): number => Number(iso.slice(5, 7));
const year = (iso: string): number => Number(iso.slice(0, 4));

/** The program year a date falls in: 2024-06-30 → 2023, 2024-07-01 → 2024. */
export const programYearOf = (iso: string): number => (month(iso) >= 7 ? year(iso) : year(iso) - 1);

/** The program-year quarter of a date: July–September → 1 … April–June → 4. */
export const quarterOf = (iso: string): 1 | 2 | 3 | 4 => (((Math.floor((month(iso) - 1) / 3) + 2) % 4) + 1) as 1 | 2 | 3 | 4;

/** The period containing a date (the page opens on it). */
export const periodOf = (iso: string): ReportPeriod => ({ year: programYearOf(iso), quarter: quarterOf(iso) });

/** The API's period parameter: `PY2025Q2`, or `PY2024` for the annual report. */
export const periodCode = (p: ReportPeriod): string => (p.quarter === 0 ? `PY${p.year}` : `PY${p.year}Q${p.quarter}`);

/** `PY2025Q2` / `PY2024` back to a period; null when malformed. */
export function parsePeriod(code: string): ReportPeriod | null {
  const m = /^PY(\d{4})(?:Q([1-4]))?$/.exec(code);
  return m ? { year: Number(m[1]), quarter: (m[2] ? Number(m[2]) : 0) as Quarter } : null;
}

/** The days a period covers (the annual report: its whole program year), for the timeliness report. */
export function periodRange(p: ReportPeriod): { from: string; to: string } {
  const y = p.year;
  switch (p.quarter) {
    case 0:
      return { from: `${y}-07-01`, to: `${y + 1}-06-30` };
    case 1:
      return { from: `${y}-07-01`, to: `${y}-09-30` };
    case 2:
      return { from: `${y}-10-01`, to: `${y}-12-31` };
    case 3:
      return { from: `${y + 1}-01-01`, to: `${y + 1}-03-31` };
    case 4:
      return { from: `${y + 1}-04-01`, to: `${y + 1}-06-30` };
  }
}

/** The program years offered: the current one and the `count - 1` before it, newest first. */
export const programYears = (today: string, count = 6): number[] => Array.from({ length: count }, (_, i) => programYearOf(today) - i);

/** An indicator with a rate (R-RPT-7). */
export interface RateIndicator {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export const RATE_INDICATORS = [
  ['employmentRateQ2', 'Employment rate, 2nd quarter after exit'],
  ['employmentRateQ4', 'Employment rate, 4th quarter after exit'],
  ['credentialRate', 'Credential attainment rate'],
  ['measurableSkillGains', 'Measurable skill gains'],
  ['retentionWithSameEmployer', 'Retention with the same employer'],
] as const;

export type RateKey = (typeof RATE_INDICATORS)[number][0];

export interface IndicatorRow extends RateIndicator {
  key: RateKey;
  label: string;
  /** The rate as a percentage, one decimal (0 when there is no denominator: the chart draws no bar). */
  percent: number;
  /** The rate as the table shows it: `66.7%`, or `—` without a denominator. */
  rateText: string;
}

/** The rows of the indicator table, which are also the chart's bars (the table is its text equivalent). */
export function indicatorRows(indicators: Record<RateKey, RateIndicator>): IndicatorRow[] {
  return RATE_INDICATORS.map(([key, label]) => {
    const { numerator, denominator, rate } = indicators[key];
    const percent = rate === null ? 0 : Math.round(rate * 1000) / 10;
    return { key, label, numerator, denominator, rate, percent, rateText: rate === null ? '—' : `${percent.toFixed(1)}%` };
  });
}

/** A chart's accessible name that says what the table says, in one sentence. */
export function chartSummary(rows: readonly IndicatorRow[], period: string, program: string): string {
  return `Primary indicators, ${period}, ${program}: ${rows.map((r) => `${r.label} ${r.rateText} (${r.numerator} of ${r.denominator})`).join('; ')}`;
}
