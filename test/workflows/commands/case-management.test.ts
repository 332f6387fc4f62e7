/**
 * Case management on plain state: case notes (R-NOTE-1, R-TIMELY-2) and the case manager.
 * Note bodies are PII: the outbox carries them to PostgreSQL; the view and the audit trail never do.
 */
import { commands, iso, newState, nextCommandId, onDay, refuse, run, softExited, supervisor, view, withClosedService } from './harness';

const { addCaseNote, assignCaseManager, recordExclusionaryExit } = commands;

const JAN_12 = onDay('2024-01-12');
const note = (contactDate: string, over: Record<string, unknown> = {}) => ({
  contactDate,
  subject: 'Phone call',
  body: 'Discussed the IEP: secret-note-text',
  ...over,
});

describe('addCaseNote (R-NOTE-1, R-TIMELY-2)', () => {
  it('R-NOTE-1: a case note goes to the outbox (never the view or the audit trail) and moves the last case-note date', () => {
    const c = withClosedService();
    expect(c.state.lastCaseNoteDate).toBe('2024-01-02'); // participation's note
    const commandId = nextCommandId();
    const res = run(addCaseNote, c.state, note('2024-01-11'), { now: JAN_12 });
    const id = res.caseNote!.id;
    expect(c.state.outbox.caseNotes).toEqual([
      {
        id,
        activityId: null,
        contactDate: '2024-01-11',
        subject: 'Phone call',
        body: 'Discussed the IEP: secret-note-text',
        createdBy: 'S-STAFF-1',
        createdAt: iso(JAN_12),
        enteredOn: '2024-01-12',
        late: false,
      },
    ]);
    expect(res.caseNote).toEqual({ id, contactDate: '2024-01-11', subject: 'Phone call', activityId: null, enteredOn: '2024-01-12', late: false });
    expect(c.state.lastCaseNoteDate).toBe('2024-01-11');
    expect(c.state.outbox.audit).toEqual([
      { commandId, command: 'addCaseNote', actorId: 'S-STAFF-1', actorRole: 'staff', at: iso(JAN_12), summary: { caseNoteId: id, contactDate: '2024-01-11' } },
    ]);
    expect(JSON.stringify(view(c.state, JAN_12))).not.toContain('secret-note-text');
    expect(JSON.stringify(res)).not.toContain('secret-note-text');
  });

  it('R-NOTE-1: an older contact does not move the last case-note date back', () => {
    const c = withClosedService();
    run(addCaseNote, c.state, note('2024-01-11'), { now: JAN_12 });
    run(addCaseNote, c.state, note('2024-01-05'), { now: JAN_12 });
    expect(c.state.lastCaseNoteDate).toBe('2024-01-11');
    expect(c.state.outbox.caseNotes.map((n) => n.contactDate)).toEqual(['2024-01-11', '2024-01-05']);
  });

  it('R-TIMELY-2 vector: a note about Friday 2024-03-01 is on time on 03-06 and late on 03-07 (more than five calendar days, though within five business days)', () => {
    const c = withClosedService();
    expect(run(addCaseNote, c.state, note('2024-03-01'), { now: onDay('2024-03-06') }).caseNote).toMatchObject({ enteredOn: '2024-03-06', late: false });
    expect(run(addCaseNote, c.state, note('2024-03-01'), { now: onDay('2024-03-07') }).caseNote).toMatchObject({ enteredOn: '2024-03-07', late: true });
    expect(c.state.outbox.caseNotes.map((n) => n.late)).toEqual([false, true]);
  });

  it('R-NOTE-1: a note may be attached to an activity of the application (ACTIVITY_NOT_FOUND otherwise)', () => {
    const c = withClosedService();
    const res = run(addCaseNote, c.state, note('2024-01-11', { activityId: c.activityId }), { now: JAN_12 });
    expect(res.caseNote!.activityId).toBe(c.activityId);
    expect(c.state.outbox.caseNotes[0]!.activityId).toBe(c.activityId);
    expect(refuse(addCaseNote, c.state, note('2024-01-11', { activityId: 'nope' }), { now: JAN_12 })).toBe('ACTIVITY_NOT_FOUND');
  });

  it('R-NOTE-1: a note needs a body and a subject and records a contact that happened (FUTURE_DATE, INVALID_DATE)', () => {
    const c = withClosedService();
    expect(refuse(addCaseNote, c.state, note('2024-01-11', { body: '   ' }), { now: JAN_12 })).toBe('CASE_NOTE_REQUIRED');
    expect(refuse(addCaseNote, c.state, note('2024-01-11', { subject: ' ' }), { now: JAN_12 })).toBe('CASE_NOTE_REQUIRED');
    expect(refuse(addCaseNote, c.state, note('2024-01-13'), { now: JAN_12 })).toBe('FUTURE_DATE');
    expect(refuse(addCaseNote, c.state, note('01/11/2024'), { now: JAN_12 })).toBe('INVALID_DATE');
  });

  it('R-NOTE-1: notes are still taken after a soft exit (follow-up contacts), not once the case is closed (APPLICATION_EXITED)', () => {
    const exited = softExited();
    const res = run(addCaseNote, exited.state, note('2024-04-20'), { now: onDay('2024-04-20') });
    expect(res.caseNote).toMatchObject({ contactDate: '2024-04-20', late: false });
    expect(exited.state.status).toBe('exited');

    const closed = withClosedService();
    run(recordExclusionaryExit, closed.state, { reason: '07', documentationRef: 'COURT-1', caseNote: 'Incarcerated.' }, { now: onDay('2024-02-01') });
    expect(refuse(addCaseNote, closed.state, note('2024-02-01'), { now: onDay('2024-02-01') })).toBe('APPLICATION_EXITED');
  });
});

describe('assignCaseManager', () => {
  it('assignCaseManager: the case manager changes and the audit trail says from whom to whom', () => {
    const c = withClosedService();
    const commandId = nextCommandId();
    const res = run(assignCaseManager, c.state, { staffId: 'S-7' }, { now: JAN_12, actor: supervisor });
    expect(c.state.caseManagerId).toBe('S-7');
    expect(res.application.caseManagerId).toBe('S-7');
    expect(c.state.outbox.audit).toEqual([
      { commandId, command: 'assignCaseManager', actorId: 'S-SUP-1', actorRole: 'supervisor', at: iso(JAN_12), summary: { from: 'S-STAFF-1', to: 'S-7' } },
    ]);
  });

  it('assignCaseManager: an unassigned case gets its first case manager before participation and keeps taking one after a soft exit', () => {
    const unassigned = newState({ caseManagerId: null });
    run(assignCaseManager, unassigned, { staffId: 'S-STAFF-2' }, { now: JAN_12 });
    expect(unassigned.outbox.audit[0]!.summary).toEqual({ from: null, to: 'S-STAFF-2' });
    expect(unassigned.status).toBe('eligible');

    const exited = softExited();
    run(assignCaseManager, exited.state, { staffId: 'S-9' }, { now: onDay('2024-04-20') });
    expect(exited.state.caseManagerId).toBe('S-9');
  });

  it('assignCaseManager: a closed case keeps its case manager (APPLICATION_EXITED)', () => {
    const c = withClosedService();
    run(recordExclusionaryExit, c.state, { reason: '03', documentationRef: 'DOC-1', caseNote: 'Deceased.' }, { now: onDay('2024-02-01') });
    expect(refuse(assignCaseManager, c.state, { staffId: 'S-7' }, { now: onDay('2024-02-01'), actor: supervisor })).toBe('APPLICATION_EXITED');
    expect(c.state.caseManagerId).toBe('S-STAFF-1');
  });
});
