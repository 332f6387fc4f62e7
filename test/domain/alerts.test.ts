import {
  addDays,
  alertKey,
  computeAlerts,
  DEFAULT_ALERT_THRESHOLDS,
  nextAlertChange,
  reconcileAlerts,
  softExitDateFor,
  type Alert,
  type AlertInput,
  type AlertThresholds,
  type IsoDate,
} from '../../src/domain';
import type { ApplicationView } from '../../src/workflows/application/contract';

// ---- fixtures -------------------------------------------------------------------------------------
type ActivityIn = AlertInput['activities'][number];
type FollowUpIn = AlertInput['followUps'][number];

const L = '2024-03-01';
const S = softExitDateFor(L, false); // L + 91
const S_BREAK = softExitDateFor(L, true); // L + 181

const closedA1: ActivityIn = {
  id: 'a1',
  code: '102',
  status: 'closed',
  actualBeginDate: '2024-01-02',
  projectedBeginDate: null,
  projectedEndDate: '2024-02-15',
};

function openActivity(id: string, begin: IsoDate, projectedEnd: IsoDate | null): ActivityIn {
  return { id, code: '328', status: 'open', actualBeginDate: begin, projectedBeginDate: null, projectedEndDate: projectedEnd };
}

function futureActivity(id: string, projectedBegin: IsoDate, projectedEnd: IsoDate = '2025-12-31'): ActivityIn {
  return { id, code: '328', status: 'future', actualBeginDate: null, projectedBeginDate: projectedBegin, projectedEndDate: projectedEnd };
}

/** Participating, clock running with soft exit S = 2024-05-31, last case note 2024-05-10. */
function running(over: Partial<AlertInput> = {}): AlertInput {
  return {
    status: 'participating',
    exitClock: { state: 'running', softExitDate: S },
    activities: [closedA1],
    plannedBreak: null,
    followUps: [],
    participationDate: '2024-01-02',
    lastCaseNoteDate: '2024-05-10',
    ...over,
  };
}

/** Participating, clock blocked by an open activity (projected end far away). */
function blocked(over: Partial<AlertInput> = {}): AlertInput {
  return running({
    exitClock: { state: 'blocked', softExitDate: null },
    activities: [closedA1, openActivity('a2', '2024-02-20', '2025-01-01')],
    ...over,
  });
}

/** Participating with an approved planned break: R = 2024-06-15, soft exit L + 181. */
function onBreak(over: Partial<AlertInput> = {}): AlertInput {
  return running({
    exitClock: { state: 'extended', softExitDate: S_BREAK },
    activities: [closedA1, futureActivity('f1', '2024-06-15')],
    plannedBreak: { id: 'pb1', status: 'approved', resumeDate: '2024-06-15', activityId: 'f1' },
    lastCaseNoteDate: '2024-06-01',
    ...over,
  });
}

function fu(quarter: number, dueDate: IsoDate, status: FollowUpIn['status'] = 'required'): FollowUpIn {
  return { quarter, dueDate, status };
}

/** Soft-exited (exit date L), four follow-ups (SPEC §7 "basic" due dates). */
function exited(over: Partial<AlertInput> = {}): AlertInput {
  return running({
    status: 'exited',
    exitClock: { state: 'stopped', softExitDate: null },
    followUps: [fu(1, '2024-06-30'), fu(2, '2024-09-30'), fu(3, '2024-12-31'), fu(4, '2025-03-31')],
    lastCaseNoteDate: '2024-01-10',
    ...over,
  });
}

const keys = (alerts: Alert[]): string[] => alerts.map(alertKey);
const ofType = (alerts: Alert[], type: Alert['type']): Alert[] => alerts.filter((a) => a.type === type);
const keysOfType = (input: AlertInput, today: IsoDate, type: Alert['type'], t?: AlertThresholds): string[] =>
  keys(ofType(computeAlerts(input, today, t), type));

// ---- API shape --------------------------------------------------------------------------------------
describe('Alerts: API', () => {
  it('the fixtures follow SPEC §7 arithmetic (S = L + 91, with a break L + 181)', () => {
    expect(S).toBe('2024-05-31');
    expect(S_BREAK).toBe('2024-08-29');
  });

  it('defaults: exit approaching 14 days, follow-up due soon 14 days (R-FU-6), case note 30 days (R-NOTE-1), plan objective review 7 days (R-IEP-6)', () => {
    expect(DEFAULT_ALERT_THRESHOLDS).toEqual({ exitApproachingDays: 14, followUpDueSoonDays: 14, caseNoteDueDays: 30, planObjectiveReviewDays: 7 });
  });

  it('accepts an ApplicationView plus lastCaseNoteDate (type-level)', () => {
    const toInput = (v: ApplicationView, lastCaseNoteDate: IsoDate | null): AlertInput => ({ ...v, lastCaseNoteDate });
    expect(typeof toInput).toBe('function');
  });

  it('rejects invalid thresholds and an invalid today', () => {
    expect(() => computeAlerts(running(), '2024-05-01', { ...DEFAULT_ALERT_THRESHOLDS, caseNoteDueDays: -1 })).toThrow(RangeError);
    expect(() => nextAlertChange(running(), '2024-05-01', { ...DEFAULT_ALERT_THRESHOLDS, exitApproachingDays: 1.5 })).toThrow(RangeError);
    expect(() => computeAlerts(running(), '2024-02-30')).toThrow(/calendar date/);
  });

  it('output is sorted by ALERT_TYPES order then subjectKey, details carry no today-dependent values', () => {
    const input = running({
      activities: [closedA1, openActivity('b', '2024-04-01', '2024-04-20'), openActivity('a', '2024-04-01', '2024-04-10'), futureActivity('f9', '2024-07-01')],
      lastCaseNoteDate: '2024-04-01',
    });
    const alerts = computeAlerts(input, '2024-05-20');
    expect(keys(alerts)).toEqual([
      'exit_approaching:',
      'open_activity_past_projected_end:a',
      'open_activity_past_projected_end:b',
      'future_activity_beyond_exit:f9',
      'case_note_due:',
    ]);
    const tomorrow = computeAlerts(input, '2024-05-21');
    expect(tomorrow.map((a) => a.detail)).toEqual(alerts.map((a) => a.detail));
  });
});

// ---- one describe per alert type ----------------------------------------------------------------------
describe('Alerts: exit_approaching (soft exit within 14 days)', () => {
  it('Alerts: opens on S − 14 and stays through S inclusive; gone on S + 1', () => {
    expect(keysOfType(running(), '2024-05-16', 'exit_approaching')).toEqual([]);
    const opened = ofType(computeAlerts(running(), '2024-05-17'), 'exit_approaching');
    expect(opened).toEqual([
      { type: 'exit_approaching', subjectKey: '', since: '2024-05-17', detail: { softExitDate: S, clockState: 'running', thresholdDays: 14 } },
    ]);
    expect(keysOfType(running(), S, 'exit_approaching')).toEqual(['exit_approaching:']);
    expect(keysOfType(running(), '2024-06-01', 'exit_approaching')).toEqual([]);
  });

  it('Alerts: also with an extended clock (approved break, S = L + 181), with a custom threshold', () => {
    expect(keysOfType(onBreak(), '2024-08-14', 'exit_approaching')).toEqual([]);
    expect(keysOfType(onBreak(), '2024-08-15', 'exit_approaching')).toEqual(['exit_approaching:']);
    const t = { ...DEFAULT_ALERT_THRESHOLDS, exitApproachingDays: 3 };
    expect(keysOfType(running(), '2024-05-27', 'exit_approaching', t)).toEqual([]);
    expect(keysOfType(running(), '2024-05-28', 'exit_approaching', t)).toEqual(['exit_approaching:']);
  });

  it('Alerts: clears when the state changes (a service reopens the clock, a break extends it, the application exits)', () => {
    const today = '2024-05-20';
    expect(keysOfType(running(), today, 'exit_approaching')).toEqual(['exit_approaching:']);
    expect(keysOfType(blocked(), today, 'exit_approaching')).toEqual([]);
    expect(keysOfType(running({ exitClock: { state: 'extended', softExitDate: S_BREAK } }), today, 'exit_approaching')).toEqual([]);
    expect(keysOfType(running({ exitClock: { state: 'running', softExitDate: softExitDateFor('2024-05-15', false) } }), today, 'exit_approaching')).toEqual([]);
    expect(keysOfType(running({ status: 'exited', exitClock: { state: 'stopped', softExitDate: null } }), today, 'exit_approaching')).toEqual([]);
  });

  it('Alerts nextAlertChange: the window opens on S − 14, closes on S + 1', () => {
    const quiet = running({ lastCaseNoteDate: '2024-05-30' }); // case note due 2024-06-29
    expect(nextAlertChange(quiet, '2024-04-01')).toBe('2024-05-17');
    expect(nextAlertChange(quiet, '2024-05-16')).toBe('2024-05-17');
    expect(nextAlertChange(quiet, '2024-05-17')).toBe('2024-06-01');
    expect(nextAlertChange(quiet, S)).toBe('2024-06-01');
    expect(nextAlertChange(quiet, '2024-06-01')).toBe('2024-06-29');
  });
});

describe('Alerts: open_activity_past_projected_end', () => {
  const state = blocked({
    activities: [closedA1, openActivity('a2', '2024-04-01', '2024-06-15'), openActivity('a3', '2024-04-01', '2024-07-31')],
    lastCaseNoteDate: '2024-06-20', // due 2024-07-20
  });

  it('Alerts: one per open activity, from the day after its projected end (subjectKey = activity id)', () => {
    expect(keysOfType(state, '2024-06-15', 'open_activity_past_projected_end')).toEqual([]);
    expect(ofType(computeAlerts(state, '2024-06-16'), 'open_activity_past_projected_end')).toEqual([
      {
        type: 'open_activity_past_projected_end',
        subjectKey: 'a2',
        since: '2024-06-16',
        detail: { activityId: 'a2', code: '328', projectedEndDate: '2024-06-15' },
      },
    ]);
    expect(keysOfType(state, '2024-08-01', 'open_activity_past_projected_end')).toEqual([
      'open_activity_past_projected_end:a2',
      'open_activity_past_projected_end:a3',
    ]);
  });

  it('Alerts: clears when the activity is closed or its projected end is moved; closed/future activities never alert', () => {
    const today = '2024-06-20';
    const closedNow = blocked({ activities: [closedA1, { ...openActivity('a2', '2024-04-01', '2024-06-15'), status: 'closed' }] });
    expect(keysOfType(closedNow, today, 'open_activity_past_projected_end')).toEqual([]);
    const moved = blocked({ activities: [closedA1, openActivity('a2', '2024-04-01', '2024-06-30')] });
    expect(keysOfType(moved, today, 'open_activity_past_projected_end')).toEqual([]);
    expect(
      keysOfType(blocked({ activities: [closedA1, futureActivity('f1', '2024-05-01', '2024-05-31')] }), today, 'open_activity_past_projected_end'),
    ).toEqual([]);
    // closedA1's projected end (2024-02-15) is long past: no alert.
    expect(keysOfType(running(), '2024-05-01', 'open_activity_past_projected_end')).toEqual([]);
  });

  it('Alerts: not after a soft exit (only follow-up alerts then)', () => {
    const after = exited({ activities: [closedA1, openActivity('F1', '2024-06-01', '2024-06-15')] });
    expect(keysOfType(after, '2024-07-01', 'open_activity_past_projected_end')).toEqual([]);
  });

  it('Alerts nextAlertChange: the day after each projected end', () => {
    expect(nextAlertChange(state, '2024-06-01')).toBe('2024-06-16');
    expect(nextAlertChange(state, '2024-06-16')).toBe('2024-07-20'); // then the case note
    expect(nextAlertChange(state, '2024-07-20')).toBe('2024-08-01');
    expect(nextAlertChange(state, '2024-08-01')).toBe(null); // every activity alert and the case note are open
  });
});

describe('Alerts: future_activity_beyond_exit (R-CLOCK-5)', () => {
  it("R-CLOCK-5: raised when a future activity's projected begin is after the projected soft-exit date", () => {
    expect(keysOfType(running({ activities: [closedA1, futureActivity('f1', S)] }), '2024-04-01', 'future_activity_beyond_exit')).toEqual([]);
    const alerts = ofType(computeAlerts(running({ activities: [closedA1, futureActivity('f1', '2024-06-01')] }), '2024-04-01'), 'future_activity_beyond_exit');
    expect(alerts).toEqual([
      {
        type: 'future_activity_beyond_exit',
        subjectKey: 'f1',
        since: '2024-04-01',
        detail: { activityId: 'f1', code: '328', projectedBeginDate: '2024-06-01', softExitDate: S },
      },
    ]);
  });

  it('R-CLOCK-5: clears when the activity begins, the clock is blocked, or a break moves the soft exit past it', () => {
    const today = '2024-04-01';
    const begun = { ...futureActivity('f1', '2024-06-01'), status: 'open' as const, actualBeginDate: '2024-04-01' };
    expect(keysOfType(running({ activities: [closedA1, begun] }), today, 'future_activity_beyond_exit')).toEqual([]);
    expect(
      keysOfType(
        blocked({ activities: [closedA1, openActivity('a2', '2024-03-20', '2024-12-31'), futureActivity('f1', '2024-06-01')] }),
        today,
        'future_activity_beyond_exit',
      ),
    ).toEqual([]);
    // Approved break for f1 itself (R ≤ L + 180 < S'): no alert; another future activity beyond S': alert.
    expect(keysOfType(onBreak(), today, 'future_activity_beyond_exit')).toEqual([]);
    const other = onBreak({ activities: [closedA1, futureActivity('f1', '2024-06-15'), futureActivity('f2', '2024-09-01')] });
    expect(keysOfType(other, today, 'future_activity_beyond_exit')).toEqual(['future_activity_beyond_exit:f2']);
    expect(
      keysOfType(
        running({ status: 'exited', exitClock: { state: 'stopped', softExitDate: null }, activities: [futureActivity('f1', '2024-06-01')] }),
        today,
        'future_activity_beyond_exit',
      ),
    ).toEqual([]);
  });

  it('R-CLOCK-5: since is the observation date; reconcileAlerts keeps the first-raised date', () => {
    const input = running({ activities: [closedA1, futureActivity('f1', '2024-06-01')] });
    const day1 = computeAlerts(input, '2024-04-01');
    const day2 = computeAlerts(input, '2024-04-02');
    expect(ofType(day2, 'future_activity_beyond_exit')[0]?.since).toBe('2024-04-02');
    const merged = reconcileAlerts(day1, day2);
    expect(ofType(merged.alerts, 'future_activity_beyond_exit')[0]?.since).toBe('2024-04-01');
    expect(merged.opened).toEqual([]);
    expect(merged.resolved).toEqual([]);
  });

  it('R-CLOCK-5 nextAlertChange: time alone never changes it (same prediction with or without the activity)', () => {
    const without = running();
    const withIt = running({ activities: [closedA1, futureActivity('f1', '2024-06-01')] });
    for (const today of ['2024-04-01', '2024-05-17', '2024-05-31', '2024-06-02']) {
      expect(nextAlertChange(withIt, today)).toBe(nextAlertChange(without, today));
    }
    // Blocked clock + recent note far from due: nothing time-based but the case note.
    const onlyFuture = blocked({ activities: [closedA1, openActivity('a2', '2024-03-20', null), futureActivity('f1', '2024-09-01')] });
    expect(nextAlertChange(onlyFuture, '2024-06-09')).toBe(null); // case note due 2024-06-09 already open
  });
});

describe('Alerts: planned_break_return_passed (R passed, break not ended)', () => {
  it('Alerts: an approved break whose resume date R has passed while its activity has not begun, from R + 1', () => {
    expect(keysOfType(onBreak(), '2024-06-15', 'planned_break_return_passed')).toEqual([]);
    expect(ofType(computeAlerts(onBreak(), '2024-06-16'), 'planned_break_return_passed')).toEqual([
      {
        type: 'planned_break_return_passed',
        subjectKey: 'pb1',
        since: '2024-06-16',
        detail: { breakId: 'pb1', activityId: 'f1', resumeDate: '2024-06-15' },
      },
    ]);
    expect(keysOfType(onBreak(), '2024-08-20', 'planned_break_return_passed')).toEqual(['planned_break_return_passed:pb1']);
  });

  it('Alerts: clears when the activity begins (break ended) or the break is cancelled; a pending break raises nothing', () => {
    const today = '2024-06-20';
    const begun = { ...futureActivity('f1', '2024-06-15'), status: 'open' as const, actualBeginDate: '2024-06-18' };
    expect(
      keysOfType(
        onBreak({ activities: [closedA1, begun], plannedBreak: { id: 'pb1', status: 'ended', resumeDate: '2024-06-15', activityId: 'f1' } }),
        today,
        'planned_break_return_passed',
      ),
    ).toEqual([]);
    // Begin recorded but break status not flipped yet: the activity has begun, no alert.
    expect(keysOfType(onBreak({ activities: [closedA1, begun] }), today, 'planned_break_return_passed')).toEqual([]);
    for (const status of ['pending', 'cancelled'] as const) {
      const pb = { id: 'pb1', status, resumeDate: '2024-06-15', activityId: 'f1' };
      expect(keysOfType(onBreak({ plannedBreak: pb, exitClock: { state: 'running', softExitDate: S } }), today, 'planned_break_return_passed')).toEqual([]);
    }
    expect(keysOfType(onBreak({ status: 'exited', exitClock: { state: 'stopped', softExitDate: null } }), today, 'planned_break_return_passed')).toEqual([]);
  });

  it('Alerts nextAlertChange: the day after the resume date', () => {
    const quiet = onBreak({ lastCaseNoteDate: '2024-06-10' }); // case note due 2024-07-10
    expect(nextAlertChange(quiet, '2024-06-01')).toBe('2024-06-16');
    expect(nextAlertChange(quiet, '2024-06-15')).toBe('2024-06-16');
    expect(nextAlertChange(quiet, '2024-06-16')).toBe('2024-07-10');
    expect(nextAlertChange(quiet, '2024-07-10')).toBe('2024-08-15'); // exit approaching S' − 14
  });
});

describe('Alerts: case_note_due (R-NOTE-1)', () => {
  const state = blocked({ lastCaseNoteDate: '2024-03-01' });

  it('R-NOTE-1: raised on the 30th day after the last case note (today − last note ≥ 30)', () => {
    expect(keysOfType(state, '2024-03-30', 'case_note_due')).toEqual([]);
    expect(ofType(computeAlerts(state, '2024-03-31'), 'case_note_due')).toEqual([
      { type: 'case_note_due', subjectKey: '', since: '2024-03-31', detail: { lastCaseNoteDate: '2024-03-01', countedFrom: '2024-03-01', thresholdDays: 30 } },
    ]);
    expect(keysOfType(state, '2025-01-01', 'case_note_due')).toEqual(['case_note_due:']);
  });

  it('R-NOTE-1: clears when a case note is added; counts from participation when no note date is known', () => {
    expect(keysOfType(blocked({ lastCaseNoteDate: '2024-03-31' }), '2024-03-31', 'case_note_due')).toEqual([]);
    const noNote = blocked({ lastCaseNoteDate: null, participationDate: '2024-01-02' });
    expect(keysOfType(noNote, '2024-01-31', 'case_note_due')).toEqual([]);
    expect(ofType(computeAlerts(noNote, '2024-02-01'), 'case_note_due')[0]?.since).toBe('2024-02-01');
    // A note older than participation: counted from participation.
    expect(keysOfType(blocked({ lastCaseNoteDate: '2023-12-01', participationDate: '2024-01-02' }), '2024-01-31', 'case_note_due')).toEqual([]);
    expect(keysOfType(blocked({ lastCaseNoteDate: null, participationDate: null }), '2024-12-31', 'case_note_due')).toEqual([]);
  });

  it('R-NOTE-1: only while participating; custom threshold', () => {
    for (const status of ['eligible', 'exited', 'exited_exclusionary', 'completed'] as const) {
      expect(keysOfType(blocked({ status, lastCaseNoteDate: '2024-03-01' }), '2024-06-01', 'case_note_due')).toEqual([]);
    }
    const t = { ...DEFAULT_ALERT_THRESHOLDS, caseNoteDueDays: 10 };
    expect(keysOfType(state, '2024-03-10', 'case_note_due', t)).toEqual([]);
    expect(keysOfType(state, '2024-03-11', 'case_note_due', t)).toEqual(['case_note_due:']);
  });

  it('R-NOTE-1 nextAlertChange: the day the note becomes due', () => {
    expect(nextAlertChange(state, '2024-03-01')).toBe('2024-03-31');
    expect(nextAlertChange(state, '2024-03-30')).toBe('2024-03-31');
    expect(nextAlertChange(state, '2024-03-31')).toBe('2025-01-02'); // a2's projected end 2025-01-01
    expect(nextAlertChange(state, '2024-03-11', { ...DEFAULT_ALERT_THRESHOLDS, caseNoteDueDays: 45 })).toBe('2024-04-15');
  });
});

describe('Alerts: followup_due_soon (R-FU-6)', () => {
  it('R-FU-6: a required follow-up alerts from due − 14 through the due date (subjectKey q<k>)', () => {
    expect(keysOfType(exited(), '2024-06-15', 'followup_due_soon')).toEqual([]);
    expect(ofType(computeAlerts(exited(), '2024-06-16'), 'followup_due_soon')).toEqual([
      { type: 'followup_due_soon', subjectKey: 'q1', since: '2024-06-16', detail: { quarter: 1, dueDate: '2024-06-30', thresholdDays: 14 } },
    ]);
    expect(keysOfType(exited(), '2024-06-30', 'followup_due_soon')).toEqual(['followup_due_soon:q1']);
  });

  it('R-FU-5/R-FU-6: after the due date a still-`required` follow-up raises neither due-soon nor overdue (trust the status)', () => {
    expect(keys(computeAlerts(exited(), '2024-07-01'))).toEqual([]);
    expect(keys(computeAlerts(exited({ followUps: [fu(1, '2024-06-30', 'overdue')] }), '2024-07-01'))).toEqual(['followup_overdue:q1']);
  });

  it('R-FU-6: clears when the follow-up is completed or declined; custom N', () => {
    for (const status of ['completed', 'declined', 'missed'] as const) {
      expect(keysOfType(exited({ followUps: [fu(1, '2024-06-30', status)] }), '2024-06-20', 'followup_due_soon')).toEqual([]);
    }
    const t = { ...DEFAULT_ALERT_THRESHOLDS, followUpDueSoonDays: 7 };
    expect(keysOfType(exited(), '2024-06-22', 'followup_due_soon', t)).toEqual([]);
    expect(keysOfType(exited(), '2024-06-23', 'followup_due_soon', t)).toEqual(['followup_due_soon:q1']);
  });

  it('R-FU-6 nextAlertChange: the due-soon window opens on due − 14 and closes on due + 1', () => {
    expect(nextAlertChange(exited(), '2024-06-01')).toBe('2024-06-16');
    expect(nextAlertChange(exited(), '2024-06-16')).toBe('2024-07-01');
    expect(nextAlertChange(exited(), '2024-07-01')).toBe('2024-09-16');
    expect(nextAlertChange(exited(), '2025-03-31')).toBe('2025-04-01');
    expect(nextAlertChange(exited(), '2025-04-01')).toBe(null);
  });
});

describe('Alerts: followup_overdue (R-FU-5, R-FU-6)', () => {
  it('R-FU-6: an `overdue` follow-up alerts, since due + 1, whatever today is (R-FU-2 created overdue included)', () => {
    const state = exited({ followUps: [fu(1, '2024-06-30', 'overdue'), fu(2, '2024-09-30')] });
    expect(ofType(computeAlerts(state, '2024-07-05'), 'followup_overdue')).toEqual([
      { type: 'followup_overdue', subjectKey: 'q1', since: '2024-07-01', detail: { quarter: 1, dueDate: '2024-06-30' } },
    ]);
    expect(keysOfType(state, '2024-07-01', 'followup_overdue')).toEqual(['followup_overdue:q1']);
    expect(keysOfType(state, '2024-12-31', 'followup_overdue')).toEqual(['followup_overdue:q1']);
  });

  it('R-FU-5: clears when completed late, missed or declined', () => {
    for (const status of ['completed', 'missed', 'declined'] as const) {
      expect(keysOfType(exited({ followUps: [fu(1, '2024-06-30', status)] }), '2024-07-05', 'followup_overdue')).toEqual([]);
    }
    const before = computeAlerts(exited({ followUps: [fu(1, '2024-06-30', 'overdue')] }), '2024-07-05');
    const after = computeAlerts(exited({ followUps: [fu(1, '2024-06-30', 'completed')] }), '2024-07-06');
    expect(keys(reconcileAlerts(before, after).resolved)).toEqual(['followup_overdue:q1']);
  });

  it('R-FU-6 nextAlertChange: an overdue follow-up never changes by time alone', () => {
    const state = exited({ followUps: [fu(1, '2024-06-30', 'overdue'), fu(2, '2024-09-30', 'completed')] });
    expect(nextAlertChange(state, '2024-07-01')).toBe(null);
    expect(nextAlertChange(state, '2023-01-01')).toBe(null);
  });
});

describe('Alerts: application status', () => {
  // A state where every kind of condition holds on 2024-07-05.
  const everything = (over: Partial<AlertInput>): AlertInput =>
    running({
      exitClock: { state: 'running', softExitDate: '2024-07-10' },
      activities: [closedA1, openActivity('a2', '2024-04-01', '2024-06-30'), futureActivity('f1', '2024-08-01')],
      plannedBreak: { id: 'pb1', status: 'approved', resumeDate: '2024-07-01', activityId: 'f1' },
      followUps: [fu(1, '2024-07-15'), fu(2, '2024-06-30', 'overdue')],
      lastCaseNoteDate: '2024-05-01',
      ...over,
    });
  const today = '2024-07-05';

  it('Alerts: participating shows every type', () => {
    expect(new Set(computeAlerts(everything({}), today).map((a) => a.type)).size).toBe(7);
  });

  it('Alerts: after a soft exit only follow-up alerts', () => {
    expect(keys(computeAlerts(everything({ status: 'exited' }), today))).toEqual(['followup_due_soon:q1', 'followup_overdue:q2']);
  });

  it('Alerts: none at all for eligible, exited_exclusionary and completed applications', () => {
    for (const status of ['eligible', 'exited_exclusionary', 'completed'] as const) {
      expect(computeAlerts(everything({ status }), today)).toEqual([]);
      expect(nextAlertChange(everything({ status }), today)).toBe(null);
    }
  });
});

describe('Alerts: reconcileAlerts', () => {
  it('Alerts: reports opened and resolved alerts and keeps the since of alerts still open', () => {
    const prev: Alert[] = [
      { type: 'case_note_due', subjectKey: '', since: '2024-03-31', detail: {} },
      { type: 'followup_overdue', subjectKey: 'q1', since: '2024-07-01', detail: {} },
    ];
    const cur: Alert[] = [
      { type: 'case_note_due', subjectKey: '', since: '2024-04-05', detail: { x: 1 } },
      { type: 'exit_approaching', subjectKey: '', since: '2024-04-02', detail: {} },
    ];
    const r = reconcileAlerts(prev, cur);
    expect(r.alerts).toEqual([
      { type: 'case_note_due', subjectKey: '', since: '2024-03-31', detail: { x: 1 } },
      { type: 'exit_approaching', subjectKey: '', since: '2024-04-02', detail: {} },
    ]);
    expect(keys(r.opened)).toEqual(['exit_approaching:']);
    expect(keys(r.resolved)).toEqual(['followup_overdue:q1']);
  });
});

// ---- property-style check ----------------------------------------------------------------------------
describe('Alerts nextAlertChange property: with the state fixed, alerts change exactly on predicted days', () => {
  const t7: AlertThresholds = { exitApproachingDays: 7, followUpDueSoonDays: 7, caseNoteDueDays: 10 };
  const states: [string, AlertInput, AlertThresholds][] = [
    ['running clock, future activity beyond exit', running({ activities: [closedA1, futureActivity('f1', '2024-07-01')] }), DEFAULT_ALERT_THRESHOLDS],
    [
      'blocked clock, open activities with projected ends',
      blocked({
        activities: [closedA1, openActivity('a2', '2024-02-20', '2024-04-15'), openActivity('a3', '2024-03-01', '2024-06-30')],
        lastCaseNoteDate: '2024-02-01',
      }),
      DEFAULT_ALERT_THRESHOLDS,
    ],
    ['extended clock, approved break', onBreak(), DEFAULT_ALERT_THRESHOLDS],
    ['extended clock, approved break, small thresholds', onBreak(), t7],
    [
      'soft-exited, four follow-ups',
      exited({ followUps: [fu(1, '2024-06-30'), fu(2, '2024-09-30'), fu(3, '2024-03-31', 'overdue'), fu(4, '2025-03-31')] }),
      DEFAULT_ALERT_THRESHOLDS,
    ],
    ['soft-exited, small thresholds', exited(), t7],
    ['participating without any case note date', running({ lastCaseNoteDate: null, participationDate: '2024-02-10' }), DEFAULT_ALERT_THRESHOLDS],
  ];

  const snapshot = (alerts: Alert[]): string => JSON.stringify(alerts);

  function walk(input: AlertInput, t: AlertThresholds, start: IsoDate, days: number): { changes: IsoDate[]; predictions: IsoDate[] } {
    let today = start;
    let alerts = computeAlerts(input, today, t);
    let predicted = nextAlertChange(input, today, t);
    const changes: IsoDate[] = [];
    const predictions: IsoDate[] = [];
    for (let i = 1; i <= days; i++) {
      const day = addDays(today, 1);
      const next = reconcileAlerts(alerts, computeAlerts(input, day, t)).alerts;
      const changed = snapshot(next) !== snapshot(alerts);
      if (changed) changes.push(day);
      if (predicted === day) predictions.push(day);
      // Never late: any change was predicted from the previous day; never early: a predicted day changes.
      expect({ day, changed, predicted }).toEqual({ day, changed: predicted === day, predicted });
      if (predicted !== null) expect(predicted > today).toBe(true);
      today = day;
      alerts = next;
      predicted = nextAlertChange(input, today, t);
    }
    return { changes, predictions };
  }

  it.each(states)('Alerts: %s — 400 days from 2024-01-01', (_name, input, t) => {
    const { changes, predictions } = walk(input, t, '2024-01-01', 400);
    expect(changes).toEqual(predictions);
    expect(changes.length).toBeGreaterThan(0);
  });

  it('Alerts: the change days of the break state are exactly the rule boundaries', () => {
    const { changes } = walk(onBreak(), DEFAULT_ALERT_THRESHOLDS, '2024-01-01', 400);
    // case note due (06-01 + 30), break return passed (R + 1), exit approaching opens (S' − 14), closes (S' + 1).
    expect(changes).toEqual(['2024-07-01', '2024-06-16', '2024-08-15', '2024-08-30'].sort());
  });

  it('Alerts: the change days of the follow-up state are the due-soon windows', () => {
    const { changes } = walk(exited(), DEFAULT_ALERT_THRESHOLDS, '2024-01-01', 500);
    expect(changes).toEqual(['2024-06-16', '2024-07-01', '2024-09-16', '2024-10-01', '2024-12-17', '2025-01-01', '2025-03-17', '2025-04-01']);
  });
});
