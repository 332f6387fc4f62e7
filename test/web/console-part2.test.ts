/**
 * The pure functions of the console's second part: report periods and indicator rows (R-UI-8), the
 * import's progress stream (R-UI-9), alert subscriptions (R-SUB-1), groups' member lists (R-GRP-1) and
 * what the assessment, plan and corrections sections offer (R-UI-4).
 */
import {
  chartSummary,
  indicatorRows,
  parsePeriod,
  periodCode,
  periodOf,
  periodRange,
  programYearOf,
  programYears,
  quarterOf,
} from '../../web/src/features/reports/period';
import { parseStreamLine, progressPercent, splitLines } from '../../web/src/features/imports/stream';
import { rowsFrom, subscriptionsFrom } from '../../web/src/features/settings/subscriptions';
import { membersWithLead, parseStaffIds } from '../../web/src/features/groups/members';
import { canDecide, changesFrom, linkableActivities, planAllowed, type PlanCaseState } from '../../web/src/features/plan/planRules';

describe('report periods (R-RPT-1)', () => {
  it('program years run July 1 – June 30, named by their first year; quarters Q1 Jul–Sep … Q4 Apr–Jun', () => {
    expect(programYearOf('2024-06-30')).toBe(2023);
    expect(programYearOf('2024-07-01')).toBe(2024);
    expect(['2024-07-01', '2024-09-30', '2024-10-01', '2024-12-31', '2025-01-01', '2025-03-31', '2025-04-01', '2025-06-30'].map(quarterOf)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4,
    ]);
    expect(periodOf('2024-01-10')).toEqual({ year: 2023, quarter: 3 });
  });

  it('codes: PY2025Q2 and the annual PY2024, both ways; malformed is null', () => {
    expect(periodCode({ year: 2025, quarter: 2 })).toBe('PY2025Q2');
    expect(periodCode({ year: 2024, quarter: 0 })).toBe('PY2024');
    expect(parsePeriod('PY2025Q2')).toEqual({ year: 2025, quarter: 2 });
    expect(parsePeriod('PY2024')).toEqual({ year: 2024, quarter: 0 });
    for (const bad of ['', 'PY24', 'PY2024Q5', 'py2024q1', '2024Q1']) expect(parsePeriod(bad)).toBeNull();
  });

  it('the days of a period (the timeliness range)', () => {
    expect(periodRange({ year: 2025, quarter: 2 })).toEqual({ from: '2025-10-01', to: '2025-12-31' });
    expect(periodRange({ year: 2023, quarter: 3 })).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodRange({ year: 2023, quarter: 4 })).toEqual({ from: '2024-04-01', to: '2024-06-30' });
    expect(periodRange({ year: 2024, quarter: 1 })).toEqual({ from: '2024-07-01', to: '2024-09-30' });
    expect(periodRange({ year: 2024, quarter: 0 })).toEqual({ from: '2024-07-01', to: '2025-06-30' });
    expect(programYears('2024-01-10', 3)).toEqual([2023, 2022, 2021]);
  });
});

describe('indicator rows: the table and the chart show the same numbers (R-UI-8)', () => {
  const zero = { numerator: 0, denominator: 0, rate: null };
  const indicators = {
    employmentRateQ2: { numerator: 2, denominator: 3, rate: 0.6667 },
    employmentRateQ4: { numerator: 1, denominator: 2, rate: 0.5 },
    credentialRate: zero,
    measurableSkillGains: { numerator: 1, denominator: 1, rate: 1 },
    retentionWithSameEmployer: zero,
  };

  it('one row per rate indicator, in the report order, with the rate as a percentage (— without a denominator)', () => {
    const rows = indicatorRows(indicators);
    expect(rows.map((r) => [r.key, r.numerator, r.denominator, r.percent, r.rateText])).toEqual([
      ['employmentRateQ2', 2, 3, 66.7, '66.7%'],
      ['employmentRateQ4', 1, 2, 50, '50.0%'],
      ['credentialRate', 0, 0, 0, '—'],
      ['measurableSkillGains', 1, 1, 100, '100.0%'],
      ['retentionWithSameEmployer', 0, 0, 0, '—'],
    ]);
    expect(chartSummary(rows, 'PY2024Q1', 'Adult')).toBe(
      'Primary indicators, PY2024Q1, Adult: Employment rate, 2nd quarter after exit 66.7% (2 of 3); Employment rate, 4th quarter after exit 50.0% (1 of 2); ' +
        'Credential attainment rate — (0 of 0); Measurable skill gains 100.0% (1 of 1); Retention with the same employer — (0 of 0)',
    );
  });
});

describe("the import's progress stream (R-UI-9)", () => {
  it('keeps a line split across chunks until its end arrives', () => {
    const a = splitLines('', '{"progress":{"done":1,"lines":3');
    expect(a).toEqual({ lines: [], rest: '{"progress":{"done":1,"lines":3' });
    const b = splitLines(a.rest, ',"created":1,"skipped":0,"failed":0}}\n{"summary":');
    expect(b.lines).toEqual(['{"progress":{"done":1,"lines":3,"created":1,"skipped":0,"failed":0}}']);
    expect(splitLines(b.rest, '{}}\n\n').lines).toEqual(['{"summary":{}}']);
  });

  it('reads progress, summary and error lines; anything else is unknown', () => {
    expect(parseStreamLine('{"progress":{"done":2,"lines":4,"created":2,"skipped":0,"failed":0}}')).toEqual({
      kind: 'progress',
      progress: { done: 2, lines: 4, created: 2, skipped: 0, failed: 0 },
    });
    expect(parseStreamLine('{"summary":{"lines":4}}')).toEqual({ kind: 'summary', summary: { lines: 4 } });
    expect(parseStreamLine('{"error":{"code":"IMPORT_FAILED","detail":"db down"}}')).toEqual({ kind: 'error', code: 'IMPORT_FAILED', detail: 'db down' });
    expect(parseStreamLine('not json').kind).toBe('unknown');
    expect(parseStreamLine('42').kind).toBe('unknown');
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent({ done: 0, lines: 0 })).toBe(0);
    expect(progressPercent({ done: 1, lines: 3 })).toBe(33);
    expect(progressPercent({ done: 3, lines: 3 })).toBe(100);
  });
});

describe('alert subscriptions (R-SUB-1)', () => {
  it('one row per alert type; the body holds the subscribed ones, days only where the type has a threshold', () => {
    const rows = rowsFrom([{ type: 'exit_approaching', days: 14, notify: 'daily_while_open' }]);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual({ type: 'exit_approaching', subscribed: true, notify: 'daily_while_open', days: '14' });
    expect(rows.filter((r) => r.subscribed)).toHaveLength(1);
    const next = rows.map((r) =>
      r.type === 'followup_overdue' ? { ...r, subscribed: true, days: '5' } : r.type === 'case_note_due' ? { ...r, subscribed: true, days: ' ' } : r,
    );
    expect(subscriptionsFrom(next)).toEqual({
      subscriptions: [
        { type: 'exit_approaching', days: 14, notify: 'daily_while_open' },
        { type: 'case_note_due', notify: 'on_the_day' },
        { type: 'followup_overdue', notify: 'on_the_day' },
      ],
    });
  });

  it('days outside 1–90 (or not whole) are refused before sending', () => {
    for (const days of ['0', '91', '1.5', 'ten']) {
      const rows = rowsFrom([{ type: 'case_note_due', days: 30, notify: 'on_the_day' }]).map((r) => (r.type === 'case_note_due' ? { ...r, days } : r));
      expect(subscriptionsFrom(rows)).toEqual({ invalid: { case_note_due: 'Days must be a whole number from 1 to 90' } });
    }
  });
});

describe('group members (R-GRP-1)', () => {
  it('typed staff ids, distinct, in order; the lead is always a member', () => {
    expect(parseStaffIds(' S-1, S-2;S-1\nS-3  ')).toEqual(['S-1', 'S-2', 'S-3']);
    expect(parseStaffIds('')).toEqual([]);
    expect(membersWithLead(['S-2'], 'S-1')).toEqual(['S-1', 'S-2']);
    expect(membersWithLead(['S-1', 'S-2'], 'S-1')).toEqual(['S-1', 'S-2']);
    expect(membersWithLead(['S-2'], ' ')).toEqual(['S-2']);
  });
});

describe('assessment, plan and corrections: what is offered (R-UI-4)', () => {
  const staff = { role: 'staff' as const, staffId: 'S-1' };
  const supervisor = { role: 'supervisor' as const, staffId: 'S-9' };
  const viewer = { role: 'viewer' as const, staffId: 'V-1' };
  const complete = { status: 'complete', sections: [] };
  const base: PlanCaseState = {
    status: 'participating',
    assessment: { status: 'in_progress', sections: [] },
    activities: [{ id: 'a1', code: '101', status: 'closed', actualBeginDate: '2024-01-03' }],
    plans: [],
  };

  it('a plan needs a complete assessment and an activity 205, and no open plan; the reason is given', () => {
    expect(planAllowed(base, staff)).toMatchObject({ assessment: true, createPlan: false, createBlockedBy: 'ASSESSMENT_INCOMPLETE', requestCorrection: true });
    expect(planAllowed({ ...base, assessment: complete }, staff)).toMatchObject({ createPlan: false, createBlockedBy: 'IEP_ACTIVITY_REQUIRED' });
    const ready = { ...base, assessment: complete, activities: [...base.activities, { id: 'a2', code: '205', status: 'open', actualBeginDate: '2024-01-03' }] };
    expect(planAllowed(ready, staff)).toMatchObject({ createPlan: true, createBlockedBy: null, editPlan: false });
    const planned = { ...ready, plans: [{ id: 'p1', status: 'open', services: [] }] };
    expect(planAllowed(planned, staff)).toMatchObject({ createPlan: false, createBlockedBy: 'PLAN_ALREADY_OPEN', editPlan: true });
  });

  it('a viewer, a completed or exclusionary case: nothing; after a soft exit: the assessment and the open plan, no correction', () => {
    const planned = { ...base, plans: [{ id: 'p1', status: 'open', services: [] }] };
    expect(planAllowed(planned, viewer)).toEqual({ assessment: false, createPlan: false, createBlockedBy: null, editPlan: false, requestCorrection: false });
    for (const status of ['completed', 'exited_exclusionary', 'eligible']) {
      expect(planAllowed({ ...planned, status }, supervisor)).toEqual({
        assessment: false,
        createPlan: false,
        createBlockedBy: null,
        editPlan: false,
        requestCorrection: false,
      });
    }
    expect(planAllowed({ ...planned, status: 'exited' }, staff)).toEqual({
      assessment: true,
      createPlan: false,
      createBlockedBy: null,
      editPlan: true,
      requestCorrection: false,
    });
  });

  it('a supervisor other than the requester decides a pending correction while the case participates', () => {
    const request = { id: 'r1', status: 'pending', requestedBy: 'S-1' };
    expect(canDecide(request, 'participating', supervisor)).toBe(true);
    expect(canDecide(request, 'participating', { role: 'supervisor', staffId: 'S-1' })).toBe(false);
    expect(canDecide(request, 'participating', staff)).toBe(false);
    expect(canDecide({ ...request, status: 'approved' }, 'participating', supervisor)).toBe(false);
    expect(canDecide(request, 'exited', supervisor)).toBe(false);
    expect(changesFrom({ actualEndDate: '2024-01-08', actualBeginDate: '', projectedEndDate: ' ' })).toEqual({ actualEndDate: '2024-01-08' });
    expect(
      linkableActivities(
        [
          { id: 'a1', status: 'open' },
          { id: 'a2', status: 'future' },
        ],
        { services: [{ activityId: 'a1' }] },
      ),
    ).toEqual([{ id: 'a2', status: 'future' }]);
  });
});
