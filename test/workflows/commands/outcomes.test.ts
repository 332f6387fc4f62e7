/**
 * §8 outcomes on plain state: credentials (R-CRED-1, R-CRED-2, R-CRED-4), measurable skill gains
 * (R-MSG-1, R-MSG-2) and the credential window that holds an exited case open (R-CRED-3, R-FU-7).
 * Documentation references are PII: the outbox carries them, the view and the audit trail never do.
 */
import { allFollowUpsResolved, credentialWindowClosesAt, credentialWindowDue, credentialWindowPassed } from '../../../src/workflows/application/commands';
import type { ApplicationState } from '../../../src/workflows/application/state';
import {
  at,
  commands,
  completed,
  completedReport,
  credentialWindowClosed,
  entry,
  flush,
  followUpReport,
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
  view,
  withClosedService,
} from './harness';

const { recordCredential, recordSkillGain, addActivity, closeActivity, recordExclusionaryExit, declineFollowUps } = commands;

const JAN_10 = onDay('2024-01-10');

/** Participating since 2024-01-02 with an open orientation (101) and an open training (328) begun the same day. */
function trained(): { state: ApplicationState; orientation: string; training: string } {
  const c = participating({ participationDate: '2024-01-02', now: JAN_10 });
  const training = run(
    addActivity,
    c.state,
    { code: '328', entry: entry('328'), program: 'ADULT', actualBeginDate: '2024-01-02', projectedEndDate: '2024-03-01', caseNote: 'Welding course.' },
    { now: JAN_10 },
  ).activity!.id;
  flush(c.state);
  return { state: c.state, orientation: c.activityId, training };
}

const credential = (activityId: string, attainedOn: string, over: Record<string, unknown> = {}) => ({
  type: '5',
  attainedOn,
  activityId,
  verification: { method: 'copy_in_case_file' },
  ...over,
});

const gain = (activityId: string, achievedOn: string, over: Record<string, unknown> = {}) => ({
  type: 'training_milestone',
  achievedOn,
  activityId,
  documentationRef: 'Transcript T-9 secret-gain-ref',
  ...over,
});

describe('recordCredential (R-CRED-1, R-CRED-2, R-CRED-4)', () => {
  it('R-CRED-1 / R-CRED-4: a credential is kept without its documentation reference (outbox only) and counts for the rate (type 5 before any exit)', () => {
    const { state, training } = trained();
    const commandId = nextCommandId();
    const res = run(
      recordCredential,
      state,
      credential(training, '2024-01-10', { verification: { method: 'verified', documentationRef: '  Certificate A-1 secret-cred-ref  ' } }),
      { now: JAN_10 },
    );
    const id = res.credential!.id;
    const record = {
      id,
      type: '5',
      attainedOn: '2024-01-10',
      activityId: training,
      verification: { method: 'verified', hasDocumentationRef: true },
      recordedBy: 'S-STAFF-1',
      enteredOn: '2024-01-10',
      late: false,
      recordedAt: iso(JAN_10),
    };
    expect(state.credentials).toEqual([record]);
    expect(state.outbox.credentials).toEqual([{ ...record, documentationRef: 'Certificate A-1 secret-cred-ref' }]);
    expect(res.credential).toEqual({ ...record, countsForCredentialRate: true });
    expect(res.application.credentials).toEqual([{ ...record, countsForCredentialRate: true }]);
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'recordCredential',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(JAN_10),
        summary: {
          credentialId: id,
          type: '5',
          attainedOn: '2024-01-10',
          activityId: training,
          method: 'verified',
          late: false,
          backdateApproval: 'none',
          backdateApprovedBy: null,
        },
      },
    ]);
    expect(JSON.stringify(view(state, JAN_10))).not.toContain('secret-cred-ref');
    expect(JSON.stringify(state.outbox.audit)).not.toContain('secret-cred-ref');
  });

  it('R-CRED-4: a secondary diploma (type 1) is unknown (null) for the rate before any exit; copy_in_case_file records no reference', () => {
    const { state, training } = trained();
    const res = run(recordCredential, state, credential(training, '2024-01-09', { type: '1' }), { now: JAN_10 });
    expect(res.credential).toMatchObject({
      type: '1',
      countsForCredentialRate: null,
      verification: { method: 'copy_in_case_file', hasDocumentationRef: false },
    });
    expect(state.outbox.credentials![0]!.documentationRef).toBeNull();
  });

  it.each([
    ['R-CRED-1: an activity of this application', 'ACTIVITY_NOT_FOUND', { activityId: 'nope' }],
    ['R-CRED-1: verified needs a documentation reference', 'DOCUMENTATION_REF_REQUIRED', { verification: { method: 'verified' } }],
    ['R-CRED-1: a known verification method', 'CREDENTIAL_VERIFICATION_INVALID', { verification: { method: 'email' } }],
    ['R-CRED-1: a PIRL 1800 type', 'CREDENTIAL_TYPE_INVALID', { type: '9' }],
    ['R-CRED-1: a calendar date', 'INVALID_DATE', { attainedOn: '2024-02-30' }],
    ['R-CRED-2 / R-ACT-5: not before participation', 'DATE_BEFORE_PARTICIPATION', { attainedOn: '2024-01-01' }],
    ['R-CRED-2: not in the future', 'FUTURE_DATE', { attainedOn: '2024-01-11' }],
  ])('%s → %s', (_title, code, over) => {
    const { state, training } = trained();
    expect(refuse(recordCredential, state, credential(training, '2024-01-10', over), { now: JAN_10 })).toBe(code);
  });

  it('R-CRED-2 / R-ACT-4: 31–90 days back needs a supervisor (audited how); such an entry is late (R-TIMELY-1)', () => {
    const { state, training } = trained();
    const now = onDay('2024-03-01');
    expect(refuse(recordCredential, state, credential(training, '2024-01-20'), { now })).toBe('BACKDATE_APPROVAL_REQUIRED');
    run(recordCredential, state, credential(training, '2024-01-20', { backdateApprovedBy: 'S-SUP-1' }), { now });
    expect(state.outbox.audit[0]!.summary).toMatchObject({ late: true, backdateApproval: 'backdate_approved_by', backdateApprovedBy: 'S-SUP-1' });
    run(recordCredential, state, credential(training, '2024-01-21'), { now, actor: supervisor });
    expect(state.outbox.audit[1]!.summary).toMatchObject({ late: true, backdateApproval: 'supervisor_caller', backdateApprovedBy: null });
    expect(state.credentials!.map((c) => [c.attainedOn, c.late, c.enteredOn])).toEqual([
      ['2024-01-20', true, '2024-03-01'],
      ['2024-01-21', true, '2024-03-01'],
    ]);
  });

  it('R-CRED-2 vector: exit 2024-01-10 → the window ends 2025-01-10: attained that day is accepted, 2025-01-11 is CREDENTIAL_WINDOW_CLOSED (also while still in the future)', () => {
    const c = softExited();
    expect(refuse(recordCredential, c.state, credential(c.activityId, '2025-01-11'), { now: onDay('2024-05-01') })).toBe('CREDENTIAL_WINDOW_CLOSED');
    expect(refuse(recordCredential, c.state, credential(c.activityId, '2024-05-02'), { now: onDay('2024-05-01') })).toBe('FUTURE_DATE');
    const late = onDay('2025-01-15');
    expect(refuse(recordCredential, c.state, credential(c.activityId, '2025-01-11'), { now: late })).toBe('CREDENTIAL_WINDOW_CLOSED');
    const res = run(recordCredential, c.state, credential(c.activityId, '2025-01-10'), { now: late });
    expect(res.credential).toMatchObject({ attainedOn: '2025-01-10', countsForCredentialRate: true });
  });

  it('R-CRED-2: a February 29 exit’s window ends on February 28 of the next year', () => {
    const c = withClosedService({ participationDate: '2024-02-01', L: '2024-02-29' });
    softExit(c.state);
    expect(c.state.exit!.exitDate).toBe('2024-02-29');
    const now = onDay('2025-03-01');
    expect(refuse(recordCredential, c.state, credential(c.activityId, '2025-03-01'), { now })).toBe('CREDENTIAL_WINDOW_CLOSED');
    expect(run(recordCredential, c.state, credential(c.activityId, '2025-02-28'), { now }).credential!.attainedOn).toBe('2025-02-28');
  });

  it('R-CRED-4: after the exit a diploma counts once a follow-up within the window records work; without one it stays unknown, and is false once the window has passed', () => {
    const worked = softExited();
    run(recordCredential, worked.state, credential(worked.activityId, '2024-04-15', { type: '1' }), { now: onDay('2024-04-20') });
    expect(view(worked.state, onDay('2024-04-20')).credentials[0]!.countsForCredentialRate).toBeNull();
    followUpReport(worked.state, completedReport(worked.state, 1, { actualDate: '2024-05-01', workedInQuarter: true }), onDay('2024-05-01'));
    expect(view(worked.state, onDay('2024-05-01')).credentials[0]!.countsForCredentialRate).toBe(true);

    const notWorking = softExited();
    run(recordCredential, notWorking.state, credential(notWorking.activityId, '2024-04-15', { type: '1' }), { now: onDay('2024-04-20') });
    followUpReport(
      notWorking.state,
      completedReport(notWorking.state, 1, { actualDate: '2024-05-01', workedInQuarter: false, employers: [], statusAtFollowUp: 'not_employed' }),
      onDay('2024-05-01'),
    );
    expect(view(notWorking.state, onDay('2025-01-10')).credentials[0]!.countsForCredentialRate).toBeNull();
    expect(view(notWorking.state, onDay('2025-01-11')).credentials[0]!.countsForCredentialRate).toBe(false);
  });

  it('R-CRED-1: nothing before participation (NOT_PARTICIPATING) nor on a closed case (APPLICATION_EXITED)', () => {
    expect(refuse(recordCredential, newState(), credential('x', '2024-01-10'), { now: JAN_10 })).toBe('NOT_PARTICIPATING');
    const c = withClosedService();
    run(recordExclusionaryExit, c.state, { reason: '02', documentationRef: 'MED-1', caseNote: 'Medical.' }, { now: onDay('2024-02-01') });
    expect(refuse(recordCredential, c.state, credential(c.activityId, '2024-01-10'), { now: onDay('2024-02-01') })).toBe('APPLICATION_EXITED');
    expect(refuse(recordSkillGain, c.state, gain(c.activityId, '2024-01-10'), { now: onDay('2024-02-01') })).toBe('APPLICATION_EXITED');
  });
});

describe('recordSkillGain (R-MSG-1, R-MSG-2)', () => {
  it('R-MSG-1 / R-MSG-2: a gain in a training activity is kept with its program year; the documentation reference goes to the outbox only', () => {
    const { state, training } = trained();
    const commandId = nextCommandId();
    const res = run(recordSkillGain, state, gain(training, '2024-01-05'), { now: JAN_10 });
    const id = res.skillGain!.id;
    const record = {
      id,
      type: 'training_milestone',
      achievedOn: '2024-01-05',
      programYear: 'PY2023',
      activityId: training,
      recordedBy: 'S-STAFF-1',
      enteredOn: '2024-01-10',
      late: false,
      recordedAt: iso(JAN_10),
    };
    expect(state.skillGains).toEqual([record]);
    expect(res.skillGain).toEqual(record);
    expect(state.outbox.skillGains).toEqual([{ ...record, documentationRef: 'Transcript T-9 secret-gain-ref' }]);
    expect(state.outbox.audit).toEqual([
      {
        commandId,
        command: 'recordSkillGain',
        actorId: 'S-STAFF-1',
        actorRole: 'staff',
        at: iso(JAN_10),
        summary: {
          skillGainId: id,
          type: 'training_milestone',
          achievedOn: '2024-01-05',
          programYear: 'PY2023',
          activityId: training,
          late: false,
          backdateApproval: 'none',
          backdateApprovedBy: null,
        },
      },
    ]);
    expect(JSON.stringify(view(state, JAN_10))).not.toContain('secret-gain-ref');
    expect(JSON.stringify(state.outbox.audit)).not.toContain('secret-gain-ref');
  });

  it('R-MSG-1: a gain needs a training or individualized activity of this application, a known type, a reference and an actual date', () => {
    const { state, training, orientation } = trained();
    const opts = { now: JAN_10 };
    expect(refuse(recordSkillGain, state, gain(orientation, '2024-01-05'), opts)).toBe('SKILL_GAIN_ACTIVITY_NOT_ELIGIBLE');
    expect(refuse(recordSkillGain, state, gain('nope', '2024-01-05'), opts)).toBe('ACTIVITY_NOT_FOUND');
    expect(refuse(recordSkillGain, state, gain(training, '2024-01-05', { type: 'diploma' }), opts)).toBe('SKILL_GAIN_TYPE_INVALID');
    expect(refuse(recordSkillGain, state, gain(training, '2024-01-05', { documentationRef: '  ' }), opts)).toBe('DOCUMENTATION_REF_REQUIRED');
    expect(refuse(recordSkillGain, state, gain(training, '2024-01-11'), opts)).toBe('FUTURE_DATE');
    expect(refuse(recordSkillGain, state, gain(training, '2024-01-01'), opts)).toBe('DATE_BEFORE_PARTICIPATION');
    expect(refuse(recordSkillGain, newState(), gain(training, '2024-01-05'), opts)).toBe('NOT_PARTICIPATING');
  });

  it('R-MSG-1: gains belong to participation: one achieved after the exit date is refused (SKILL_GAIN_AFTER_EXIT)', () => {
    const { state, training, orientation } = trained();
    run(closeActivity, state, { activityId: orientation, actualEndDate: '2024-01-10', completionCode: 'successful' }, { now: JAN_10 });
    run(closeActivity, state, { activityId: training, actualEndDate: '2024-01-10', completionCode: 'successful' }, { now: JAN_10 });
    softExit(state);
    expect(state.exit!.exitDate).toBe('2024-01-10');
    expect(refuse(recordSkillGain, state, gain(training, '2024-04-15'), { now: onDay('2024-04-20') })).toBe('SKILL_GAIN_AFTER_EXIT');
  });

  it('R-MSG-2: the program year runs July 1 – June 30: 2024-06-30 is PY2023, 2024-07-01 is PY2024', () => {
    const c = participating({ participationDate: '2024-06-20', code: '328', projectedEndDate: '2024-09-01', now: onDay('2024-07-05') });
    const now = onDay('2024-07-05');
    expect(run(recordSkillGain, c.state, gain(c.activityId, '2024-06-30'), { now }).skillGain!.programYear).toBe('PY2023');
    expect(run(recordSkillGain, c.state, gain(c.activityId, '2024-07-01', { type: 'skills_progression' }), { now }).skillGain!.programYear).toBe('PY2024');
  });
});

describe('the credential window (R-CRED-3)', () => {
  it('R-CRED-3: only a soft-exited case waits for its window: none while participating, after an exclusionary exit or once completed', () => {
    const c = withClosedService();
    expect([credentialWindowClosesAt(c.state), credentialWindowDue(c.state, at('2030-01-01T00:00:00Z')), credentialWindowPassed(c.state)]).toEqual([
      null,
      false,
      false,
    ]);
    run(recordExclusionaryExit, c.state, { reason: '02', documentationRef: 'MED-1', caseNote: 'Medical.' }, { now: onDay('2024-02-01') });
    expect(credentialWindowClosesAt(c.state)).toBeNull();

    const done = softExited();
    run(declineFollowUps, done.state, { date: '2024-05-01', caseNote: 'Declined.' }, { now: onDay('2024-05-01') });
    completed(done.state, onDay('2024-05-01'));
    expect(credentialWindowClosesAt(done.state)).toBeNull();
  });

  it('R-CRED-3: exit 2024-01-10 → the timer is due at 00:00 agency time on 2025-01-11 (08:00Z, PST); when it fires the closing is recorded once and audited by the system', () => {
    const c = softExited();
    run(recordCredential, c.state, credential(c.activityId, '2024-04-15'), { now: onDay('2024-04-20') });
    flush(c.state);
    const due = at('2025-01-11T08:00:00Z');
    expect(credentialWindowClosesAt(c.state)).toBe(due);
    expect(credentialWindowDue(c.state, due - 1)).toBe(false);
    expect(credentialWindowDue(c.state, due)).toBe(true);

    const version = c.state.version;
    credentialWindowClosed(c.state, due);
    expect(c.state.credentialWindowClosedOn).toBe('2025-01-11');
    expect(c.state.version).toBe(version + 1);
    expect(c.state.outbox.audit).toEqual([
      {
        commandId: 'credential-window-closed',
        command: 'credentialWindowClosed',
        actorId: 'system',
        actorRole: 'system',
        at: iso(due),
        summary: { windowEnd: '2025-01-10', credentials: 1 },
      },
    ]);
    expect([credentialWindowClosesAt(c.state), credentialWindowDue(c.state, due), credentialWindowPassed(c.state)]).toEqual([null, false, true]);
  });

  it('R-CRED-3 / R-FU-7: declining every follow-up early resolves them, but the window still holds the case open until it has passed', () => {
    const c = softExited();
    run(declineFollowUps, c.state, { date: '2024-05-01', caseNote: 'Declined.' }, { now: onDay('2024-05-01') });
    expect(allFollowUpsResolved(c.state)).toBe(true);
    expect(credentialWindowPassed(c.state)).toBe(false);
    expect(credentialWindowClosesAt(c.state)).toBe(at('2025-01-11T08:00:00Z'));
    credentialWindowClosed(c.state, at('2025-01-11T08:00:00Z'));
    expect(allFollowUpsResolved(c.state) && credentialWindowPassed(c.state)).toBe(true);
  });
});
