/**
 * The application workflow's choice of what comes next (src/workflows/application/next-wakeup.ts), on
 * plain state with no Temporal server: the soft exit at L + 91 (R-CLOCK-3/4), L + 181 with a planned
 * break (R-BREAK-2), the DST vector (R-TIME-3), the alert re-check, the credential window (R-CRED-3) and
 * completion (R-FU-7), and the run's checkpoint (docs/versioning.md). Where a test is about one timer
 * only, the case is `quiet`: alert thresholds that open no alert before that timer.
 */
import type { ActivityView, ApplicationWorkflowInput, FollowUpView } from '../../src/workflows/application/contract';
import { nextWakeup } from '../../src/workflows/application/next-wakeup';
import { type ApplicationState, initialState } from '../../src/workflows/application/state';

const LA = 'America/Los_Angeles';

/** No alert opens before the timer a test is about (exit_approaching on the soft-exit day itself: the soft exit wins the tie). */
function quiet(state: ApplicationState): ApplicationState {
  state.input = { ...state.input, alertThresholds: { exitApproachingDays: 0, followUpDueSoonDays: 0, caseNoteDueDays: 100_000 } };
  return state;
}

const input: ApplicationWorkflowInput = {
  applicationId: 'app-1',
  participantId: 'p-1',
  programs: ['ADULT'],
  eligibilityDate: '2024-01-02',
  office: 'LA-2703',
  caseManagerId: 'S-1',
  createdBy: { staffId: 'S-1', role: 'staff' },
  agencyTimeZone: LA,
  searchAttributes: false,
};

function activity(id: string, begin: string, end: string | null, restarts = true): ActivityView {
  return {
    id,
    code: '102',
    title: 'Initial assessment',
    category: 'career_staff_assisted',
    program: 'ADULT',
    status: end === null ? 'open' : 'closed',
    actualBeginDate: begin,
    projectedBeginDate: null,
    projectedEndDate: null,
    actualEndDate: end,
    completionCode: end === null ? null : 'successful',
    provider: null,
    restartsExitClock: restarts,
    createdBy: 'S-1',
    createdAt: `${begin}T18:00:00.000Z`,
  };
}

/** A participating case whose services are `activities`; case notes kept current so no case-note alert is due. */
function participating(participationDate: string, activities: ActivityView[], lastCaseNoteDate: string | null = null): ApplicationState {
  const state = initialState(input, `${participationDate}T18:00:00.000Z`);
  state.status = 'participating';
  state.participationDate = participationDate;
  state.activities = activities;
  state.lastCaseNoteDate = lastCaseNoteDate;
  return state;
}

const at = (iso: string): number => Date.parse(iso);

describe('nextWakeup: the soft exit', () => {
  it('R-CLOCK-3: L = 2024-01-10 → wait until 2024-04-10T07:00:00Z (00:00 agency time on L + 91)', () => {
    const state = participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10')]);
    const next = nextWakeup(quiet(state), at('2024-02-01T20:00:00Z'));
    expect(next).toEqual({ action: 'wait', at: at('2024-04-10T07:00:00.000Z'), summary: `soft exit at 2024-04-10 00:00 ${LA} (2024-04-10T07:00:00.000Z)` });
  });

  it('R-CLOCK-4: due at that instant, not a millisecond before', () => {
    const state = participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10')]);
    expect(nextWakeup(quiet(state), at('2024-04-10T06:59:59.999Z')).action).toBe('wait');
    expect(nextWakeup(quiet(state), at('2024-04-10T07:00:00.000Z'))).toEqual({ action: 'softExit', softExitDate: '2024-04-10' });
  });

  it('R-CLOCK-3 reset: a later closed service moves the wake-up to L2 + 91', () => {
    const state = participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10'), activity('a2', '2024-02-20', '2024-03-05')]);
    expect(nextWakeup(quiet(state), at('2024-03-06T20:00:00Z'))).toMatchObject({ action: 'wait', at: at('2024-06-04T07:00:00.000Z') });
  });

  it('R-CLOCK-2: an open clock-restarting service blocks the clock: no timer, only a change wakes the workflow', () => {
    const state = participating('2024-01-02', [activity('a1', '2024-01-02', null)]);
    const next = nextWakeup(quiet(state), at('2024-06-01T20:00:00Z'));
    expect(next.action).toBe('wait');
    if (next.action === 'wait') expect(next.summary).not.toMatch(/soft exit/);
    // …however long it stays open: never due.
    expect(nextWakeup(quiet(state), at('2026-06-01T20:00:00Z')).action).toBe('wait');
  });

  it('R-TIME-3 DST vector: L = 2024-08-05 → 2024-11-04T08:00:00Z (PST after the fall-back)', () => {
    const state = participating('2024-07-01', [activity('a1', '2024-07-01', '2024-08-05')]);
    expect(nextWakeup(quiet(state), at('2024-09-01T20:00:00Z'))).toMatchObject({ action: 'wait', at: at('2024-11-04T08:00:00.000Z') });
    expect(nextWakeup(quiet(state), at('2024-11-04T07:30:00Z')).action).toBe('wait'); // 23:30 PST on the 3rd
    expect(nextWakeup(quiet(state), at('2024-11-04T08:00:00Z'))).toEqual({ action: 'softExit', softExitDate: '2024-11-04' });
  });

  it('R-BREAK-2: an approved planned break extends the wait to L + 181 (2024-07-09T07:00:00Z); a pending one does not', () => {
    const state = participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10')]);
    const pb = {
      id: 'b1',
      reason: 'other',
      resumeDate: '2024-06-15',
      activityId: 'a1',
      requestedBy: 'S-1',
      requestedAt: '2024-01-11T18:00:00.000Z',
      approvedBy: null,
      approvedAt: null,
    } as const;
    state.plannedBreak = { ...pb, status: 'pending' } as ApplicationState['plannedBreak'];
    expect(nextWakeup(quiet(state), at('2024-02-01T20:00:00Z'))).toMatchObject({ at: at('2024-04-10T07:00:00.000Z') });
    state.plannedBreak = { ...pb, status: 'approved', approvedBy: 'SUP-1', approvedAt: '2024-01-12T18:00:00.000Z' } as ApplicationState['plannedBreak'];
    expect(nextWakeup(quiet(state), at('2024-02-01T20:00:00Z'))).toMatchObject({ at: at('2024-07-09T07:00:00.000Z') });
    expect(nextWakeup(quiet(state), at('2024-04-10T07:00:00Z')).action).toBe('wait');
  });

  it('R-BREAK-2: a break cancelled after L + 91 has passed makes the soft exit due at once', () => {
    const state = participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10')]);
    state.plannedBreak = {
      id: 'b1',
      status: 'cancelled',
      reason: 'other',
      resumeDate: '2024-06-15',
      activityId: 'a1',
      requestedBy: 'S-1',
      requestedAt: '2024-01-11T18:00:00.000Z',
      approvedBy: 'SUP-1',
      approvedAt: '2024-01-12T18:00:00.000Z',
    } as ApplicationState['plannedBreak'];
    expect(nextWakeup(quiet(state), at('2024-05-01T20:00:00Z'))).toEqual({ action: 'softExit', softExitDate: '2024-04-10' });
  });

  it('an eligible case (no participation) has no clock and nothing due', () => {
    expect(nextWakeup(initialState(input, '2024-01-02T18:00:00.000Z'), at('2024-06-01T20:00:00Z'))).toMatchObject({ action: 'wait', at: null });
  });
});

describe('nextWakeup: alerts', () => {
  it('with alerts, it wakes first on the day exit_approaching opens (soft exit − 14 days, 00:00 agency time)', () => {
    const state = participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10')], '2024-03-20');
    const next = nextWakeup(state, at('2024-03-21T20:00:00Z'));
    // Soft exit 2024-04-10 → exit_approaching from 2024-03-27 (PDT since 2024-03-10: 07:00Z).
    expect(next).toEqual({ action: 'wait', at: at('2024-03-27T07:00:00.000Z'), summary: 're-check alerts at 2024-03-27T07:00:00.000Z' });
  });

  it('the soft exit wins a tie with an alert re-check (its summary is what operators see)', () => {
    const state = participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10')], '2024-04-05');
    const next = nextWakeup(state, at('2024-04-05T20:00:00Z'));
    expect(next).toMatchObject({ action: 'wait', at: at('2024-04-10T07:00:00.000Z') });
    if (next.action === 'wait') expect(next.summary).toMatch(/^soft exit at 2024-04-10/);
  });
});

describe('nextWakeup: after the exit (R-FU-7, R-CRED-3)', () => {
  function exited(statuses: FollowUpView['status'][]): ApplicationState {
    const state = participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10')], '2024-01-10');
    state.status = 'exited';
    state.exit = { type: 'soft', exitDate: '2024-01-10', exitedAt: '2024-04-10T07:00:00.000Z' };
    state.followUps = statuses.map(
      (status, i) =>
        ({ quarter: i + 1, periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-06-30', status, contactAttempts: [] }) as FollowUpView,
    );
    return state;
  }

  it('R-CRED-3: while a follow-up is open the case never completes; the window’s end is recorded on 2025-01-11 00:00 PST', () => {
    const state = quiet(exited(['completed', 'required', 'required', 'required']));
    expect(nextWakeup(state, at('2024-05-01T20:00:00Z')).action).toBe('wait');
    expect(nextWakeup(state, at('2025-01-11T08:00:00Z'))).toEqual({ action: 'closeCredentialWindow' });
    state.credentialWindowClosedOn = '2025-01-11';
    expect(nextWakeup(state, at('2025-01-11T08:00:00Z')).action).toBe('wait');
  });

  it('R-CRED-3: all four resolved before the window ends → not complete yet; the window closing is due on 2025-01-11', () => {
    const state = exited(['completed', 'missed', 'declined', 'completed']);
    expect(nextWakeup(quiet(state), at('2024-12-01T20:00:00Z'))).toMatchObject({ action: 'wait', at: at('2025-01-11T08:00:00.000Z') });
    expect(nextWakeup(quiet(state), at('2025-01-11T08:00:00Z'))).toEqual({ action: 'closeCredentialWindow' });
    state.credentialWindowClosedOn = '2025-01-11';
    expect(nextWakeup(quiet(state), at('2025-01-11T08:00:00Z'))).toEqual({ action: 'complete' });
  });

  it('an exited case is never due a second soft exit', () => {
    const state = exited(['required', 'required', 'required', 'required']);
    expect(nextWakeup(state, at('2024-04-10T07:00:00Z')).action).toBe('wait');
  });
});

describe('nextWakeup: the checkpoint (docs/versioning.md)', () => {
  it('a quiet case with nothing earlier due wakes at its run’s checkpoint, named for operators', () => {
    const state = quiet(participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10')]));
    const checkpoint = at('2024-02-01T20:00:00Z');
    expect(nextWakeup(state, at('2024-01-10T20:00:00Z'), checkpoint)).toEqual({
      action: 'wait',
      at: checkpoint,
      summary: 'checkpoint: continue as new on the current code at 2024-02-01T20:00:00.000Z',
    });
  });

  it('an earlier soft exit comes first; a case with no timer at all still wakes at the checkpoint', () => {
    const state = quiet(participating('2024-01-02', [activity('a1', '2024-01-02', '2024-01-10')]));
    expect(nextWakeup(state, at('2024-03-21T20:00:00Z'), at('2024-05-01T00:00:00Z'))).toMatchObject({ at: at('2024-04-10T07:00:00.000Z') });
    const eligible = initialState(input, '2024-01-02T18:00:00.000Z');
    expect(nextWakeup(eligible, at('2024-06-01T20:00:00Z'), at('2024-07-01T20:00:00Z'))).toMatchObject({ action: 'wait', at: at('2024-07-01T20:00:00Z') });
  });
});
