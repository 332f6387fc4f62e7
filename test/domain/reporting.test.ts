/**
 * SPEC §10 cohort arithmetic (R-RPT-1) and the per-quarter codes (R-RPT-3, R-RPT-6), with the SPEC's
 * vectors and property tests.
 */
import fc from 'fast-check';
import {
  employerIds,
  employmentCode,
  inEducation,
  median,
  parseReportPeriod,
  programYearStart,
  quarterBounds,
  quarterIndex,
  quarterlyEarnings,
  rate,
  reportCohorts,
  type ReportFollowUp,
} from '../../src/domain/reporting';
import { addDays } from '../../src/domain/dates';
import { followUpQuarters } from '../../src/domain/quarters';
import { admitExclusionReason } from '../../src/domain/exits';
import { loadActivityCatalog, defaultActivityCatalog } from '../../src/domain/activity-catalog';
import { codeOf } from './helpers-errors';

describe('R-RPT-1 cohorts', () => {
  it('q(d) = 4 × year + ⌊(month − 1) / 3⌋, and its bounds', () => {
    expect(quarterIndex('2025-12-31')).toBe(4 * 2025 + 3);
    expect(quarterIndex('2025-01-01')).toBe(4 * 2025);
    expect(quarterBounds(4 * 2024 + 1)).toEqual({ start: '2024-04-01', end: '2024-06-30' });
    expect(quarterBounds(4 * 2023 + 2)).toEqual({ start: '2023-07-01', end: '2023-09-30' });
  });

  it('PY2025Q2 (R ends 2025-12-31): the SPEC vector', () => {
    const p = parseReportPeriod('PY2025Q2');
    expect(p).toMatchObject({ kind: 'quarterly', programYear: 2025, reportQuarter: { start: '2025-10-01', end: '2025-12-31' } });
    expect(reportCohorts(p.R)).toEqual({
      served: { from: '2025-01-01', to: '2025-12-31' },
      exited: { from: '2024-10-01', to: '2025-09-30' },
      employmentQ2: { from: '2024-01-01', to: '2024-12-31' },
      employmentQ4: { from: '2023-07-01', to: '2024-06-30' },
      credential: { from: '2023-07-01', to: '2024-06-30' },
      skillGains: { from: '2025-07-01', to: '2025-12-31' },
    });
  });

  it('PY2024 (annual = PY2024Q4, R ends 2025-06-30): the SPEC vector', () => {
    const p = parseReportPeriod('PY2024');
    expect(p).toMatchObject({
      kind: 'annual',
      programYear: 2024,
      R: parseReportPeriod('PY2024Q4').R,
      reportQuarter: { start: '2025-04-01', end: '2025-06-30' },
    });
    expect(reportCohorts(p.R)).toEqual({
      served: { from: '2024-07-01', to: '2025-06-30' },
      exited: { from: '2024-04-01', to: '2025-03-31' },
      employmentQ2: { from: '2023-07-01', to: '2024-06-30' },
      employmentQ4: { from: '2023-01-01', to: '2023-12-31' },
      credential: { from: '2023-01-01', to: '2023-12-31' },
      skillGains: { from: '2024-07-01', to: '2025-06-30' },
    });
  });

  it.each(['PY25Q2', 'PY2025Q5', 'PY2025Q0', 'py2025', '2025Q2', 'PY1999', 'PY2025Q2 ', ''])('a malformed period %p → 400 INVALID_PERIOD', (period) => {
    expect(codeOf(() => parseReportPeriod(period))).toBe('INVALID_PERIOD');
  });

  it('programYearStart: 2024-06-30 → 2023-07-01, 2024-07-01 → 2024-07-01', () => {
    expect(programYearStart('2024-06-30')).toBe('2023-07-01');
    expect(programYearStart('2024-07-01')).toBe('2024-07-01');
  });

  const dates = fc.integer({ min: 0, max: 365 * 30 }).map((n) => addDays('2010-01-01', n));
  const within = (d: string, r: { from: string; to: string }) => r.from <= d && d <= r.to;
  const quarterlyPeriods = (around: string) => {
    const y = Number(around.slice(0, 4));
    const out: string[] = [];
    for (let py = y - 4; py <= y + 4; py++) for (let n = 1; n <= 4; n++) out.push(`PY${py}Q${n}`);
    return out;
  };

  it('property: every exit belongs to exactly four quarterly Q2 cohorts, four Q4 cohorts and four exiter cohorts', () => {
    fc.assert(
      fc.property(dates, (exit) => {
        const cohorts = quarterlyPeriods(exit).map((p) => reportCohorts(parseReportPeriod(p).R));
        expect(cohorts.filter((c) => within(exit, c.employmentQ2))).toHaveLength(4);
        expect(cohorts.filter((c) => within(exit, c.employmentQ4))).toHaveLength(4);
        expect(cohorts.filter((c) => within(exit, c.exited))).toHaveLength(4);
      }),
    );
  });

  it('property: the Q2 cohort is reported once follow-up 2 is due (R − 4 ≥ X means quarter X + 2 ended two quarters before R ends)', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: 2012, max: 2040 }), fc.integer({ min: 1, max: 4 }), (exit, py, n) => {
        const R = parseReportPeriod(`PY${py}Q${n}`).R;
        const c = reportCohorts(R);
        if (!within(exit, c.employmentQ2)) return;
        expect(followUpQuarters(exit)[1]!.dueDate < quarterBounds(R).start).toBe(true);
      }),
    );
  });

  it('property: the four quarterly cohorts of a kind tile time: consecutive reports have adjacent, non-overlapping exiter ranges', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2012, max: 2040 }), fc.integer({ min: 1, max: 4 }), (py, n) => {
        const R = parseReportPeriod(`PY${py}Q${n}`).R;
        expect(addDays(quarterBounds(R - 1).end, 1)).toBe(quarterBounds(R).start);
        const a = reportCohorts(R);
        expect(a.exited.to).toBe(quarterBounds(R - 1).end);
        expect(a.employmentQ2.to).toBe(quarterBounds(R - 4).end);
        expect(a.skillGains.from <= a.skillGains.to).toBe(true);
      }),
    );
  });
});

describe('R-RPT-3 / R-RPT-6 per-quarter codes', () => {
  const completed = (c: Partial<NonNullable<ReportFollowUp['completion']>>): ReportFollowUp => ({
    status: 'completed',
    completion: { workedInQuarter: false, employers: [], ...c },
  });

  it("R-RPT-3 employment code: 9 while required/overdue, 0 missed/declined/cannot_locate/no work, 1/2/3 by the first employer's type", () => {
    expect(employmentCode({ status: 'required' })).toBe('9');
    expect(employmentCode({ status: 'overdue' })).toBe('9');
    expect(employmentCode(undefined)).toBe('9');
    expect(employmentCode({ status: 'missed' })).toBe('0');
    expect(employmentCode({ status: 'declined' })).toBe('0');
    expect(employmentCode(completed({ statusAtFollowUp: 'cannot_locate' }))).toBe('0');
    expect(employmentCode(completed({ workedInQuarter: false }))).toBe('0');
    expect(employmentCode(completed({ workedInQuarter: true, employers: [{}] }))).toBe('1');
    expect(
      employmentCode(completed({ workedInQuarter: true, employers: [{ employmentType: 'registered_apprenticeship' }, { employmentType: 'military' }] })),
    ).toBe('2');
    expect(employmentCode(completed({ workedInQuarter: true, employers: [{ employmentType: 'military' }] }))).toBe('3');
  });

  it('R-RPT-3 earnings: the sum of quarterlyEarnings or wage × hours × 13; unknown when one employer has neither', () => {
    expect(quarterlyEarnings(completed({ workedInQuarter: true, employers: [{ quarterlyEarnings: 5000 }, { hourlyWage: 20, hoursPerWeek: 10 }] }))).toBe(7600);
    expect(quarterlyEarnings(completed({ workedInQuarter: true, employers: [{ hourlyWage: 17.35, hoursPerWeek: 32 }] }))).toBe(7217.6);
    expect(quarterlyEarnings(completed({ workedInQuarter: true, employers: [{ quarterlyEarnings: 5000 }, { hourlyWage: 20 }] }))).toBeNull();
    expect(quarterlyEarnings(completed({ workedInQuarter: false }))).toBeNull();
  });

  it('R-RPT-3 (YOUTH) education: enrolled with a type, or youth placement 1–3', () => {
    expect(inEducation(completed({ education: { enrolled: true, type: 'postsecondary' } }))).toBe(true);
    expect(inEducation(completed({ education: { enrolled: true } }))).toBe(false);
    expect(inEducation(completed({ youthPlacementCode: '3' }))).toBe(true);
    expect(inEducation(completed({ youthPlacementCode: '0' }))).toBe(false);
    expect(inEducation({ status: 'required' })).toBe(false);
  });

  it('R-RPT-6 employer ids of the quarter, in order', () => {
    expect(employerIds(completed({ workedInQuarter: true, employers: [{ employerId: '123456789' }, {}, { employerId: '987654321' }] }))).toEqual([
      '123456789',
      '987654321',
    ]);
  });

  it('R-RPT-3 median (mean of the two middle values for an even count) and R-RPT-7 rate to 4 decimals', () => {
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4000, 1000.01, 3000, 2000])).toBe(2500);
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(0, 0)).toBeNull();
  });
});

describe('amendments (R-EXCL-1, R-ACT-1)', () => {
  it('R-EXCL-1 (amended): 06 and 07 never, 05 only with YOUTH → EXCLUSION_REASON_NOT_ALLOWED; 01–04 pass', () => {
    expect(codeOf(() => admitExclusionReason('06', ['ADULT', 'YOUTH']))).toBe('EXCLUSION_REASON_NOT_ALLOWED');
    expect(codeOf(() => admitExclusionReason('07', ['YOUTH']))).toBe('EXCLUSION_REASON_NOT_ALLOWED');
    expect(codeOf(() => admitExclusionReason('05', ['ADULT']))).toBe('EXCLUSION_REASON_NOT_ALLOWED');
    for (const r of ['01', '02', '03', '04']) expect(() => admitExclusionReason(r, ['ADULT'])).not.toThrow();
    expect(() => admitExclusionReason('05', ['YOUTH'])).not.toThrow();
  });

  it('R-ACT-1 (amended): the sample catalog gives every training code a training type, with at least 01, 05, 06 and 09', () => {
    const training = defaultActivityCatalog.codes.filter((c) => c.category === 'training');
    expect(training.every((c) => c.trainingType !== undefined)).toBe(true);
    for (const t of ['01', '05', '06', '09']) expect(training.some((c) => c.trainingType === t)).toBe(true);
  });

  it('R-ACT-1 (amended): a training type on a non-training code, or an unknown type, is an invalid catalog', () => {
    const base = { code: '999', title: 'X', restartsExitClock: false, programs: ['ADULT'] };
    expect(codeOf(() => loadActivityCatalog({ codes: [{ ...base, category: 'supportive', trainingType: '01' }] }))).toBe('INVALID_ACTIVITY_CATALOG');
    expect(codeOf(() => loadActivityCatalog({ codes: [{ ...base, category: 'training', trainingType: '07' }] }))).toBe('INVALID_ACTIVITY_CATALOG');
    expect(loadActivityCatalog({ codes: [{ ...base, category: 'training', trainingType: '12' }] }).codes[0]!.trainingType).toBe('12');
  });
});
