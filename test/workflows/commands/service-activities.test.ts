/**
 * Service activities on plain state: add, begin, close (R-ACT-1 … R-ACT-5), what they do to the exit
 * clock (R-CLOCK-1 … R-CLOCK-5) and their timeliness (R-TIMELY-1).
 */
import {
  clock,
  commands,
  entry,
  flush,
  iso,
  newState,
  nextCommandId,
  onDay,
  participating,
  refuse,
  run,
  softExit,
  softExited,
  supervisor,
  withClosedService,
} from './harness';
import type { ApplicationState } from '../../../src/workflows/application/state';

const { addActivity, beginActivity, closeActivity, recordClosure } = commands;

/** An addActivity payload with an actual begin (an open service) for ADULT. */
const service = (code: string, actualBeginDate: string, projectedEndDate: string, over: Record<string, unknown> = {}) => ({
  code,
  entry: entry(code),
  program: 'ADULT' as const,
  actualBeginDate,
  projectedEndDate,
  caseNote: `Service ${code}.`,
  ...over,
});

/** An addActivity payload with a projected begin only (a future service, R-CLOCK-5). */
const planned = (code: string, projectedBeginDate: string, projectedEndDate: string) => ({
  code,
  entry: entry(code),
  program: 'ADULT' as const,
  projectedBeginDate,
  projectedEndDate,
  caseNote: `Planned ${code}.`,
});

const close = (activityId: string, actualEndDate: string) => ({ activityId, actualEndDate, completionCode: 'successful' as const });

function activity(state: ApplicationState, id: string) {
  return state.activities.find((a) => a.id === id)!;
}

describe('addActivity', () => {
  it('R-ACT-1 / R-ACT-3: an added service snapshots its catalog entry, carries its case note (dated the day it is entered, not its begin: R-TIMELY-2) and is audited; R-CLOCK-2: an open clock-restarting service blocks the clock', () => {
    const c = withClosedService();
    const now = onDay('2024-02-20');
    const commandId = nextCommandId();
    const res = run(addActivity, c.state, service('205', '2024-02-15', '2024-03-05', { provider: 'AJCC East' }), { now });
    const id = res.activity!.id;
    expect(activity(c.state, id)).toEqual({
      id,
      code: '205',
      title: 'Development of IEP/ISS/EDP',
      category: 'individualized',
      program: 'ADULT',
      status: 'open',
      actualBeginDate: '2024-02-15',
      projectedBeginDate: null,
      projectedEndDate: '2024-03-05',
      actualEndDate: null,
      completionCode: null,
      provider: 'AJCC East',
      restartsExitClock: true,
      createdBy: 'S-STAFF-1',
      createdAt: iso(now),
      // R-TIMELY-1: begun 02-15, entered 02-20: within five business days (Presidents' Day 02-19 not counted).
      entries: { begin: { datedOn: '2024-02-15', enteredOn: '2024-02-20', late: false, enteredBy: 'S-STAFF-1' } },
      enteredOn: '2024-02-20',
      late: false,
    });
    expect(res.activity).toEqual(activity(c.state, id));
    expect(c.state.outbox.caseNotes).toEqual([
      {
        id: expect.any(String),
        activityId: id,
        contactDate: '2024-02-20',
        subject: 'Activity 205 Development of IEP/ISS/EDP',
        body: 'Service 205.',
        createdBy: 'S-STAFF-1',
        createdAt: iso(now),
        enteredOn: '2024-02-20',
        late: false,
      },
    ]);
    expect(c.state.lastCaseNoteDate).toBe('2024-02-20');
    expect(c.state.outbox.audit).toEqual([
      {
        commandId,
        command: 'addActivity',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(now),
        summary: { activityId: id, code: '205', status: 'open', backdateApprovedBy: null },
      },
    ]);
    expect(clock(c.state)).toEqual({ state: 'blocked', lastServiceDate: '2024-01-10', softExitDate: null, softExitAt: null, blockingActivityIds: [id] });
    expect(res.application.exitClock).toEqual({ state: 'blocked', softExitDate: null, softExitAt: null, daysRemaining: null });
  });

  it('R-ACT-1: the activity keeps the entry it was created with (restartsExitClock snapshot, title trimmed): a later entry for the same code does not change it', () => {
    const c = withClosedService();
    const now = onDay('2024-01-20');
    const agencyVariant = { ...entry('102'), title: '  Initial Assessment (county)  ', restartsExitClock: false };
    const first = run(addActivity, c.state, { ...service('102', '2024-01-15', '2024-01-20'), entry: agencyVariant }, { now }).activity!;
    expect(first).toMatchObject({ title: 'Initial Assessment (county)', restartsExitClock: false });
    run(addActivity, c.state, service('102', '2024-01-16', '2024-01-20'), { now });
    run(closeActivity, c.state, close(first.id, '2024-01-20'), { now });
    expect(activity(c.state, first.id).restartsExitClock).toBe(false);
    // The first 102 (not restarting) closed on 01-20 leaves L; the second (restarting) is open: blocked.
    expect(clock(c.state)).toMatchObject({ state: 'blocked', lastServiceDate: '2024-01-10' });
  });

  it.each([
    ['R-ACT-1: an entry that is not the code’s', 'UNKNOWN_ACTIVITY_CODE', { ...service('205', '2024-01-10', '2024-02-01'), entry: entry('102') }],
    ['R-ACT-1: a malformed entry', 'UNKNOWN_ACTIVITY_CODE', { ...service('205', '2024-01-10', '2024-02-01'), entry: { ...entry('205'), title: '   ' } }],
    [
      'R-ACT-1: a program the application is not enrolled in',
      'PROGRAM_NOT_ENROLLED',
      { ...service('205', '2024-01-10', '2024-02-01'), program: 'YOUTH' as const },
    ],
    ['R-ACT-3: an empty case note', 'CASE_NOTE_REQUIRED', service('205', '2024-01-10', '2024-02-01', { caseNote: ' ' })],
    ['R-BREAK-1: a planned-break code (requested, not added)', 'PLANNED_BREAK_CODE_NOT_ALLOWED', service('001', '2024-01-10', '2024-02-01')],
    ['R-CLOSE-1: an F-code before closure or exit', 'FOLLOW_UP_CODE_NOT_ALLOWED', service('F02', '2024-01-10', '2024-01-10')],
    ['R-ACT-5: an actual begin before participation', 'DATE_BEFORE_PARTICIPATION', service('205', '2024-01-01', '2024-02-01')],
    ['R-ACT-5: a projected end before the begin', 'END_BEFORE_BEGIN', service('205', '2024-01-10', '2024-01-09')],
    [
      'R-CLOCK-5: both an actual and a projected begin',
      'BEGIN_DATE_CONFLICT',
      { ...service('205', '2024-01-10', '2024-02-01'), projectedBeginDate: '2024-01-20' },
    ],
    [
      'R-CLOCK-5: neither an actual nor a projected begin',
      'BEGIN_DATE_CONFLICT',
      { ...planned('205', '2024-01-20', '2024-02-01'), projectedBeginDate: undefined },
    ],
    ['R-CLOCK-5: a projected begin that is not after today', 'PROJECTED_BEGIN_NOT_FUTURE', planned('328', '2024-01-10', '2024-06-01')],
    ['R-ACT-5: a projected end before the projected begin', 'END_BEFORE_BEGIN', planned('328', '2024-02-10', '2024-02-01')],
  ])('%s → %s', (_title, code, payload) => {
    const c = withClosedService();
    expect(refuse(addActivity, c.state, payload, { now: c.now })).toBe(code);
  });

  it('R-ACT-1: a code that does not apply to the program is refused (CODE_NOT_FOR_PROGRAM); before participation NOT_PARTICIPATING', () => {
    const wp = participating({ input: { programs: ['ADULT', 'WAGNER_PEYSER'] }, now: onDay('2024-01-10') });
    expect(refuse(addActivity, wp.state, { ...service('203', '2024-01-10', '2024-02-01'), program: 'WAGNER_PEYSER' as const }, { now: wp.now })).toBe(
      'CODE_NOT_FOR_PROGRAM',
    );
    expect(refuse(addActivity, newState(), service('205', '2024-01-02', '2024-02-01'), { now: onDay('2024-01-10') })).toBe('NOT_PARTICIPATING');
  });

  it('R-ACT-4 backdating table (today 2024-05-01): 04-01 free; 03-31 and 02-01 need a supervisor (caller or backdateApprovedBy, audited); 01-31 refused; 05-02 refused', () => {
    const c = participating({ participationDate: '2024-01-05', projectedEndDate: '2024-12-01', now: onDay('2024-01-05') });
    const now = onDay('2024-05-01');
    const add = (actualBeginDate: string, backdateApprovedBy?: string) =>
      service('205', actualBeginDate, '2024-06-01', backdateApprovedBy ? { backdateApprovedBy } : {});
    expect(run(addActivity, c.state, add('2024-04-01'), { now }).activity!.actualBeginDate).toBe('2024-04-01');
    expect(refuse(addActivity, c.state, add('2024-03-31'), { now })).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect(refuse(addActivity, c.state, add('2024-02-01'), { now })).toBe('BACKDATE_APPROVAL_REQUIRED');
    flush(c.state);
    run(addActivity, c.state, add('2024-03-31', 'S-SUP-1'), { now });
    expect(c.state.outbox.audit[0]!.summary).toMatchObject({ backdateApprovedBy: 'S-SUP-1', status: 'open' });
    expect(run(addActivity, c.state, add('2024-02-01'), { now, actor: supervisor }).activity!.status).toBe('open');
    expect(refuse(addActivity, c.state, add('2024-01-31'), { now, actor: supervisor })).toBe('BACKDATE_LIMIT');
    expect(refuse(addActivity, c.state, add('2024-05-02'), { now })).toBe('FUTURE_DATE');
  });

  it('R-TIMELY-1: a service begun a month before it is entered is late; a future service is entered on time and has no dated entry yet', () => {
    const c = participating({ participationDate: '2024-01-05', projectedEndDate: '2024-12-01', now: onDay('2024-01-05') });
    const now = onDay('2024-05-01');
    const backdated = run(addActivity, c.state, service('205', '2024-04-01', '2024-06-01'), { now }).activity!;
    expect(backdated).toMatchObject({
      enteredOn: '2024-05-01',
      late: true,
      entries: { begin: { datedOn: '2024-04-01', enteredOn: '2024-05-01', late: true } },
    });
    const future = run(addActivity, c.state, planned('328', '2024-06-15', '2024-12-15'), { now }).activity!;
    expect(future).toMatchObject({ status: 'future', actualBeginDate: null, projectedBeginDate: '2024-06-15', enteredOn: '2024-05-01', late: false });
    expect(future.entries).toBeUndefined();
  });
});

describe('the exit clock follows the services (R-CLOCK-1 … R-CLOCK-5)', () => {
  it('R-CLOCK-2 / R-CLOCK-3 reset vector: L1 = 2024-01-10; a clock-restarting service closed 2024-03-05 moves L → soft exit 2024-06-04T07:00:00Z', () => {
    const c = withClosedService();
    expect(clock(c.state)).toMatchObject({ state: 'running', lastServiceDate: '2024-01-10', softExitAt: '2024-04-10T07:00:00.000Z' });
    const added = run(addActivity, c.state, service('205', '2024-02-20', '2024-03-05'), { now: onDay('2024-02-20') }).activity!;
    expect(clock(c.state)).toMatchObject({ state: 'blocked', softExitAt: null });
    flush(c.state);

    const now = onDay('2024-03-05');
    const commandId = nextCommandId();
    const res = run(closeActivity, c.state, close(added.id, '2024-03-05'), { now });
    expect(activity(c.state, added.id)).toMatchObject({
      status: 'closed',
      actualEndDate: '2024-03-05',
      completionCode: 'successful',
      enteredOn: '2024-03-05',
      late: false,
      entries: {
        begin: { datedOn: '2024-02-20', enteredOn: '2024-02-20', late: false, enteredBy: 'S-STAFF-1' },
        close: { datedOn: '2024-03-05', enteredOn: '2024-03-05', late: false, enteredBy: 'S-STAFF-1' },
      },
    });
    expect(c.state.outbox.audit).toEqual([
      {
        commandId,
        command: 'closeActivity',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(now),
        summary: { activityId: added.id, actualEndDate: '2024-03-05', completionCode: 'successful' },
      },
    ]);
    expect(c.state.outbox.caseNotes).toEqual([]);
    expect(clock(c.state)).toEqual({
      state: 'running',
      lastServiceDate: '2024-03-05',
      softExitDate: '2024-06-04',
      softExitAt: '2024-06-04T07:00:00.000Z',
      blockingActivityIds: [],
    });
    expect(res.application).toMatchObject({ lastServiceDate: '2024-03-05', exitClock: { state: 'running', softExitDate: '2024-06-04', daysRemaining: 91 } });
  });

  it('R-CLOCK-3 non-restarting vector: a supportive service (181) neither blocks the clock nor moves L when it closes 2024-02-01', () => {
    const c = withClosedService();
    const supportive = run(addActivity, c.state, service('181', '2024-01-20', '2024-02-01'), { now: onDay('2024-01-20') }).activity!;
    expect(clock(c.state)).toMatchObject({ state: 'running', softExitAt: '2024-04-10T07:00:00.000Z' });
    run(closeActivity, c.state, close(supportive.id, '2024-02-01'), { now: onDay('2024-02-01') });
    expect(clock(c.state)).toMatchObject({ state: 'running', lastServiceDate: '2024-01-10', softExitAt: '2024-04-10T07:00:00.000Z' });
  });

  it('R-CLOCK-1: L is the latest end across every co-enrolled program; an earlier end never moves it back', () => {
    const c = withClosedService();
    const now = onDay('2024-01-25');
    const dw = run(addActivity, c.state, { ...service('102', '2024-01-15', '2024-01-20'), program: 'DISLOCATED_WORKER' as const }, { now }).activity!;
    const earlier = run(addActivity, c.state, service('104', '2024-01-05', '2024-01-08'), { now }).activity!;
    run(closeActivity, c.state, close(dw.id, '2024-01-20'), { now });
    run(closeActivity, c.state, close(earlier.id, '2024-01-08'), { now });
    expect(clock(c.state)).toEqual({
      state: 'running',
      lastServiceDate: '2024-01-20',
      softExitDate: '2024-04-20',
      softExitAt: '2024-04-20T07:00:00.000Z',
      blockingActivityIds: [],
    });
  });

  it('R-CLOCK-5: a future service does not hold or extend the clock', () => {
    const c = withClosedService();
    run(addActivity, c.state, planned('328', '2024-06-15', '2024-12-15'), { now: onDay('2024-03-01') });
    expect(clock(c.state)).toEqual({
      state: 'running',
      lastServiceDate: '2024-01-10',
      softExitDate: '2024-04-10',
      softExitAt: '2024-04-10T07:00:00.000Z',
      blockingActivityIds: [],
    });
    expect(c.state.outbox.audit.at(-1)!.summary).toMatchObject({ status: 'future' });
  });
});

describe('beginActivity and closeActivity', () => {
  function withFuture(): { state: ApplicationState; futureId: string } {
    const c = withClosedService();
    const futureId = run(addActivity, c.state, planned('328', '2024-03-10', '2024-06-01'), { now: onDay('2024-03-01') }).activity!.id;
    flush(c.state);
    return { state: c.state, futureId };
  }

  it('R-CLOCK-5 → R-CLOCK-2: beginning a future service opens it (its begin is its dated entry, R-TIMELY-1) and blocks the clock', () => {
    const { state, futureId } = withFuture();
    const now = onDay('2024-03-11');
    const commandId = nextCommandId();
    const res = run(beginActivity, state, { activityId: futureId, actualBeginDate: '2024-03-11' }, { now });
    expect(activity(state, futureId)).toMatchObject({
      status: 'open',
      actualBeginDate: '2024-03-11',
      projectedBeginDate: '2024-03-10',
      enteredOn: '2024-03-11',
      late: false,
      entries: { begin: { datedOn: '2024-03-11', enteredOn: '2024-03-11', late: false, enteredBy: 'S-STAFF-1' } },
    });
    expect(res.activity).toEqual(activity(state, futureId));
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'beginActivity',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(now),
        summary: { activityId: futureId, actualBeginDate: '2024-03-11' },
      },
    ]);
    expect(clock(state)).toMatchObject({ state: 'blocked', blockingActivityIds: [futureId] });
  });

  it('R-ACT-4 / R-ACT-5: a begin is an actual date: not in the future, not before participation; only a future activity begins (ACTIVITY_NOT_FUTURE, ACTIVITY_NOT_FOUND)', () => {
    const { state, futureId } = withFuture();
    const now = onDay('2024-03-11');
    expect(refuse(beginActivity, state, { activityId: futureId, actualBeginDate: '2024-03-12' }, { now })).toBe('FUTURE_DATE');
    expect(refuse(beginActivity, state, { activityId: futureId, actualBeginDate: '2024-01-01' }, { now })).toBe('DATE_BEFORE_PARTICIPATION');
    expect(refuse(beginActivity, state, { activityId: 'nope', actualBeginDate: '2024-03-11' }, { now })).toBe('ACTIVITY_NOT_FOUND');
    expect(refuse(beginActivity, state, { activityId: state.activities[0]!.id, actualBeginDate: '2024-03-11' }, { now })).toBe('ACTIVITY_NOT_FUTURE');
  });

  it('R-ACT-5: closing needs an open activity (ACTIVITY_ALREADY_CLOSED, ACTIVITY_NOT_OPEN) and an end not before its begin nor in the future', () => {
    const { state, futureId } = withFuture();
    const now = onDay('2024-03-11');
    expect(refuse(closeActivity, state, close(state.activities[0]!.id, '2024-03-11'), { now })).toBe('ACTIVITY_ALREADY_CLOSED');
    expect(refuse(closeActivity, state, close(futureId, '2024-03-11'), { now })).toBe('ACTIVITY_NOT_OPEN');
    expect(refuse(closeActivity, state, close('nope', '2024-03-11'), { now })).toBe('ACTIVITY_NOT_FOUND');
    const open = run(addActivity, state, service('205', '2024-03-05', '2024-04-01'), { now }).activity!;
    expect(refuse(closeActivity, state, close(open.id, '2024-03-04'), { now })).toBe('END_BEFORE_BEGIN');
    expect(refuse(closeActivity, state, close(open.id, '2024-03-12'), { now })).toBe('FUTURE_DATE');
  });

  it('R-TIMELY-1: a close entered more than five business days after the end is late (MLK day 2024-01-15 not counted): 01-18 on time, 01-19 late', () => {
    const onTime = participating({ projectedEndDate: '2024-01-10', now: onDay('2024-01-10') });
    run(closeActivity, onTime.state, close(onTime.activityId, '2024-01-10'), { now: onDay('2024-01-18') });
    expect(activity(onTime.state, onTime.activityId)).toMatchObject({
      enteredOn: '2024-01-18',
      late: false,
      entries: { close: { datedOn: '2024-01-10', late: false } },
    });

    const late = participating({ projectedEndDate: '2024-01-10', now: onDay('2024-01-10') });
    run(closeActivity, late.state, close(late.activityId, '2024-01-10'), { now: onDay('2024-01-19') });
    expect(activity(late.state, late.activityId)).toMatchObject({
      enteredOn: '2024-01-19',
      late: true,
      entries: { close: { datedOn: '2024-01-10', enteredOn: '2024-01-19', late: true } },
    });
  });
});

describe('after closure and exit (R-CLOSE-1, R-CLOCK-4)', () => {
  it('R-CLOSE-1: after closure an F-code is accepted before the exit, and it neither blocks nor moves the clock', () => {
    const c = withClosedService();
    run(recordClosure, c.state, { closureStatus: 'completed_program' }, { now: onDay('2024-01-12') });
    const f = run(addActivity, c.state, service('F02', '2024-01-12', '2024-01-12'), { now: onDay('2024-01-12') }).activity!;
    expect(f).toMatchObject({ code: 'F02', category: 'follow_up', status: 'open', restartsExitClock: false });
    expect(c.state.status).toBe('participating');
    expect(clock(c.state)).toMatchObject({ state: 'running', lastServiceDate: '2024-01-10', softExitAt: '2024-04-10T07:00:00.000Z' });
  });

  it('R-CLOCK-4: after a soft exit only F-codes are accepted (APPLICATION_EXITED); closing one leaves the exit as it was', () => {
    const c = softExited();
    const now = onDay('2024-04-11');
    expect(refuse(addActivity, c.state, service('205', '2024-04-11', '2024-05-01'), { now })).toBe('APPLICATION_EXITED');
    const f = run(addActivity, c.state, service('F01', '2024-04-11', '2024-04-11'), { now }).activity!;
    run(closeActivity, c.state, close(f.id, '2024-04-11'), { now });
    expect(c.state).toMatchObject({ status: 'exited', exit: { type: 'soft', exitDate: '2024-01-10' } });
    expect(clock(c.state)).toMatchObject({ state: 'stopped', lastServiceDate: '2024-01-10' });
  });

  it('R-CLOCK-4: a future service planned before the exit cannot begin after it (APPLICATION_EXITED)', () => {
    const c = withClosedService();
    const future = run(addActivity, c.state, planned('328', '2024-06-15', '2024-12-15'), { now: onDay('2024-03-01') }).activity!;
    softExit(c.state);
    expect(refuse(beginActivity, c.state, { activityId: future.id, actualBeginDate: '2024-06-15' }, { now: onDay('2024-06-15') })).toBe('APPLICATION_EXITED');
  });
});
