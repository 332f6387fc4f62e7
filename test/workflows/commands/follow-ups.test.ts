/**
 * Follow-ups on the application's plain state (R-FU-5, R-FU-7): the decline command, what the
 * follow-up children report (applyFollowUpChange, applyFollowUpFailure) and when all are resolved.
 */
import { allFollowUpsResolved } from '../../../src/workflows/application/commands';
import type { FollowUpView } from '../../../src/workflows/application/contract';
import {
  commands,
  completedReport,
  followUpChangeReport,
  followUpFailed,
  followUpReport,
  iso,
  nextCommandId,
  onDay,
  refuse,
  run,
  snapshot,
  softExited,
  withClosedService,
} from './harness';

const { declineFollowUps, recordExclusionaryExit } = commands;

const MAY_1 = onDay('2024-05-01');
const decline = (date = '2024-05-01', caseNote = 'Asked not to be contacted again.') => ({ date, caseNote });

/** A deep copy of a follow-up with its keys in reverse order (what another serializer might send). */
function reordered(f: FollowUpView): FollowUpView {
  const copy = JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(copy).reverse()) as unknown as FollowUpView;
}

describe('declineFollowUps (R-FU-5)', () => {
  it('R-FU-5: declining ends every open follow-up (declined, with the date), notes it and audits the quarters', () => {
    const c = softExited();
    const commandId = nextCommandId();
    const res = run(declineFollowUps, c.state, decline(), { now: MAY_1 });
    expect(res.decision).toEqual([1, 2, 3, 4]); // the children the workflow signals
    expect(c.state.followUps.map((f) => [f.quarter, f.status, f.declinedOn])).toEqual([
      [1, 'declined', '2024-05-01'],
      [2, 'declined', '2024-05-01'],
      [3, 'declined', '2024-05-01'],
      [4, 'declined', '2024-05-01'],
    ]);
    expect(c.state.status).toBe('exited');
    expect(c.state.outbox.caseNotes).toEqual([
      {
        id: expect.any(String),
        activityId: null,
        contactDate: '2024-05-01',
        subject: 'Participant declined follow-up',
        body: 'Asked not to be contacted again.',
        createdBy: 'S-STAFF-1',
        createdAt: iso(MAY_1),
        enteredOn: '2024-05-01',
        late: false,
      },
    ]);
    expect(c.state.outbox.audit).toEqual([
      {
        commandId,
        command: 'declineFollowUps',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(MAY_1),
        summary: { quarters: '1,2,3,4', date: '2024-05-01' },
      },
    ]);
    expect(allFollowUpsResolved(c.state)).toBe(true);
  });

  it('R-FU-5: a completed follow-up stays completed; only the open ones (required, overdue) are declined', () => {
    const c = softExited();
    const q1 = completedReport(c.state, 1, { actualDate: '2024-04-20' });
    followUpReport(c.state, q1, onDay('2024-04-20'));
    followUpReport(c.state, { ...c.state.followUps[1]!, status: 'overdue' }, onDay('2024-04-20'));
    const res = run(declineFollowUps, c.state, decline(), { now: MAY_1 });
    expect(res.decision).toEqual([2, 3, 4]);
    expect(c.state.followUps[0]).toEqual(q1);
    expect(c.state.followUps.map((f) => f.status)).toEqual(['completed', 'declined', 'declined', 'declined']);
    expect(c.state.outbox.audit.at(-1)!.summary).toEqual({ quarters: '2,3,4', date: '2024-05-01' });
  });

  it('R-FU-5: declining needs an open follow-up (FOLLOW_UP_NOT_OPEN), a date not in the future and a case note', () => {
    const c = softExited();
    expect(refuse(declineFollowUps, c.state, decline('2024-05-02'), { now: MAY_1 })).toBe('FUTURE_DATE');
    expect(refuse(declineFollowUps, c.state, decline('2024-05-01', '  '), { now: MAY_1 })).toBe('CASE_NOTE_REQUIRED');
    run(declineFollowUps, c.state, decline(), { now: MAY_1 });
    expect(refuse(declineFollowUps, c.state, decline(), { now: MAY_1 })).toBe('FOLLOW_UP_NOT_OPEN');
  });

  it('R-FU-5: follow-ups start at the soft exit: nothing to decline while participating or after an exclusionary exit (FOLLOW_UP_NOT_OPEN)', () => {
    const c = withClosedService();
    expect(refuse(declineFollowUps, c.state, decline('2024-01-10'), { now: c.now })).toBe('FOLLOW_UP_NOT_OPEN');
    run(recordExclusionaryExit, c.state, { reason: '02', documentationRef: 'MED-1', caseNote: 'Medical.' }, { now: onDay('2024-02-01') });
    expect(refuse(declineFollowUps, c.state, decline('2024-02-01'), { now: onDay('2024-02-01') })).toBe('FOLLOW_UP_NOT_OPEN');
  });
});

describe('what the children report (R-FU-7)', () => {
  it('R-FU-7: a child’s report replaces the application’s record of that quarter (a new version, nothing audited by the application)', () => {
    const c = softExited();
    const others = c.state.followUps.slice(1).map((f) => ({ ...f }));
    const version = c.state.version;
    const now = onDay('2024-05-01');
    const q1 = completedReport(c.state, 1, { actualDate: '2024-05-01', employers: [{ name: 'Acme Tools', hourlyWage: 25 }] });
    followUpReport(c.state, q1, now);
    expect(c.state.followUps[0]).toEqual(q1);
    expect(c.state.followUps.slice(1)).toEqual(others);
    expect(c.state.version).toBe(version + 1);
    expect(c.state.updatedAt).toBe(iso(now));
    expect(c.state.outbox.audit).toEqual([]);
  });

  it('R-FU-7: a report for a quarter the application does not hold changes nothing', () => {
    const c = softExited();
    const before = snapshot(c.state);
    followUpReport(c.state, { ...c.state.followUps[0]!, quarter: 5, status: 'completed' }, MAY_1);
    expect(snapshot(c.state)).toBe(before);
  });

  it('R-FU-5: a decline recorded by the application is final: a later report of another status is ignored, a declined one is kept', () => {
    const c = softExited();
    run(declineFollowUps, c.state, decline(), { now: MAY_1 });
    const before = snapshot(c.state);
    followUpReport(c.state, { ...c.state.followUps[1]!, status: 'missed' }, onDay('2025-01-01'));
    followUpReport(c.state, { ...c.state.followUps[2]!, status: 'overdue' }, onDay('2025-01-01'));
    expect(snapshot(c.state)).toBe(before);
    const confirmed = { ...c.state.followUps[3]!, status: 'declined' as const, declinedOn: '2024-05-01', contactAttempts: [] };
    followUpReport(c.state, confirmed, onDay('2024-05-02'));
    expect(c.state.followUps[3]).toEqual(confirmed);
  });

  it('R-FU-7: a report of what the application already holds (keys in any order) is no change: no new version', () => {
    const c = softExited();
    const before = snapshot(c.state);
    followUpReport(c.state, reordered(c.state.followUps[0]!), MAY_1);
    expect(snapshot(c.state)).toBe(before);

    const version = c.state.version;
    followUpReport(c.state, { ...c.state.followUps[0]!, status: 'overdue' }, MAY_1);
    expect(c.state.followUps[0]!.status).toBe('overdue');
    expect(c.state.version).toBe(version + 1);
  });

  it('R-FU-7: a failed child keeps its follow-up record and notes the failure (full message on the follow-up, 200 characters in the system audit)', () => {
    const c = softExited();
    const version = c.state.version;
    const now = onDay('2024-05-01');
    const message = `Workflow execution failed: ${'x'.repeat(300)}`;
    followUpFailed(c.state, 2, message, now);
    expect(c.state.followUps[1]).toMatchObject({ quarter: 2, status: 'required', error: message });
    expect(c.state.outbox.audit).toEqual([
      {
        commandId: 'followup-q2-failed',
        command: 'followUpFailed',
        actorId: 'system',
        actorRole: 'system',
        at: iso(now),
        summary: { quarter: 2, message: message.slice(0, 200) },
      },
    ]);
    expect(c.state.version).toBe(version + 1);

    const before = snapshot(c.state);
    followUpFailed(c.state, 7, 'no such quarter', now);
    expect(snapshot(c.state)).toBe(before);
  });
});

describe('allFollowUpsResolved (R-FU-7)', () => {
  it('R-FU-7: resolved only when there are follow-ups and none is required or overdue', () => {
    expect(allFollowUpsResolved(withClosedService().state)).toBe(false); // participating: none yet

    const c = softExited();
    expect(allFollowUpsResolved(c.state)).toBe(false);
    const [q1, q2, q3, q4] = c.state.followUps.map((f) => ({ ...f }));
    followUpReport(c.state, completedReport(c.state, 1, { actualDate: '2024-05-01' }), MAY_1);
    followUpReport(c.state, { ...q2!, status: 'missed' }, MAY_1);
    followUpReport(c.state, { ...q3!, status: 'declined', declinedOn: '2024-05-01' }, MAY_1);
    followUpReport(c.state, { ...q4!, status: 'overdue' }, MAY_1);
    expect(q1!.status).toBe('required');
    expect(allFollowUpsResolved(c.state)).toBe(false); // q4 is overdue: still open
    followUpReport(c.state, { ...q4!, status: 'missed' }, MAY_1);
    expect(allFollowUpsResolved(c.state)).toBe(true);
  });
});

describe('change reports of detached follow-ups (§11 R-ABUSE-2)', () => {
  const attempt = (i: number) => ({
    date: '2024-05-01',
    time: '10:00',
    type: 'phone' as const,
    outcome: 'no_answer' as const,
    note: `Attempt ${i}.`,
    recordedBy: 'S-1',
  });

  it('R-ABUSE-2: a new contact attempt is appended to what the application holds; nothing else of the quarter changes', () => {
    const c = softExited();
    const version = c.state.version;
    expect(followUpChangeReport(c.state, { quarter: 1, newContactAttempts: [attempt(1)], contactAttemptCount: 1 }, MAY_1)).toBe(true);
    expect(followUpChangeReport(c.state, { quarter: 1, newContactAttempts: [attempt(2)], contactAttemptCount: 2 }, MAY_1)).toBe(true);
    expect(c.state.followUps[0]!.contactAttempts.map((a) => a.note)).toEqual(['Attempt 1.', 'Attempt 2.']);
    expect(c.state.followUps[0]!.status).toBe('required');
    expect(c.state.version).toBe(version + 2);
  });

  it("R-ABUSE-2: the other fields replace the application's, keeping the contact attempts it holds", () => {
    const c = softExited();
    followUpChangeReport(c.state, { quarter: 2, newContactAttempts: [attempt(1)], contactAttemptCount: 1 }, MAY_1);
    const { contactAttempts: _, ...fields } = completedReport(c.state, 2, { actualDate: '2024-05-01' });
    expect(followUpChangeReport(c.state, { quarter: 2, fields, contactAttemptCount: 1 }, MAY_1)).toBe(true);
    expect(c.state.followUps[1]).toMatchObject({ status: 'completed', completedOn: '2024-05-01' });
    expect(c.state.followUps[1]!.contactAttempts).toHaveLength(1);
  });

  it('R-ABUSE-2: a report with nothing in it (the liveness check), or for a quarter the application does not hold, changes nothing', () => {
    const c = softExited();
    const before = snapshot(c.state);
    expect(followUpChangeReport(c.state, { quarter: 1, contactAttemptCount: 0 }, MAY_1)).toBe(false);
    expect(followUpChangeReport(c.state, { quarter: 5, newContactAttempts: [attempt(1)], contactAttemptCount: 1 }, MAY_1)).toBe(false);
    expect(snapshot(c.state)).toBe(before);
  });

  it('R-FU-5 with R-ABUSE-2: a decline recorded by the application is final against a change report of another status', () => {
    const c = softExited();
    run(declineFollowUps, c.state, decline(), { now: MAY_1 });
    const before = snapshot(c.state);
    const { contactAttempts: _, ...fields } = { ...c.state.followUps[0]!, status: 'missed' as const };
    expect(followUpChangeReport(c.state, { quarter: 1, fields, contactAttemptCount: 0 }, onDay('2025-01-01'))).toBe(false);
    expect(snapshot(c.state)).toBe(before);
  });
});
