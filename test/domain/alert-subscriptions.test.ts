import { DEFAULT_ALERT_THRESHOLDS, computeAlerts, type AlertInput } from '../../src/domain/alerts';
import { ALERT_TYPES } from '../../src/domain/enums';
import { DAYS_TYPES, SUBSCRIPTION_TYPES, thresholdsFor, validateSubscriptions } from '../../src/domain/alert-subscriptions';
import { codeOf, domainErrorOf } from './helpers-errors';

describe('alert subscriptions (SPEC §9 R-SUB-1)', () => {
  it('R-SUB-1 the subscribable types are the alert types plus the plan alerts', () => {
    for (const t of ALERT_TYPES) expect(SUBSCRIPTION_TYPES).toContain(t);
    expect(SUBSCRIPTION_TYPES).toEqual(expect.arrayContaining(['plan_objective_review_due', 'plan_goal_overdue', 'plan_missing']));
    expect(new Set(SUBSCRIPTION_TYPES).size).toBe(SUBSCRIPTION_TYPES.length);
    expect([...DAYS_TYPES].sort()).toEqual(['case_note_due', 'exit_approaching', 'followup_due_soon', 'plan_objective_review_due']);
  });

  it('R-SUB-1 a valid list comes back in type order', () => {
    expect(
      validateSubscriptions([
        { type: 'followup_overdue', notify: 'daily_while_open' },
        { type: 'exit_approaching', days: 7, notify: 'on_the_day' },
        { type: 'plan_objective_review_due', days: 90, notify: 'on_the_day' },
      ]),
    ).toEqual([
      { type: 'exit_approaching', days: 7, notify: 'on_the_day' },
      { type: 'followup_overdue', notify: 'daily_while_open' },
      { type: 'plan_objective_review_due', days: 90, notify: 'on_the_day' },
    ]);
    expect(validateSubscriptions([])).toEqual([]);
  });

  it.each([
    [[{ type: 'exit_approaching', days: 0, notify: 'on_the_day' }], 'SUBSCRIPTION_DAYS_OUT_OF_RANGE'],
    [[{ type: 'exit_approaching', days: 91, notify: 'on_the_day' }], 'SUBSCRIPTION_DAYS_OUT_OF_RANGE'],
    [[{ type: 'case_note_due', days: 2.5, notify: 'on_the_day' }], 'SUBSCRIPTION_DAYS_OUT_OF_RANGE'],
    [[{ type: 'followup_overdue', days: 5, notify: 'on_the_day' }], 'SUBSCRIPTION_DAYS_NOT_ALLOWED'],
    [[{ type: 'plan_missing', days: 5, notify: 'on_the_day' }], 'SUBSCRIPTION_DAYS_NOT_ALLOWED'],
    [
      [
        { type: 'exit_approaching', notify: 'on_the_day' },
        { type: 'exit_approaching', notify: 'daily_while_open' },
      ],
      'DUPLICATE_SUBSCRIPTION',
    ],
    [[{ type: 'job_order_expiring', notify: 'on_the_day' }], 'UNKNOWN_ALERT_TYPE'],
  ] as const)('R-SUB-1 refuses %j with %s (422)', (subs, code) => {
    const e = domainErrorOf(() => validateSubscriptions(subs as never));
    expect([e.code, e.status]).toEqual([code, 422]);
  });

  it('R-SUB-1 days 1 and 90 are the bounds', () => {
    expect(codeOf(() => validateSubscriptions([{ type: 'followup_due_soon', days: 1, notify: 'on_the_day' }]))).toBeUndefined();
    expect(codeOf(() => validateSubscriptions([{ type: 'followup_due_soon', days: 90, notify: 'on_the_day' }]))).toBeUndefined();
  });

  it("R-SUB-1 days replaces the case's threshold for that staff member only (others keep the case's)", () => {
    const t = thresholdsFor(
      [
        { type: 'exit_approaching', days: 3, notify: 'on_the_day' },
        { type: 'followup_overdue', notify: 'on_the_day' },
      ],
      { ...DEFAULT_ALERT_THRESHOLDS, caseNoteDueDays: 45 },
    );
    expect(t).toMatchObject({ exitApproachingDays: 3, followUpDueSoonDays: 14, caseNoteDueDays: 45 });
    expect(thresholdsFor([{ type: 'plan_objective_review_due', days: 2, notify: 'on_the_day' }])).toMatchObject({
      planObjectiveReviewDays: 2,
      exitApproachingDays: 14,
    });
    // and computeAlerts honours it: soft exit 2024-04-10, exit_approaching opens 3 days before
    const input: AlertInput = {
      status: 'participating',
      exitClock: { state: 'running', softExitDate: '2024-04-10' },
      activities: [],
      plannedBreak: null,
      followUps: [],
      participationDate: '2024-01-03',
      lastCaseNoteDate: '2024-04-01',
    };
    const open = (today: string) => computeAlerts(input, today, t).map((a) => a.type);
    expect(open('2024-04-06')).not.toContain('exit_approaching');
    expect(open('2024-04-07')).toContain('exit_approaching');
    expect(computeAlerts(input, '2024-04-06').map((a) => a.type)).toContain('exit_approaching'); // the case's 14 days
  });
});
