/**
 * Planned breaks on plain state (R-BREAK-1, R-BREAK-2): request, approval by another supervisor,
 * cancellation, the end a begun service makes, and what each does to the exit clock.
 */
import {
  at,
  clock,
  commands,
  entry,
  flush,
  iso,
  newState,
  nextCommandId,
  onDay,
  refuse,
  run,
  softExit,
  softExitAt,
  staff2,
  supervisor,
  supervisor2,
  viewer,
  withClosedService,
} from './harness';
import type { ApplicationState } from '../../../src/workflows/application/state';

const { addActivity, beginActivity, closeActivity, requestPlannedBreak, approvePlannedBreak, cancelPlannedBreak } = commands;

const MARCH_1 = onDay('2024-03-01');

/** L = 2024-01-10 (soft exit 2024-04-10) and, added on 2024-03-01, a future training (328) beginning on `resumeDate`. */
function withFutureTraining(resumeDate = '2024-06-15'): { state: ApplicationState; futureId: string } {
  const c = withClosedService();
  const futureId = run(
    addActivity,
    c.state,
    {
      code: '328',
      entry: entry('328'),
      program: 'ADULT',
      projectedBeginDate: resumeDate,
      projectedEndDate: '2024-12-15',
      caseNote: 'Training starts with the next cohort.',
    },
    { now: MARCH_1 },
  ).activity!.id;
  flush(c.state);
  return { state: c.state, futureId };
}

const request = (activityId: string, resumeDate = '2024-06-15') => ({
  reason: 'training_delay' as const,
  resumeDate,
  activityId,
  caseNote: 'Waiting for the June cohort.',
});

function requested(resumeDate = '2024-06-15', by = supervisor) {
  const f = withFutureTraining(resumeDate);
  const breakId = run(requestPlannedBreak, f.state, request(f.futureId, resumeDate), { now: MARCH_1, actor: by }).plannedBreak!.id;
  flush(f.state);
  return { ...f, breakId };
}

describe('request (R-BREAK-1)', () => {
  it('R-BREAK-1: a request records a pending break with its case note and audit entry, and does nothing to the clock', () => {
    const { state, futureId } = withFutureTraining();
    const before = clock(state);
    const commandId = nextCommandId();
    const res = run(requestPlannedBreak, state, request(futureId), { now: MARCH_1 });
    const breakId = res.plannedBreak!.id;
    expect(state.plannedBreak).toEqual({
      id: breakId,
      status: 'pending',
      reason: 'training_delay',
      resumeDate: '2024-06-15',
      activityId: futureId,
      requestedBy: 'S-STAFF-1',
      requestedAt: iso(MARCH_1),
      approvedBy: null,
      approvedAt: null,
    });
    expect(res.plannedBreak).toEqual(state.plannedBreak);
    expect(state.outbox.caseNotes).toEqual([
      {
        id: expect.any(String),
        activityId: futureId,
        contactDate: '2024-03-01',
        subject: 'Planned break requested (training_delay)',
        body: 'Waiting for the June cohort.',
        createdBy: 'S-STAFF-1',
        createdAt: iso(MARCH_1),
        enteredOn: '2024-03-01',
        late: false,
      },
    ]);
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'requestPlannedBreak',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(MARCH_1),
        summary: { breakId, resumeDate: '2024-06-15', reason: 'training_delay' },
      },
    ]);
    expect(clock(state)).toEqual(before);
    expect(before).toMatchObject({ state: 'running', softExitAt: '2024-04-10T07:00:00.000Z' });
  });

  it('R-BREAK-1: the break names an existing future activity that begins on R, with a reason and a case note', () => {
    const { state, futureId } = withFutureTraining();
    const opts = { now: MARCH_1 };
    expect(refuse(requestPlannedBreak, state, request(futureId, '2024-06-16'), opts)).toBe('PLANNED_BREAK_RESUME_MISMATCH');
    expect(refuse(requestPlannedBreak, state, request('nope'), opts)).toBe('ACTIVITY_NOT_FOUND');
    expect(refuse(requestPlannedBreak, state, request(state.activities[0]!.id), opts)).toBe('ACTIVITY_NOT_FUTURE');
    expect(refuse(requestPlannedBreak, state, { ...request(futureId), caseNote: '  ' }, opts)).toBe('CASE_NOTE_REQUIRED');
    expect(refuse(requestPlannedBreak, state, { ...request(futureId), reason: 'vacation' as never }, opts)).toBe('PLANNED_BREAK_REASON_INVALID');
    expect(refuse(requestPlannedBreak, newState(), request(futureId), opts)).toBe('NOT_PARTICIPATING');
  });

  it('R-BREAK-2 vector: L = 2024-01-10, R = 2024-07-09 (L + 181) → PLANNED_BREAK_TOO_LONG; R = 2024-07-08 (L + 180) is accepted', () => {
    const tooLong = withFutureTraining('2024-07-09');
    expect(refuse(requestPlannedBreak, tooLong.state, request(tooLong.futureId, '2024-07-09'), { now: MARCH_1 })).toBe('PLANNED_BREAK_TOO_LONG');
    expect(tooLong.state.plannedBreak).toBeNull();
    const longest = withFutureTraining('2024-07-08');
    expect(run(requestPlannedBreak, longest.state, request(longest.futureId, '2024-07-08'), { now: MARCH_1 }).plannedBreak!.status).toBe('pending');
  });

  it('R-BREAK-2: R must still be ahead when the break is requested (PLANNED_BREAK_RESUME_NOT_FUTURE)', () => {
    const { state, futureId } = withFutureTraining('2024-03-05');
    expect(refuse(requestPlannedBreak, state, request(futureId, '2024-03-05'), { now: onDay('2024-03-05') })).toBe('PLANNED_BREAK_RESUME_NOT_FUTURE');
  });

  it('R-BREAK-1: one break at a time: a pending or approved break refuses another (PLANNED_BREAK_EXISTS); a cancelled one does not', () => {
    const { state, futureId, breakId } = requested();
    expect(refuse(requestPlannedBreak, state, request(futureId), { now: MARCH_1, actor: staff2 })).toBe('PLANNED_BREAK_EXISTS');
    run(approvePlannedBreak, state, { breakId }, { now: MARCH_1, actor: supervisor2 });
    expect(refuse(requestPlannedBreak, state, request(futureId), { now: MARCH_1, actor: staff2 })).toBe('PLANNED_BREAK_EXISTS');
    run(cancelPlannedBreak, state, { breakId }, { now: MARCH_1 });
    const again = run(requestPlannedBreak, state, request(futureId), { now: MARCH_1, actor: staff2 }).plannedBreak!;
    expect(again).toMatchObject({ status: 'pending', requestedBy: 'S-STAFF-2' });
    expect(again.id).not.toBe(breakId);
  });
});

describe('approval (R-BREAK-1, R-BREAK-2)', () => {
  it('R-BREAK-2 vector: L = 2024-01-10, R = 2024-06-15 approved by another supervisor → the soft exit moves to L + 181 = 2024-07-09T07:00:00Z', () => {
    const { state, breakId } = requested();
    const now = onDay('2024-03-02');
    const commandId = nextCommandId();
    const res = run(approvePlannedBreak, state, { breakId }, { now, actor: supervisor2 });
    expect(state.plannedBreak).toMatchObject({ id: breakId, status: 'approved', approvedBy: 'S-SUP-2', approvedAt: iso(now), requestedBy: 'S-SUP-1' });
    expect(res.plannedBreak).toEqual(state.plannedBreak);
    expect(state.outbox.audit).toEqual([
      { commandId, command: 'approvePlannedBreak', actorId: 'S-SUP-2', actorRole: 'supervisor', at: iso(now), summary: { breakId } },
    ]);
    expect(clock(state)).toEqual({
      state: 'extended',
      lastServiceDate: '2024-01-10',
      softExitDate: '2024-07-09',
      softExitAt: '2024-07-09T07:00:00.000Z',
      blockingActivityIds: [],
    });
    expect(res.application.exitClock).toMatchObject({ state: 'extended', softExitAt: '2024-07-09T07:00:00.000Z' });
  });

  it('R-BREAK-1: only a supervisor other than the requester approves (SUPERVISOR_REQUIRED, SELF_APPROVAL)', () => {
    const { state, breakId } = requested();
    const now = onDay('2024-03-02');
    expect(refuse(approvePlannedBreak, state, { breakId }, { now, actor: staff2 })).toBe('SUPERVISOR_REQUIRED');
    expect(refuse(approvePlannedBreak, state, { breakId }, { now, actor: viewer })).toBe('SUPERVISOR_REQUIRED');
    expect(refuse(approvePlannedBreak, state, { breakId }, { now, actor: supervisor })).toBe('SELF_APPROVAL');
    expect(refuse(approvePlannedBreak, state, { breakId: 'nope' }, { now, actor: supervisor2 })).toBe('PLANNED_BREAK_NOT_FOUND');
    run(approvePlannedBreak, state, { breakId }, { now, actor: supervisor2 });
    expect(refuse(approvePlannedBreak, state, { breakId }, { now, actor: supervisor2 })).toBe('PLANNED_BREAK_NOT_PENDING');
  });

  it('R-BREAK-2: approval re-checks R against today: a break whose resume date has passed is not approved (PLANNED_BREAK_RESUME_NOT_FUTURE)', () => {
    const { state, breakId } = requested('2024-03-20');
    expect(refuse(approvePlannedBreak, state, { breakId }, { now: onDay('2024-03-20'), actor: supervisor2 })).toBe('PLANNED_BREAK_RESUME_NOT_FUTURE');
    expect(state.plannedBreak!.status).toBe('pending');
  });
});

describe('the end of a break (R-BREAK-2)', () => {
  it('R-BREAK-2: beginning the break’s activity ends the break; the service is then open and blocks the clock (R-CLOCK-2)', () => {
    const { state, futureId, breakId } = requested();
    run(approvePlannedBreak, state, { breakId }, { now: MARCH_1, actor: supervisor2 });
    const res = run(beginActivity, state, { activityId: futureId, actualBeginDate: '2024-06-15' }, { now: onDay('2024-06-15') });
    expect(state.plannedBreak).toMatchObject({ id: breakId, status: 'ended' });
    expect(res.application.plannedBreak).toMatchObject({ status: 'ended' });
    expect(clock(state)).toMatchObject({ state: 'blocked', blockingActivityIds: [futureId] });
  });

  // A break still pending when its activity begins ends too: approved afterwards, it would extend the
  // exit of a case whose service had simply ended (L + 181 instead of L + 91).
  it('R-BREAK-2: beginning the break’s activity also ends a break still pending: approving it afterwards cannot extend the clock', () => {
    const { state, futureId, breakId } = requested();
    run(beginActivity, state, { activityId: futureId, actualBeginDate: '2024-03-10' }, { now: onDay('2024-03-10') });
    expect(state.plannedBreak).toMatchObject({ id: breakId, status: 'ended' });
    expect(refuse(approvePlannedBreak, state, { breakId }, { now: onDay('2024-03-11'), actor: supervisor2 })).toBe('PLANNED_BREAK_NOT_PENDING');
    run(closeActivity, state, { activityId: futureId, actualEndDate: '2024-04-01', completionCode: 'successful' }, { now: onDay('2024-04-01') });
    expect(clock(state)).toMatchObject({ state: 'running', lastServiceDate: '2024-04-01', softExitDate: '2024-07-01' });
  });

  it('R-BREAK-2: cancelling restores L + 91; when that moment has passed the exit is due at once, still with exit date L', () => {
    const { state, breakId } = requested();
    run(approvePlannedBreak, state, { breakId }, { now: MARCH_1, actor: supervisor2 });
    flush(state);
    const now = onDay('2024-05-01');
    const commandId = nextCommandId();
    const res = run(cancelPlannedBreak, state, { breakId }, { now });
    expect(state.plannedBreak).toMatchObject({ id: breakId, status: 'cancelled', approvedBy: 'S-SUP-2' });
    expect(res.plannedBreak).toEqual(state.plannedBreak);
    expect(state.outbox.audit).toEqual([
      { commandId, command: 'cancelPlannedBreak', actorId: 'S-STAFF-1', actorRole: 'staff', at: iso(now), summary: { breakId } },
    ]);
    expect(clock(state)).toMatchObject({ state: 'running', softExitDate: '2024-04-10', softExitAt: '2024-04-10T07:00:00.000Z' });
    expect(softExitAt(state)).toBeLessThan(now); // the workflow exits at once
    expect(softExit(state, now)).toEqual({ type: 'soft', exitDate: '2024-01-10', exitedAt: iso(now) });
  });

  it('R-BREAK-2: a pending break can be cancelled too; cancelling twice or an unknown break is refused', () => {
    const { state, breakId } = requested();
    run(cancelPlannedBreak, state, { breakId }, { now: MARCH_1 });
    expect(state.plannedBreak!.status).toBe('cancelled');
    expect(refuse(cancelPlannedBreak, state, { breakId }, { now: MARCH_1 })).toBe('PLANNED_BREAK_NOT_ACTIVE');
    expect(refuse(cancelPlannedBreak, state, { breakId: 'nope' }, { now: MARCH_1 })).toBe('PLANNED_BREAK_NOT_FOUND');
  });

  it('R-BREAK-2 / R-FU-2 vector: the extended exit at 2024-07-09T07:00:00Z has exit date L = 2024-01-10, ends the break, and q1 (due 2024-06-30) starts overdue', () => {
    const { state, breakId } = requested();
    run(approvePlannedBreak, state, { breakId }, { now: MARCH_1, actor: supervisor2 });
    expect(softExitAt(state)).toBe(at('2024-07-09T07:00:00Z'));
    const exit = softExit(state);
    expect(exit).toEqual({ type: 'soft', exitDate: '2024-01-10', exitedAt: '2024-07-09T07:00:00.000Z' });
    expect(state.plannedBreak).toMatchObject({ id: breakId, status: 'ended' });
    expect(state.followUps.map((f) => [f.quarter, f.dueDate, f.status])).toEqual([
      [1, '2024-06-30', 'overdue'],
      [2, '2024-09-30', 'required'],
      [3, '2024-12-31', 'required'],
      [4, '2025-03-31', 'required'],
    ]);
    // After the exit the break can no longer be touched.
    expect(refuse(cancelPlannedBreak, state, { breakId }, { now: onDay('2024-07-10') })).toBe('APPLICATION_EXITED');
  });
});
