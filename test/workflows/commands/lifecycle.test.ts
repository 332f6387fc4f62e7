/**
 * The lifecycle commands on plain state (no Temporal server): creation, participation (R-ACT-2),
 * closure (R-CLOSE-1), the exclusionary exit (R-EXCL-1), the soft exit the workflow records on its
 * timer (R-CLOCK-4, R-FU-1) and completion (R-FU-7).
 */
import {
  type Case,
  at,
  clock,
  commands,
  completed,
  completedReport,
  created,
  entry,
  followUpReport,
  iso,
  newState,
  nextCommandId,
  onDay,
  participating,
  refuse,
  run,
  softExit,
  softExitAt,
  softExited,
  staff,
  supervisor,
  withClosedService,
} from './harness';

const { recordParticipation, recordClosure, recordExclusionaryExit, addActivity, closeActivity, requestPlannedBreak, approvePlannedBreak } = commands;
const { addCaseNote, assignCaseManager, recordAssessmentSection } = commands;

const participation = (
  participationDate: string,
  over: Partial<{ code: string; program: 'ADULT' | 'YOUTH'; projectedEndDate: string; caseNote: string; codeEntry: string }> = {},
) => ({
  participationDate,
  activity: {
    code: over.code ?? '101',
    entry: entry(over.codeEntry ?? over.code ?? '101'),
    program: over.program ?? ('ADULT' as const),
    projectedEndDate: over.projectedEndDate ?? '2024-03-01',
    caseNote: over.caseNote ?? 'Initial assessment done.',
  },
});

const closure = {
  closureStatus: 'completed_program',
  employment: { employer: 'Acme Tools', naics: '332216', occupation: 'Machinist', hourlyWage: 24.5, hoursPerWeek: 40, startDate: '2024-01-08' },
};

const exclusionary = { reason: '03' as const, documentationRef: 'DOC-123', caseNote: 'Death certificate received.' };

describe('creation', () => {
  it('applyCreated: the creation is audited by its creator with the programs, office and eligibility date (version 1)', () => {
    const now = onDay('2024-01-02');
    const state = newState({}, { now, created: false });
    expect(state).toMatchObject({ status: 'eligible', version: 0, caseManagerId: 'S-STAFF-1', participationDate: null, activities: [] });
    created(state, now);
    expect(state.version).toBe(1);
    expect(state.updatedAt).toBe('2024-01-02T20:00:00.000Z');
    expect(state.outbox.audit).toEqual([
      {
        commandId: 'create',
        command: 'createApplication',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: '2024-01-02T20:00:00.000Z',
        summary: { programs: 'ADULT,DISLOCATED_WORKER', office: 'LA-2703', eligibilityDate: '2023-12-01' },
      },
    ]);
  });
});

describe('participation (R-ACT-2)', () => {
  it('R-ACT-2: participation makes the case participating and creates the first activity, open, begun on the participation date; R-CLOCK-2: the clock is blocked', () => {
    const state = newState();
    const now = onDay('2024-01-05');
    const commandId = nextCommandId();
    const res = run(
      recordParticipation,
      state,
      { ...participation('2024-01-03'), activity: { ...participation('2024-01-03').activity, provider: 'AJCC East' } },
      { now },
    );

    const activity = {
      id: res.activity!.id,
      code: '101',
      title: 'Orientation (Staff-Assisted)',
      category: 'career_staff_assisted',
      program: 'ADULT',
      status: 'open',
      actualBeginDate: '2024-01-03',
      projectedBeginDate: null,
      projectedEndDate: '2024-03-01',
      actualEndDate: null,
      completionCode: null,
      provider: 'AJCC East',
      restartsExitClock: true,
      createdBy: 'S-STAFF-1',
      createdAt: iso(now),
      // R-TIMELY-1: 2024-01-03 entered 2024-01-05, within five business days.
      entries: { begin: { datedOn: '2024-01-03', enteredOn: '2024-01-05', late: false, enteredBy: 'S-STAFF-1' } },
      enteredOn: '2024-01-05',
      late: false,
    };
    expect(state.status).toBe('participating');
    expect(state.participationDate).toBe('2024-01-03');
    expect(state.activities).toEqual([activity]);
    expect(res.activity).toEqual(activity);
    expect(res.application).toMatchObject({ status: 'participating', participationDate: '2024-01-03', lastServiceDate: '2024-01-03' });
    expect(clock(state)).toEqual({ state: 'blocked', lastServiceDate: '2024-01-03', softExitDate: null, softExitAt: null, blockingActivityIds: [activity.id] });
    // R-TIMELY-2: participation's note is dated the participation date.
    expect(state.outbox.caseNotes).toEqual([
      {
        id: expect.any(String),
        activityId: activity.id,
        contactDate: '2024-01-03',
        subject: 'Participation: 101 Orientation (Staff-Assisted)',
        body: 'Initial assessment done.',
        createdBy: 'S-STAFF-1',
        createdAt: iso(now),
        enteredOn: '2024-01-05',
        late: false,
      },
    ]);
    expect(state.lastCaseNoteDate).toBe('2024-01-03');
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'recordParticipation',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(now),
        summary: { participationDate: '2024-01-03', activityId: activity.id, code: '101' },
      },
    ]);
    expect(state.version).toBe(2);
    expect(state.updatedAt).toBe(iso(now));
  });

  it.each([
    ['R-ACT-2: not before the eligibility date', 'PARTICIPATION_BEFORE_ELIGIBILITY', participation('2023-11-30')],
    ['R-ACT-2: not in the future', 'FUTURE_DATE', participation('2024-01-11')],
    ['R-ACT-4: 36 days back needs a supervisor', 'BACKDATE_APPROVAL_REQUIRED', participation('2023-12-05')],
    ['R-ACT-1: the entry must be the code’s', 'UNKNOWN_ACTIVITY_CODE', participation('2024-01-05', { code: '101', codeEntry: '102' })],
    ['R-ACT-1: a program the application is not enrolled in', 'PROGRAM_NOT_ENROLLED', participation('2024-01-05', { program: 'YOUTH' })],
    ['R-ACT-2: an F-code cannot start participation', 'FOLLOW_UP_CODE_NOT_ALLOWED', participation('2024-01-05', { code: 'F01' })],
    ['R-BREAK-1: a planned-break code cannot start participation', 'PLANNED_BREAK_CODE_NOT_ALLOWED', participation('2024-01-05', { code: '001' })],
    ['R-ACT-3: the first activity needs a case note', 'CASE_NOTE_REQUIRED', participation('2024-01-05', { caseNote: '   ' })],
    ['R-ACT-5: its projected end is not before participation', 'END_BEFORE_BEGIN', participation('2024-01-05', { projectedEndDate: '2024-01-04' })],
  ])('%s → %s', (_title, code, payload) => {
    const state = newState();
    expect(refuse(recordParticipation, state, payload, { now: onDay('2024-01-10') })).toBe(code);
  });

  it('R-ACT-2: participation exists once (ALREADY_PARTICIPATING); a backdate a supervisor approves is accepted (R-ACT-4)', () => {
    const state = newState();
    const now = onDay('2024-01-10');
    run(recordParticipation, state, { ...participation('2023-12-05'), backdateApprovedBy: 'S-SUP-1' }, { now });
    expect(state.participationDate).toBe('2023-12-05');
    expect(refuse(recordParticipation, state, participation('2024-01-09'), { now })).toBe('ALREADY_PARTICIPATING');
  });
});

describe('closure (R-CLOSE-1)', () => {
  it('R-CLOSE-1: the closure form needs every activity closed (OPEN_ACTIVITIES), before participation NOT_PARTICIPATING', () => {
    const c = participating({ now: onDay('2024-01-10') });
    expect(refuse(recordClosure, c.state, closure, { now: c.now })).toBe('OPEN_ACTIVITIES');
    expect(refuse(recordClosure, newState(), closure, { now: c.now })).toBe('NOT_PARTICIPATING');
  });

  it('R-CLOSE-1: closure is recorded (dated the day services ended, R-TIMELY-1) without exiting or moving the clock; once only (CLOSURE_EXISTS)', () => {
    const c = withClosedService();
    const softExitBefore = clock(c.state);
    const now = onDay('2024-01-12');
    const commandId = nextCommandId();
    run(recordClosure, c.state, closure, { now });
    expect(c.state.closure).toEqual({
      closedOn: '2024-01-12',
      closureStatus: 'completed_program',
      employment: closure.employment,
      recordedBy: 'S-STAFF-1',
      recordedAt: iso(now),
      datedOn: '2024-01-10',
      enteredOn: '2024-01-12',
      late: false,
    });
    expect(c.state.status).toBe('participating');
    expect(clock(c.state)).toEqual(softExitBefore);
    expect(softExitBefore).toMatchObject({ state: 'running', softExitAt: '2024-04-10T07:00:00.000Z' });
    expect(c.state.outbox.audit).toEqual([
      {
        commandId,
        command: 'recordClosure',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(now),
        summary: { closureStatus: 'completed_program', employed: true },
      },
    ]);
    expect(c.state.outbox.caseNotes).toEqual([]);
    expect(refuse(recordClosure, c.state, closure, { now })).toBe('CLOSURE_EXISTS');
  });

  it('R-TIMELY-1: a closure entered more than five business days after services ended is late (MLK day 2024-01-15 not counted)', () => {
    const onTime = withClosedService();
    run(recordClosure, onTime.state, { closureStatus: 'other' }, { now: onDay('2024-01-18') });
    expect(onTime.state.closure).toMatchObject({ datedOn: '2024-01-10', enteredOn: '2024-01-18', late: false, employment: null });
    const late = withClosedService();
    run(recordClosure, late.state, { closureStatus: 'other' }, { now: onDay('2024-01-19') });
    expect(late.state.closure).toMatchObject({ datedOn: '2024-01-10', enteredOn: '2024-01-19', late: true });
    expect(late.state.outbox.audit[0]!.summary).toEqual({ closureStatus: 'other', employed: false });
  });

  it('R-CLOSE-1: an employment start date in the future is refused (FUTURE_DATE)', () => {
    const c = withClosedService();
    expect(refuse(recordClosure, c.state, { ...closure, employment: { ...closure.employment, startDate: '2024-01-11' } }, { now: c.now })).toBe('FUTURE_DATE');
  });
});

describe('exclusionary exit (R-EXCL-1)', () => {
  it('R-EXCL-1 vector: L = 2024-01-10, reason 03 on 2024-02-01 → exited_exclusionary, exit date L, no follow-ups, a case note and an audit entry', () => {
    const c = withClosedService();
    const now = onDay('2024-02-01');
    const commandId = nextCommandId();
    const res = run(recordExclusionaryExit, c.state, exclusionary, { now });
    expect(c.state.status).toBe('exited_exclusionary');
    expect(c.state.exit).toEqual({ type: 'exclusionary', exitDate: '2024-01-10', exitedAt: iso(now), reason: '03' });
    expect(c.state.followUps).toEqual([]);
    expect(clock(c.state)).toMatchObject({ state: 'stopped', softExitAt: null });
    expect(res.application.exitClock).toEqual({ state: 'stopped', softExitDate: null, softExitAt: null, daysRemaining: null });
    expect(c.state.outbox.caseNotes).toEqual([
      {
        id: expect.any(String),
        activityId: null,
        contactDate: '2024-02-01',
        subject: 'Exclusionary exit (reason 03)',
        body: 'Death certificate received.',
        createdBy: 'S-STAFF-1',
        createdAt: iso(now),
        enteredOn: '2024-02-01',
        late: false,
      },
    ]);
    expect(c.state.outbox.audit).toEqual([
      {
        commandId,
        command: 'recordExclusionaryExit',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(now),
        summary: { reason: '03', exitDate: '2024-01-10', documentationRef: 'DOC-123' },
      },
    ]);
  });

  it('R-EXCL-1: an exit date given is kept (not before participation, not after today)', () => {
    const c = withClosedService();
    const now = onDay('2024-02-01');
    expect(refuse(recordExclusionaryExit, c.state, { ...exclusionary, exitDate: '2024-01-01' }, { now })).toBe('DATE_BEFORE_PARTICIPATION');
    expect(refuse(recordExclusionaryExit, c.state, { ...exclusionary, exitDate: '2024-02-02' }, { now })).toBe('FUTURE_DATE');
    run(recordExclusionaryExit, c.state, { ...exclusionary, reason: '02', exitDate: '2024-01-09' }, { now });
    expect(c.state.exit).toEqual({ type: 'exclusionary', exitDate: '2024-01-09', exitedAt: iso(now), reason: '02' });
  });

  it('R-EXCL-1: refused while an activity is open or future (OPEN_ACTIVITIES), without a documentation reference or a valid reason', () => {
    const open = participating({ now: onDay('2024-01-10') });
    expect(refuse(recordExclusionaryExit, open.state, exclusionary, { now: open.now })).toBe('OPEN_ACTIVITIES');

    const c = withClosedService();
    const now = onDay('2024-02-01');
    expect(refuse(recordExclusionaryExit, c.state, { ...exclusionary, documentationRef: '  ' }, { now })).toBe('DOCUMENTATION_REQUIRED');
    expect(refuse(recordExclusionaryExit, c.state, { ...exclusionary, caseNote: '' }, { now })).toBe('CASE_NOTE_REQUIRED');
    expect(refuse(recordExclusionaryExit, c.state, { ...exclusionary, reason: '09' as never }, { now })).toBe('EXCLUSIONARY_REASON_INVALID');
    // R-EXCL-1 (amended): 05 without YOUTH, 06 and 07 are refused for new exits (admit, in the validator)…
    expect(refuse(recordExclusionaryExit, c.state, { ...exclusionary, reason: '05' }, { now })).toBe('EXCLUSION_REASON_NOT_ALLOWED');
    expect(refuse(recordExclusionaryExit, c.state, { ...exclusionary, reason: '06' }, { now })).toBe('EXCLUSION_REASON_NOT_ALLOWED');
    expect(refuse(recordExclusionaryExit, c.state, { ...exclusionary, reason: '07' }, { now })).toBe('EXCLUSION_REASON_NOT_ALLOWED');
    // …while a recorded 06 exit still applies when replayed (the handler runs decide only).
    expect(() => recordExclusionaryExit.decide(c.state, { actor: staff, payload: { ...exclusionary, reason: '06' } }, now)).not.toThrow();
    run(
      addActivity,
      c.state,
      { code: '328', entry: entry('328'), program: 'ADULT', projectedBeginDate: '2024-03-01', projectedEndDate: '2024-06-01', caseNote: 'Training later.' },
      { now },
    );
    expect(refuse(recordExclusionaryExit, c.state, exclusionary, { now })).toBe('OPEN_ACTIVITIES');
    expect(refuse(recordExclusionaryExit, newState(), exclusionary, { now })).toBe('NOT_PARTICIPATING');
  });

  it('R-EXCL-1: reason 05 (foster care) is accepted for a YOUTH enrollment', () => {
    const youth = participating({ program: 'YOUTH', projectedEndDate: '2024-01-10', now: onDay('2024-01-10'), input: { programs: ['YOUTH'] } });
    run(closeActivity, youth.state, { activityId: youth.activityId, actualEndDate: '2024-01-10', completionCode: 'successful' }, { now: youth.now });
    run(recordExclusionaryExit, youth.state, { ...exclusionary, reason: '05' }, { now: onDay('2024-02-01') });
    expect(youth.state.exit).toMatchObject({ type: 'exclusionary', reason: '05', exitDate: '2024-01-10' });
  });

  it('R-EXCL-1: a future activity blocks the exit even under an approved planned break (OPEN_ACTIVITIES)', () => {
    const c = withClosedService();
    const now = onDay('2024-03-01');
    const future = run(
      addActivity,
      c.state,
      { code: '328', entry: entry('328'), program: 'ADULT', projectedBeginDate: '2024-06-15', projectedEndDate: '2024-12-15', caseNote: 'Training.' },
      { now },
    ).activity!;
    const pb = run(
      requestPlannedBreak,
      c.state,
      { reason: 'training_delay', resumeDate: '2024-06-15', activityId: future.id, caseNote: 'Cohort in June.' },
      { now },
    ).plannedBreak!;
    run(approvePlannedBreak, c.state, { breakId: pb.id }, { now, actor: supervisor });
    expect(refuse(recordExclusionaryExit, c.state, exclusionary, { now })).toBe('OPEN_ACTIVITIES');
  });

  it('R-EXCL-1: after the exclusionary exit the case takes nothing more (APPLICATION_EXITED)', () => {
    const c = withClosedService();
    run(recordExclusionaryExit, c.state, exclusionary, { now: onDay('2024-02-01') });
    const later = { now: onDay('2024-02-02') };
    expect(refuse(recordExclusionaryExit, c.state, exclusionary, later)).toBe('APPLICATION_EXITED');
    expect(refuse(recordParticipation, c.state, participation('2024-02-02'), later)).toBe('APPLICATION_EXITED');
    expect(refuse(recordClosure, c.state, closure, later)).toBe('APPLICATION_EXITED');
    expect(refuse(addCaseNote, c.state, { contactDate: '2024-02-02', subject: 'Call', body: 'Family called.' }, later)).toBe('APPLICATION_EXITED');
    expect(refuse(assignCaseManager, c.state, { staffId: 'S-7' }, { ...later, actor: supervisor })).toBe('APPLICATION_EXITED');
    expect(
      refuse(
        addActivity,
        c.state,
        { code: 'F01', entry: entry('F01'), program: 'ADULT', actualBeginDate: '2024-02-02', projectedEndDate: '2024-02-02', caseNote: 'Follow-up.' },
        later,
      ),
    ).toBe('APPLICATION_EXITED');
  });
});

describe('soft exit (R-CLOCK-4)', () => {
  it('R-CLOCK-4 / R-FU-1 basic vector: L = 2024-01-10 exits at 2024-04-10T07:00:00Z with exit date L and four quarterly follow-ups due 06-30, 09-30, 12-31, 2025-03-31', () => {
    const c = withClosedService();
    const due = softExitAt(c.state);
    expect(due).toBe(at('2024-04-10T07:00:00Z'));
    const version = c.state.version;
    const exit = softExit(c.state);

    expect(exit).toEqual({ type: 'soft', exitDate: '2024-01-10', exitedAt: '2024-04-10T07:00:00.000Z' });
    expect(c.state.status).toBe('exited');
    expect(c.state.exit).toEqual(exit);
    expect(c.state.followUps).toEqual([
      { quarter: 1, periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-06-30', status: 'required', contactAttempts: [], prefill: null },
      { quarter: 2, periodStart: '2024-07-01', periodEnd: '2024-09-30', dueDate: '2024-09-30', status: 'required', contactAttempts: [], prefill: null },
      { quarter: 3, periodStart: '2024-10-01', periodEnd: '2024-12-31', dueDate: '2024-12-31', status: 'required', contactAttempts: [], prefill: null },
      { quarter: 4, periodStart: '2025-01-01', periodEnd: '2025-03-31', dueDate: '2025-03-31', status: 'required', contactAttempts: [], prefill: null },
    ]);
    expect(clock(c.state)).toMatchObject({ state: 'stopped', lastServiceDate: '2024-01-10', softExitAt: null });
    expect(c.state.outbox.audit).toEqual([
      {
        commandId: 'soft-exit-2024-04-10',
        command: 'softExit',
        actorId: 'system',
        actorRole: 'system',
        at: '2024-04-10T07:00:00.000Z',
        summary: { exitDate: '2024-01-10', exitedAt: '2024-04-10T07:00:00.000Z' },
      },
    ]);
    expect(c.state.outbox.caseNotes).toEqual([]);
    expect(c.state.version).toBe(version + 1);
    expect(c.state.updatedAt).toBe('2024-04-10T07:00:00.000Z');
  });

  it('R-CLOCK-4: the exit date is L even when the exit is noticed late (exitedAt is the instant it was recorded)', () => {
    const c = withClosedService();
    const exit = softExit(c.state, at('2024-05-01T18:30:00Z'));
    expect(exit).toEqual({ type: 'soft', exitDate: '2024-01-10', exitedAt: '2024-05-01T18:30:00.000Z' });
  });

  it('R-CLOSE-1: the employment recorded at closure pre-fills every follow-up', () => {
    const c = withClosedService();
    run(recordClosure, c.state, closure, { now: onDay('2024-01-12') });
    softExit(c.state);
    expect(c.state.followUps.map((f) => f.prefill)).toEqual([closure.employment, closure.employment, closure.employment, closure.employment]);
  });

  it('R-CLOCK-4: the soft exit is irreversible: no new participation, no exclusionary exit afterwards', () => {
    const c = softExited();
    const now = onDay('2024-04-11');
    expect(refuse(recordParticipation, c.state, participation('2024-04-11'), { now })).toBe('APPLICATION_EXITED');
    expect(refuse(recordExclusionaryExit, c.state, exclusionary, { now })).toBe('APPLICATION_EXITED');
  });
});

describe('completion (R-FU-7)', () => {
  function resolved(): Case {
    const c = softExited();
    const now = onDay('2024-05-01');
    followUpReport(c.state, completedReport(c.state, 1, { actualDate: '2024-05-01' }), now);
    for (const f of c.state.followUps.slice(1)) followUpReport(c.state, { ...f, status: 'declined', declinedOn: '2024-05-01' }, now);
    return { ...c, now };
  }

  it('R-FU-7: completing records each follow-up’s final status in the audit trail (system) and makes the case completed', () => {
    const c = resolved();
    const version = c.state.version;
    const now = at('2025-01-11T08:00:00Z');
    c.state.outbox.audit.splice(0);
    completed(c.state, now);
    expect(c.state.status).toBe('completed');
    expect(c.state.version).toBe(version + 1);
    expect(c.state.outbox.audit).toEqual([
      {
        commandId: 'completed',
        command: 'followUpsResolved',
        actorId: 'system',
        actorRole: 'system',
        at: iso(now),
        summary: { statuses: 'q1:completed,q2:declined,q3:declined,q4:declined' },
      },
    ]);
  });

  it('R-FU-7: a completed case takes no command any more (APPLICATION_EXITED)', () => {
    const c = resolved();
    completed(c.state, at('2025-01-11T08:00:00Z'));
    const opts = { now: onDay('2025-01-12') };
    expect(refuse(addCaseNote, c.state, { contactDate: '2025-01-12', subject: 'Call', body: 'Checked in.' }, opts)).toBe('APPLICATION_EXITED');
    expect(refuse(assignCaseManager, c.state, { staffId: 'S-7' }, { ...opts, actor: supervisor })).toBe('APPLICATION_EXITED');
    expect(refuse(recordClosure, c.state, closure, opts)).toBe('APPLICATION_EXITED');
    expect(refuse(recordAssessmentSection, c.state, { section: 'general', status: 'complete', summary: 'x' }, opts)).toBe('APPLICATION_EXITED');
    expect(
      refuse(
        addActivity,
        c.state,
        { code: 'F01', entry: entry('F01'), program: 'ADULT', actualBeginDate: '2025-01-12', projectedEndDate: '2025-01-12', caseNote: 'Follow-up.' },
        { ...opts, actor: staff },
      ),
    ).toBe('APPLICATION_EXITED');
  });
});
