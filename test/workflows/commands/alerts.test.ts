/**
 * Caseload alerts derived from the plain state (SPEC "Alerts", R-NOTE-1, R-CLOCK-5, R-FU-6, R-IEP-6):
 * refreshAlerts raises and resolves them (keeping the day an alert began), nextAlertInstant says when
 * the workflow must look again.
 */
import { DEFAULT_ALERT_THRESHOLDS } from '../../../src/domain/alerts';
import { nextAlertInstant, refreshAlerts } from '../../../src/workflows/application/commands';
import type { ApplicationState } from '../../../src/workflows/application/state';
import { at, commands, entry, followUpReport, newState, onDay, participating, run, softExit, withClosedService } from './harness';

const { addActivity, addCaseNote } = commands;
const T = DEFAULT_ALERT_THRESHOLDS;

const refresh = (state: ApplicationState, date: string) => refreshAlerts(state, onDay(date), T);
const keys = (state: ApplicationState) => (state.alerts ?? []).map((a) => `${a.type}:${a.subjectKey}`);

const caseNoteDue = (lastCaseNoteDate: string, since: string) => ({
  type: 'case_note_due',
  subjectKey: '',
  since,
  detail: { lastCaseNoteDate, countedFrom: lastCaseNoteDate, thresholdDays: 30 },
});
const exitApproaching = {
  type: 'exit_approaching',
  subjectKey: '',
  since: '2024-03-27',
  detail: { softExitDate: '2024-04-10', clockState: 'running', thresholdDays: 14 },
};

describe('refreshAlerts', () => {
  it('R-NOTE-1 / exit_approaching: L = 2024-01-10 (soft exit 2024-04-10): case_note_due since 2024-02-01 (30 days after the last note), exit_approaching from 2024-03-27 (14 days before)', () => {
    const { state } = withClosedService();
    expect(refresh(state, '2024-03-26')).toBe(true);
    expect(state.alerts).toEqual([caseNoteDue('2024-01-02', '2024-02-01')]);
    expect(refresh(state, '2024-03-27')).toBe(true);
    expect(state.alerts).toEqual([exitApproaching, caseNoteDue('2024-01-02', '2024-02-01')]);
    expect(refresh(state, '2024-03-27')).toBe(false); // nothing changed: no new version for the workflow
  });

  it('R-NOTE-1 / R-CLOCK-2: alerts resolve themselves: a case note clears case_note_due; a new open service blocks the clock and clears exit_approaching', () => {
    const { state } = withClosedService();
    refresh(state, '2024-03-27');
    run(addCaseNote, state, { contactDate: '2024-03-27', subject: 'Call', body: 'Checked in.' }, { now: onDay('2024-03-27') });
    expect(refresh(state, '2024-03-27')).toBe(true);
    expect(state.alerts).toEqual([exitApproaching]);
    run(
      addActivity,
      state,
      { code: '102', entry: entry('102'), program: 'ADULT', actualBeginDate: '2024-03-27', projectedEndDate: '2024-04-30', caseNote: 'Reassessment.' },
      { now: onDay('2024-03-27') },
    );
    expect(refresh(state, '2024-03-27')).toBe(true);
    expect(state.alerts).toEqual([]);
  });

  it('R-CLOCK-5: future_activity_beyond_exit keeps the day it was first raised while it stays open', () => {
    const { state } = withClosedService();
    const future = run(
      addActivity,
      state,
      { code: '328', entry: entry('328'), program: 'ADULT', projectedBeginDate: '2024-05-01', projectedEndDate: '2024-09-01', caseNote: 'Training in May.' },
      { now: onDay('2024-03-01') },
    ).activity!;
    const beyond = {
      type: 'future_activity_beyond_exit',
      subjectKey: future.id,
      since: '2024-03-01',
      detail: { activityId: future.id, code: '328', projectedBeginDate: '2024-05-01', softExitDate: '2024-04-10' },
    };
    // A training service and no plan, participating since 2024-01-02: R-IEP-6's plan_missing is open too.
    const planMissing = { type: 'plan_missing', subjectKey: '', since: '2024-02-02', detail: { participationDate: '2024-01-02', afterDays: 30 } };
    expect(refresh(state, '2024-03-01')).toBe(true);
    expect(state.alerts).toEqual([beyond, planMissing]);
    expect(refresh(state, '2024-03-05')).toBe(false);
    expect(refresh(state, '2024-03-27')).toBe(true);
    expect(state.alerts).toEqual([exitApproaching, beyond, planMissing]);
  });

  it('R-FU-6: after the soft exit only follow-up alerts remain: followup_due_soon from 14 days before the due date, followup_overdue once a child reports overdue', () => {
    const { state } = withClosedService();
    refresh(state, '2024-03-27');
    const exitAt = at('2024-04-10T07:00:00Z');
    softExit(state, exitAt);
    expect(refreshAlerts(state, exitAt, T)).toBe(true);
    expect(state.alerts).toEqual([]);
    expect(refresh(state, '2024-06-16')).toBe(true);
    expect(state.alerts).toEqual([
      { type: 'followup_due_soon', subjectKey: 'q1', since: '2024-06-16', detail: { quarter: 1, dueDate: '2024-06-30', thresholdDays: 14 } },
    ]);
    followUpReport(state, { ...state.followUps[0]!, status: 'overdue' }, onDay('2024-07-01'));
    expect(refresh(state, '2024-07-01')).toBe(true);
    expect(state.alerts).toEqual([{ type: 'followup_overdue', subjectKey: 'q1', since: '2024-07-01', detail: { quarter: 1, dueDate: '2024-06-30' } }]);
  });

  it('R-IEP-6: plan_missing (a training service, participation more than 30 days old, no plan)', () => {
    const { state } = participating({ participationDate: '2024-01-02', code: '328' });
    expect(refresh(state, '2024-02-05')).toBe(true);
    expect(keys(state)).toEqual(['case_note_due:', 'plan_missing:']);
    expect(state.alerts![1]).toEqual({ type: 'plan_missing', subjectKey: '', since: '2024-02-02', detail: { participationDate: '2024-01-02', afterDays: 30 } });
  });

  it('R-ACT-2: no alerts before participation: nothing to refresh', () => {
    const state = newState();
    expect(refresh(state, '2024-03-01')).toBe(false);
    expect(state.alerts).toBeUndefined();
  });
});

describe('nextAlertInstant', () => {
  it('R-TIME-3 / R-NOTE-1: the next change is at 00:00 agency time: case_note_due opens 2024-02-01 (08:00Z, PST)', () => {
    const { state } = withClosedService();
    expect(nextAlertInstant(state, onDay('2024-01-10'), T)).toBe(at('2024-02-01T08:00:00Z'));
  });

  it('R-TIME-3: with both alerts open the next change is exit_approaching closing after the exit date: 2024-04-11 (07:00Z, PDT)', () => {
    const { state } = withClosedService();
    run(addCaseNote, state, { contactDate: '2024-03-27', subject: 'Call', body: 'Checked in.' }, { now: onDay('2024-03-27') });
    expect(nextAlertInstant(state, onDay('2024-03-27'), T)).toBe(at('2024-04-11T07:00:00Z'));
  });

  it('R-FU-6: after the exit the next change is q1’s due-soon window (2024-06-16, 07:00Z); before participation there is none', () => {
    const { state } = withClosedService();
    const exitAt = at('2024-04-10T07:00:00Z');
    softExit(state, exitAt);
    expect(nextAlertInstant(state, exitAt, T)).toBe(at('2024-06-16T07:00:00Z'));
    expect(nextAlertInstant(newState(), onDay('2024-03-01'), T)).toBeNull();
  });
});
