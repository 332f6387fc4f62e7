/**
 * Data change requests on plain state (R-DCR-1 … R-DCR-3): a staff member requests a correction, a
 * supervisor other than the requester approves (every field applied at once, before/after audited)
 * or rejects it; an exit cancels what is still pending. Reasons are PII: outbox only.
 */
import type { ApplicationState } from '../../../src/workflows/application/state';
import { datedEntries } from '../../../src/workflows/application/commands/corrections';
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
  snapshot,
  softExit,
  staff,
  staff2,
  supervisor,
  supervisor2,
  view,
  viewer,
  withClosedService,
} from './harness';

const { requestDataChange, approveDataChange, rejectDataChange, addActivity, recordCredential, recordSkillGain, recordExclusionaryExit } = commands;

const FEB_1 = onDay('2024-02-01');
const FEB_2 = onDay('2024-02-02');
const REASON = 'Typo: the workshop ended on the 20th.';

/** Participation on 2024-01-03 with 101, closed on L = 2024-01-10 (soft exit 2024-04-10). */
function base(): { state: ApplicationState; a1: string } {
  const c = withClosedService({ participationDate: '2024-01-03' });
  return { state: c.state, a1: c.activityId };
}

const onActivity = (activityId: string, changes: Record<string, string>, over: Record<string, unknown> = {}) => ({
  target: { kind: 'activity' as const, activityId },
  changes,
  reason: REASON,
  ...over,
});
const onParticipation = (participationDate: string) => ({
  target: { kind: 'participation' as const },
  changes: { participationDate },
  reason: 'Participation began two days later.',
});

function requested(by = staff, payload?: ReturnType<typeof onActivity>) {
  const b = base();
  const requestId = run(requestDataChange, b.state, payload ?? onActivity(b.a1, { actualEndDate: '2024-01-20' }), { now: FEB_1, actor: by }).changeRequest!.id;
  flush(b.state);
  return { ...b, requestId };
}

describe('requestDataChange (R-DCR-1)', () => {
  it('R-DCR-1: a request is stored pending and changes nothing yet; its reason goes to the outbox only', () => {
    const { state, a1 } = base();
    const before = { activity: { ...state.activities[0]! }, clock: clock(state) };
    const commandId = nextCommandId();
    const res = run(requestDataChange, state, onActivity(a1, { actualEndDate: '2024-01-20' }), { now: FEB_1 });
    const id = res.changeRequest!.id;
    const request = {
      id,
      target: { kind: 'activity', activityId: a1 },
      changes: { actualEndDate: '2024-01-20' },
      status: 'pending',
      requestedBy: 'S-STAFF-1',
      requestedAt: iso(FEB_1),
      decidedBy: null,
      decidedAt: null,
    };
    expect(res.decision).toEqual([{ field: 'actualEndDate', activityId: a1, before: '2024-01-10', after: '2024-01-20' }]);
    expect(state.changeRequests).toEqual([request]);
    expect(res.changeRequest).toEqual(request);
    expect(res.application.changeRequests).toEqual([request]);
    expect(state.activities[0]).toEqual(before.activity);
    expect(clock(state)).toEqual(before.clock);
    expect(state.outbox.changeRequestTexts).toEqual([{ changeRequestId: id, kind: 'request', text: REASON, by: 'S-STAFF-1', at: iso(FEB_1) }]);
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'requestDataChange',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(FEB_1),
        summary: { changeRequestId: id, targetKind: 'activity', activityId: a1, fields: 'actualEndDate' },
      },
    ]);
    expect(JSON.stringify(view(state, FEB_1))).not.toContain('Typo');
    expect(JSON.stringify(state.outbox.audit)).not.toContain('Typo');
  });

  it.each([
    ['R-DCR-1: at least one change', 'CHANGE_NOT_APPLICABLE', (a1: string) => onActivity(a1, {})],
    ['R-DCR-1: a value that differs from the current one', 'CHANGE_NOT_APPLICABLE', (a1: string) => onActivity(a1, { actualEndDate: '2024-01-10' })],
    ['R-DCR-1: only the fields of the target (an activity)', 'CHANGE_NOT_APPLICABLE', (a1: string) => onActivity(a1, { participationDate: '2024-01-05' })],
    [
      'R-DCR-1: only the fields of the target (participation)',
      'CHANGE_NOT_APPLICABLE',
      () => ({ ...onParticipation('2024-01-05'), changes: { actualEndDate: '2024-01-20' } }),
    ],
    ['R-DCR-1: a known completion code', 'CHANGE_NOT_APPLICABLE', (a1: string) => onActivity(a1, { completionCode: 'excellent' })],
    ['R-DCR-1: a service code does not become an F-code', 'CHANGE_NOT_APPLICABLE', (a1: string) => onActivity(a1, { code: 'F01' }, { entry: entry('F01') })],
    ['R-DCR-1: nor a planned-break code', 'CHANGE_NOT_APPLICABLE', (a1: string) => onActivity(a1, { code: '001' }, { entry: entry('001') })],
    ['R-DCR-1: a new code comes with its catalog entry', 'UNKNOWN_ACTIVITY_CODE', (a1: string) => onActivity(a1, { code: '102' })],
    ['R-DCR-1: a reason is required', 'REASON_REQUIRED', (a1: string) => onActivity(a1, { actualEndDate: '2024-01-20' }, { reason: '  ' })],
    ['R-DCR-1: an activity of this application', 'ACTIVITY_NOT_FOUND', () => onActivity('nope', { actualEndDate: '2024-01-20' })],
    ['R-DCR-1: a calendar date', 'INVALID_DATE', (a1: string) => onActivity(a1, { actualEndDate: '2024-13-01' })],
    ['R-DCR-1 as applied: no actual date in the future', 'FUTURE_DATE', (a1: string) => onActivity(a1, { actualEndDate: '2024-02-02' })],
    [
      'R-DCR-1 as applied (R-ACT-5): no actual date before participation',
      'DATE_BEFORE_PARTICIPATION',
      (a1: string) => onActivity(a1, { actualEndDate: '2024-01-02' }),
    ],
    [
      'R-DCR-1 as applied (R-ACT-5): an end not before its begin',
      'END_BEFORE_BEGIN',
      (a1: string) => onActivity(a1, { actualBeginDate: '2024-01-08', actualEndDate: '2024-01-05' }),
    ],
    ['R-DCR-1 as applied (R-ACT-2): participation not before eligibility', 'PARTICIPATION_BEFORE_ELIGIBILITY', () => onParticipation('2023-11-30')],
    ['R-DCR-1 as applied (R-ACT-5): participation not after a service’s end', 'DATE_BEFORE_PARTICIPATION', () => onParticipation('2024-01-11')],
  ])('%s → %s', (_title, code, payload) => {
    const { state, a1 } = base();
    expect(refuse(requestDataChange, state, payload(a1) as never, { now: FEB_1 })).toBe(code);
  });

  it('R-DCR-1: a value not entered yet is not corrected: the end or completion code of an open activity, the begin of a future one (CHANGE_NOT_APPLICABLE)', () => {
    const c = participating({ participationDate: '2024-01-03', now: onDay('2024-01-10') });
    const future = run(
      addActivity,
      c.state,
      { code: '328', entry: entry('328'), program: 'ADULT', projectedBeginDate: '2024-03-01', projectedEndDate: '2024-06-01', caseNote: 'Training.' },
      { now: FEB_1 },
    ).activity!;
    expect(refuse(requestDataChange, c.state, onActivity(c.activityId, { actualEndDate: '2024-01-20' }), { now: FEB_1 })).toBe('CHANGE_NOT_APPLICABLE');
    expect(refuse(requestDataChange, c.state, onActivity(c.activityId, { completionCode: 'successful' }), { now: FEB_1 })).toBe('CHANGE_NOT_APPLICABLE');
    expect(refuse(requestDataChange, c.state, onActivity(future.id, { actualBeginDate: '2024-01-20' }), { now: FEB_1 })).toBe('CHANGE_NOT_APPLICABLE');
    expect(run(requestDataChange, c.state, onActivity(c.activityId, { projectedEndDate: '2024-04-01' }), { now: FEB_1 }).changeRequest!.status).toBe('pending');
  });

  it('R-DCR-1: a correction is not an entry: the 30/90-day backdating windows do not apply (a staff member moves participation 58 days back)', () => {
    const { state, a1 } = base();
    const res = run(requestDataChange, state, onParticipation('2023-12-05'), { now: FEB_1, actor: staff });
    expect(res.decision).toEqual([
      { field: 'participationDate', activityId: null, before: '2024-01-03', after: '2023-12-05' },
      { field: 'actualBeginDate', activityId: a1, before: '2024-01-03', after: '2023-12-05' },
    ]);
    expect(state.outbox.audit.at(-1)!.summary).toEqual({
      changeRequestId: res.changeRequest!.id,
      targetKind: 'participation',
      activityId: null,
      fields: 'participationDate,actualBeginDate',
    });
  });

  it('R-DCR-3: only a participating application takes requests (NOT_PARTICIPATING before, APPLICATION_EXITED after a soft exit)', () => {
    expect(refuse(requestDataChange, newState(), onParticipation('2024-01-05'), { now: FEB_1 })).toBe('NOT_PARTICIPATING');
    const { state, a1 } = base();
    softExit(state);
    expect(refuse(requestDataChange, state, onActivity(a1, { actualEndDate: '2024-01-09' }), { now: onDay('2024-04-11') })).toBe('APPLICATION_EXITED');
  });
});

describe('approveDataChange / rejectDataChange (R-DCR-2)', () => {
  it('R-DCR-2 vector: L corrected 2024-01-10 → 2024-01-20 moves the soft exit to 2024-04-20T07:00:00Z; the approval audits each field before and after', () => {
    const { state, a1, requestId } = requested();
    const entries = state.activities[0]!.entries;
    const commandId = nextCommandId();
    const res = run(approveDataChange, state, { requestId }, { now: FEB_2, actor: supervisor });
    expect(state.activities[0]).toMatchObject({ id: a1, actualEndDate: '2024-01-20', status: 'closed' });
    expect(state.activities[0]!.entries).toEqual(entries); // a correction is not a dated entry (R-TIMELY-3)
    expect(res.activity).toEqual(state.activities[0]);
    expect(state.changeRequests![0]).toMatchObject({ id: requestId, status: 'approved', decidedBy: 'S-SUP-1', decidedAt: iso(FEB_2) });
    expect(res.changeRequest).toEqual(state.changeRequests![0]);
    expect(clock(state)).toEqual({
      state: 'running',
      lastServiceDate: '2024-01-20',
      softExitDate: '2024-04-20',
      softExitAt: '2024-04-20T07:00:00.000Z',
      blockingActivityIds: [],
    });
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'approveDataChange',
        actorId: 'S-SUP-1',
        actorRole: 'supervisor',
        at: iso(FEB_2),
        summary: {
          changeRequestId: requestId,
          requestedBy: 'S-STAFF-1',
          targetKind: 'activity',
          activityId: a1,
          'actualEndDate.before': '2024-01-10',
          'actualEndDate.after': '2024-01-20',
        },
      },
    ]);
    expect(state.outbox.changeRequestTexts).toEqual([]);
  });

  it('R-DCR-2: a supervisor other than the requester decides, once (SUPERVISOR_REQUIRED, SELF_APPROVAL, CHANGE_REQUEST_NOT_FOUND, CHANGE_REQUEST_NOT_PENDING)', () => {
    const { state, requestId } = requested(supervisor);
    const opts = { now: FEB_2 };
    expect(refuse(approveDataChange, state, { requestId }, { ...opts, actor: staff2 })).toBe('SUPERVISOR_REQUIRED');
    expect(refuse(approveDataChange, state, { requestId }, { ...opts, actor: viewer })).toBe('SUPERVISOR_REQUIRED');
    expect(refuse(approveDataChange, state, { requestId }, { ...opts, actor: supervisor })).toBe('SELF_APPROVAL');
    expect(refuse(rejectDataChange, state, { requestId, reason: 'No.' }, { ...opts, actor: supervisor })).toBe('SELF_APPROVAL');
    expect(refuse(approveDataChange, state, { requestId: 'nope' }, { ...opts, actor: supervisor2 })).toBe('CHANGE_REQUEST_NOT_FOUND');
    expect(refuse(rejectDataChange, state, { requestId, reason: '  ' }, { ...opts, actor: supervisor2 })).toBe('REASON_REQUIRED');
    run(approveDataChange, state, { requestId }, { ...opts, actor: supervisor2 });
    expect(state.changeRequests![0]).toMatchObject({ status: 'approved', decidedBy: 'S-SUP-2' });
    expect(refuse(approveDataChange, state, { requestId }, { ...opts, actor: supervisor2 })).toBe('CHANGE_REQUEST_NOT_PENDING');
    expect(refuse(rejectDataChange, state, { requestId, reason: 'Too late.' }, { ...opts, actor: supervisor2 })).toBe('CHANGE_REQUEST_NOT_PENDING');
  });

  it('R-DCR-2: a rejection changes no data; its reason goes to the outbox only', () => {
    const { state, requestId } = requested();
    const activity = { ...state.activities[0]! };
    const reason = 'The sign-in sheet says the 10th.';
    const commandId = nextCommandId();
    const res = run(rejectDataChange, state, { requestId, reason }, { now: FEB_2, actor: supervisor2 });
    expect(state.changeRequests![0]).toMatchObject({ status: 'rejected', decidedBy: 'S-SUP-2', decidedAt: iso(FEB_2) });
    expect(res.changeRequest).toEqual(state.changeRequests![0]);
    expect(state.activities[0]).toEqual(activity);
    expect(clock(state).softExitDate).toBe('2024-04-10');
    expect(state.outbox.changeRequestTexts).toEqual([{ changeRequestId: requestId, kind: 'rejection', text: reason, by: 'S-SUP-2', at: iso(FEB_2) }]);
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'rejectDataChange',
        actorId: 'S-SUP-2',
        actorRole: 'supervisor',
        at: iso(FEB_2),
        summary: { changeRequestId: requestId, requestedBy: 'S-STAFF-1' },
      },
    ]);
    expect(JSON.stringify(view(state, FEB_2))).not.toContain('sign-in sheet');
  });

  it('R-DCR-1 / R-DCR-2: moving the participation date also moves the begin of the activity participation created; both are audited (activity.<field>, activity.id)', () => {
    const b = base();
    const requestId = run(requestDataChange, b.state, onParticipation('2024-01-05'), { now: FEB_1 }).changeRequest!.id;
    flush(b.state);
    const res = run(approveDataChange, b.state, { requestId }, { now: FEB_2, actor: supervisor });
    expect(b.state.participationDate).toBe('2024-01-05');
    expect(b.state.activities[0]).toMatchObject({ id: b.a1, actualBeginDate: '2024-01-05', actualEndDate: '2024-01-10' });
    expect(res.activity).toBeUndefined();
    expect(b.state.outbox.audit[0]!.summary).toEqual({
      changeRequestId: requestId,
      requestedBy: 'S-STAFF-1',
      targetKind: 'participation',
      activityId: null,
      'participationDate.before': '2024-01-03',
      'participationDate.after': '2024-01-05',
      'activity.actualBeginDate.before': '2024-01-03',
      'activity.actualBeginDate.after': '2024-01-05',
      'activity.id': b.a1,
    });
  });

  it('R-DCR-2: approval re-validates against the application as it is then: a request another approval made invalid is refused and stays pending', () => {
    const b = base();
    const moveParticipation = run(requestDataChange, b.state, onParticipation('2024-01-08'), { now: FEB_1 }).changeRequest!.id;
    const earlierBegin = run(requestDataChange, b.state, onActivity(b.a1, { actualBeginDate: '2024-01-05' }), { now: FEB_1, actor: staff2 }).changeRequest!.id;
    run(approveDataChange, b.state, { requestId: moveParticipation }, { now: FEB_2, actor: supervisor });
    expect(b.state.activities[0]!.actualBeginDate).toBe('2024-01-08');
    expect(refuse(approveDataChange, b.state, { requestId: earlierBegin }, { now: FEB_2, actor: supervisor })).toBe('DATE_BEFORE_PARTICIPATION');
    expect(b.state.changeRequests!.find((r) => r.id === earlierBegin)!.status).toBe('pending');
  });

  it('R-DCR-1 / R-DCR-2: a code correction takes the new entry’s title, category and clock flag (L falls back to participation when no restarting service is left); the view never shows the entry', () => {
    const b = base();
    const res = run(requestDataChange, b.state, onActivity(b.a1, { code: '106' }, { entry: entry('106') }), { now: FEB_1 });
    expect(res.changeRequest).not.toHaveProperty('entry');
    expect(b.state.changeRequests![0]!.entry).toEqual(entry('106'));
    flush(b.state);
    run(approveDataChange, b.state, { requestId: res.changeRequest!.id }, { now: FEB_2, actor: supervisor });
    expect(b.state.activities[0]).toMatchObject({
      code: '106',
      title: 'Follow-Up Services after Employment (prior to Exit)',
      category: 'career_staff_assisted',
      restartsExitClock: false,
    });
    expect(b.state.outbox.audit[0]!.summary).toMatchObject({ 'code.before': '101', 'code.after': '106' });
    expect(clock(b.state)).toMatchObject({ lastServiceDate: '2024-01-03', softExitDate: '2024-04-03', softExitAt: '2024-04-03T07:00:00.000Z' });
    expect(view(b.state, FEB_2).changeRequests![0]).not.toHaveProperty('entry');
  });

  // "Checked as if applied to the whole application … no actual date before the participation date":
  // the outcomes and the plan too, not only the activities (the move of a1's begin hides nothing here).
  it('R-DCR-1 as applied (R-ACT-5): participation cannot move past a credential already attained (DATE_BEFORE_PARTICIPATION)', () => {
    const { state, a1 } = base();
    const credentialId = run(
      recordCredential,
      state,
      { type: '5', attainedOn: '2024-01-05', activityId: a1, verification: { method: 'copy_in_case_file' } },
      { now: FEB_1 },
    ).credential!.id;
    expect(refuse(requestDataChange, state, onParticipation('2024-01-08'), { now: FEB_1 })).toBe('DATE_BEFORE_PARTICIPATION');
    expect(datedEntries(state)).toContainEqual({ field: 'attainedOn', date: '2024-01-05', ref: { credentialId } });
    // Up to the credential's own date is fine.
    run(requestDataChange, state, onParticipation('2024-01-05'), { now: FEB_1 });
  });

  it('R-DCR-1 as applied (R-MSG-1): nor past a skill gain already achieved', () => {
    const c = participating({ participationDate: '2024-01-03', code: '328', now: FEB_1 });
    run(recordSkillGain, c.state, { type: 'training_milestone', achievedOn: '2024-01-06', activityId: c.activityId, documentationRef: 'T-1' }, { now: FEB_1 });
    expect(refuse(requestDataChange, c.state, onParticipation('2024-01-08'), { now: FEB_1 })).toBe('DATE_BEFORE_PARTICIPATION');
    run(requestDataChange, c.state, onParticipation('2024-01-06'), { now: FEB_1 });
  });

  it('R-DCR-1 as applied: an approval is checked again: a credential recorded after the request makes it DATE_BEFORE_PARTICIPATION, and the request stays pending', () => {
    const { state, a1 } = base();
    const requestId = run(requestDataChange, state, onParticipation('2024-01-08'), { now: FEB_1 }).changeRequest!.id;
    run(recordCredential, state, { type: '5', attainedOn: '2024-01-05', activityId: a1, verification: { method: 'copy_in_case_file' } }, { now: FEB_1 });
    expect(refuse(approveDataChange, state, { requestId }, { now: FEB_2, actor: supervisor })).toBe('DATE_BEFORE_PARTICIPATION');
    expect(state.changeRequests![0]!.status).toBe('pending');
    // The decision's own rules keep their precedence: the requester still cannot approve.
    expect(refuse(approveDataChange, state, { requestId }, { now: FEB_2, actor: { staffId: staff.staffId, role: 'supervisor' } })).toBe('SELF_APPROVAL');
  });

  it('R-DCR-1 as applied, in a run recorded before the check: the handler (which replays recorded commands) does not apply it, only the validator does', () => {
    const { state, a1 } = base();
    run(recordCredential, state, { type: '5', attainedOn: '2024-01-05', activityId: a1, verification: { method: 'copy_in_case_file' } }, { now: FEB_1 });
    // `run` is the handler's path (decide, apply): a request accepted before the check replays as it was.
    const requestId = run(requestDataChange, state, onParticipation('2024-01-08'), { now: FEB_1 }).changeRequest!.id;
    run(approveDataChange, state, { requestId }, { now: FEB_2, actor: supervisor });
    expect(state.participationDate).toBe('2024-01-08');
  });
});

describe('exits cancel pending requests (R-DCR-3)', () => {
  it('R-DCR-3: the soft exit cancels every pending request (decided by system at the exit’s instant) and lists them in its audit entry; decided ones stay', () => {
    const b = base();
    const first = run(requestDataChange, b.state, onActivity(b.a1, { actualEndDate: '2024-01-20' }), { now: FEB_1 }).changeRequest!.id;
    const second = run(requestDataChange, b.state, onActivity(b.a1, { completionCode: 'other' }), { now: FEB_1 }).changeRequest!.id;
    const rejected = run(requestDataChange, b.state, onActivity(b.a1, { projectedEndDate: '2024-01-31' }), { now: FEB_1 }).changeRequest!.id;
    run(rejectDataChange, b.state, { requestId: rejected, reason: 'Not needed.' }, { now: FEB_2, actor: supervisor });
    flush(b.state);
    const rejectedBefore = { ...b.state.changeRequests![2]! };

    const exit = softExit(b.state);
    expect(b.state.changeRequests!.map((r) => [r.id, r.status, r.decidedBy, r.decidedAt])).toEqual([
      [first, 'cancelled', 'system', exit.exitedAt],
      [second, 'cancelled', 'system', exit.exitedAt],
      [rejected, 'rejected', 'S-SUP-1', iso(FEB_2)],
    ]);
    expect(b.state.changeRequests![2]).toEqual(rejectedBefore);
    expect(b.state.outbox.audit).toEqual([
      expect.objectContaining({
        command: 'softExit',
        summary: { exitDate: '2024-01-10', exitedAt: exit.exitedAt, cancelledChangeRequests: `${first},${second}` },
      }),
    ]);
    const before = snapshot(b.state);
    expect(refuse(approveDataChange, b.state, { requestId: first }, { now: onDay('2024-04-11'), actor: supervisor })).toBe('CHANGE_REQUEST_NOT_PENDING');
    expect(snapshot(b.state)).toBe(before);
  });

  it('R-DCR-3: the exclusionary exit cancels pending requests too, at its own instant', () => {
    const { state, requestId } = requested();
    run(recordExclusionaryExit, state, { reason: '02', documentationRef: 'MED-1', caseNote: 'Medical.' }, { now: FEB_2 });
    expect(state.changeRequests![0]).toMatchObject({ id: requestId, status: 'cancelled', decidedBy: 'system', decidedAt: iso(FEB_2) });
    expect(state.outbox.audit.at(-1)!.summary).toEqual({ reason: '02', exitDate: '2024-01-10', documentationRef: 'MED-1', cancelledChangeRequests: requestId });
  });
});
