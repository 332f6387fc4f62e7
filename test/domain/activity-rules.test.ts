import {
  defaultActivityCatalog as catalog,
  requireActivity,
  validateBeginActivity,
  validateCaseNote,
  validateCloseActivity,
  validateNewActivity,
  validateParticipation,
  type ActivityContext,
  type NewActivityCommand,
} from '../../src/domain';
import { codeOf } from './helpers-errors';

const ctx: ActivityContext = {
  status: 'participating',
  programs: ['ADULT', 'WAGNER_PEYSER'],
  participationDate: '2024-04-01',
  closureRecorded: false,
  today: '2024-05-01',
  callerRole: 'staff',
};

const cmd: NewActivityCommand = {
  code: '102',
  program: 'ADULT',
  actualBeginDate: '2024-04-20',
  projectedEndDate: '2024-05-20',
  caseNote: 'Initial assessment done',
};

describe('participation (R-ACT-2, R-ACT-3)', () => {
  const pctx = { status: 'eligible' as const, programs: ['ADULT'] as const, today: '2024-05-01', callerRole: 'staff' as const };
  const pcmd = {
    participationDate: '2024-04-25',
    eligibilityDate: '2024-04-20',
    activity: { code: '101', program: 'ADULT' as const, projectedEndDate: '2024-04-25', caseNote: 'Orientation' },
  };

  it('R-ACT-2 creating participation from eligible returns the first activity code', () => {
    expect(validateParticipation(pctx, pcmd, catalog).entry.code).toBe('101');
  });

  it('R-ACT-2 twice → ALREADY_PARTICIPATING; after exit → APPLICATION_EXITED', () => {
    expect(codeOf(() => validateParticipation({ ...pctx, status: 'participating' }, pcmd, catalog))).toBe('ALREADY_PARTICIPATING');
    expect(codeOf(() => validateParticipation({ ...pctx, status: 'exited' }, pcmd, catalog))).toBe('APPLICATION_EXITED');
  });

  it('R-ACT-2 date rules, R-ACT-3 case note, R-ACT-1 code/program, F-code refused', () => {
    expect(codeOf(() => validateParticipation(pctx, { ...pcmd, participationDate: '2024-04-19' }, catalog))).toBe('PARTICIPATION_BEFORE_ELIGIBILITY');
    expect(codeOf(() => validateParticipation(pctx, { ...pcmd, participationDate: '2024-05-02' }, catalog))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateParticipation(pctx, { ...pcmd, activity: { ...pcmd.activity, caseNote: ' ' } }, catalog))).toBe('CASE_NOTE_REQUIRED');
    expect(codeOf(() => validateParticipation(pctx, { ...pcmd, activity: { ...pcmd.activity, code: '999' } }, catalog))).toBe('UNKNOWN_ACTIVITY_CODE');
    expect(codeOf(() => validateParticipation(pctx, { ...pcmd, activity: { ...pcmd.activity, program: 'YOUTH' } }, catalog))).toBe('PROGRAM_NOT_ENROLLED');
    expect(codeOf(() => validateParticipation(pctx, { ...pcmd, activity: { ...pcmd.activity, code: 'F01' } }, catalog))).toBe('FOLLOW_UP_CODE_NOT_ALLOWED');
    expect(codeOf(() => validateParticipation(pctx, { ...pcmd, activity: { ...pcmd.activity, projectedEndDate: '2024-04-24' } }, catalog))).toBe(
      'END_BEFORE_BEGIN',
    );
  });
});

describe('adding activities (R-ACT-1, R-ACT-3, R-ACT-4, R-ACT-5, R-CLOCK-4, R-CLOSE-1)', () => {
  it('R-ACT-4 an actual begin within 30 days gives an open activity', () => {
    const d = validateNewActivity(ctx, cmd, catalog);
    expect(d.status).toBe('open');
    expect(d.entry.restartsExitClock).toBe(true);
    expect(d.backdate).toEqual({ daysBack: 11, approval: 'none' });
  });

  it('R-CLOCK-5 a projected begin after today gives a future activity; today or earlier → PROJECTED_BEGIN_NOT_FUTURE', () => {
    const fut = { ...cmd, actualBeginDate: null, projectedBeginDate: '2024-05-15', projectedEndDate: '2024-08-01' };
    expect(validateNewActivity(ctx, fut, catalog).status).toBe('future');
    expect(codeOf(() => validateNewActivity(ctx, { ...fut, projectedBeginDate: '2024-05-01' }, catalog))).toBe('PROJECTED_BEGIN_NOT_FUTURE');
    expect(codeOf(() => validateNewActivity(ctx, { ...fut, projectedEndDate: '2024-05-14' }, catalog))).toBe('END_BEFORE_BEGIN');
  });

  it('§5 exactly one of actualBeginDate / projectedBeginDate → else BEGIN_DATE_CONFLICT (400)', () => {
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, projectedBeginDate: '2024-06-01' }, catalog))).toBe('BEGIN_DATE_CONFLICT');
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, actualBeginDate: undefined }, catalog))).toBe('BEGIN_DATE_CONFLICT');
  });

  it('R-ACT-4 / R-ACT-5 actual begin: backdating, future, before participation', () => {
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, actualBeginDate: '2024-05-02', projectedEndDate: '2024-06-01' }, catalog))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, actualBeginDate: '2024-03-31' }, catalog))).toBe('DATE_BEFORE_PARTICIPATION');
    const early = { ...ctx, participationDate: '2024-01-01' };
    expect(codeOf(() => validateNewActivity(early, { ...cmd, actualBeginDate: '2024-03-31' }, catalog))).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect(validateNewActivity(early, { ...cmd, actualBeginDate: '2024-03-31', backdateApprovedBy: 'S-SUP' }, catalog).backdate?.approval).toBe(
      'backdate_approved_by',
    );
    expect(codeOf(() => validateNewActivity(early, { ...cmd, actualBeginDate: '2024-01-31' }, catalog))).toBe('BACKDATE_LIMIT');
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, projectedEndDate: '2024-04-19' }, catalog))).toBe('END_BEFORE_BEGIN');
  });

  it('R-ACT-3 case note required', () => {
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, caseNote: '' }, catalog))).toBe('CASE_NOTE_REQUIRED');
    expect(codeOf(() => validateCaseNote('  \n '))).toBe('CASE_NOTE_REQUIRED');
    expect(codeOf(() => validateCaseNote(undefined))).toBe('CASE_NOTE_REQUIRED');
    expect(codeOf(() => validateCaseNote('ok'))).toBeUndefined();
  });

  it('R-ACT-1 unknown code, program not enrolled, code not for program', () => {
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, code: '999' }, catalog))).toBe('UNKNOWN_ACTIVITY_CODE');
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, program: 'TAA' }, catalog))).toBe('PROGRAM_NOT_ENROLLED');
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, code: '328', program: 'WAGNER_PEYSER' }, catalog))).toBe('CODE_NOT_FOR_PROGRAM');
  });

  it('R-ACT-2 before participation → NOT_PARTICIPATING', () => {
    expect(codeOf(() => validateNewActivity({ ...ctx, status: 'eligible', participationDate: null }, cmd, catalog))).toBe('NOT_PARTICIPATING');
  });

  it('R-CLOCK-4 after a soft exit only F-codes are accepted (APPLICATION_EXITED otherwise)', () => {
    const exited = { ...ctx, status: 'exited' as const };
    expect(codeOf(() => validateNewActivity(exited, cmd, catalog))).toBe('APPLICATION_EXITED');
    expect(validateNewActivity(exited, { ...cmd, code: 'F01' }, catalog).entry.category).toBe('follow_up');
  });

  it('R-EXCL-1 / R-FU-7 after an exclusionary exit or completion nothing is accepted, not even F-codes', () => {
    for (const status of ['exited_exclusionary', 'completed'] as const) {
      expect(codeOf(() => validateNewActivity({ ...ctx, status }, { ...cmd, code: 'F01' }, catalog))).toBe('APPLICATION_EXITED');
    }
  });

  it('R-CLOSE-1 F-codes only after closure or exit (FOLLOW_UP_CODE_NOT_ALLOWED before)', () => {
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, code: 'F02' }, catalog))).toBe('FOLLOW_UP_CODE_NOT_ALLOWED');
    expect(validateNewActivity({ ...ctx, closureRecorded: true }, { ...cmd, code: 'F02' }, catalog).status).toBe('open');
    // closure does not stop regular services (it does not exit)
    expect(validateNewActivity({ ...ctx, closureRecorded: true }, cmd, catalog).status).toBe('open');
  });

  it('R-BREAK-1 the planned-break code is not added as an activity', () => {
    expect(codeOf(() => validateNewActivity(ctx, { ...cmd, code: '001' }, catalog))).toBe('PLANNED_BREAK_CODE_NOT_ALLOWED');
  });
});

describe('beginning and closing activities (R-ACT-4, R-ACT-5, R-CLOCK-5)', () => {
  const futureAct = { id: 'f1', code: '328', status: 'future' as const, actualBeginDate: null };
  const openAct = { id: 'o1', code: '328', status: 'open' as const, actualBeginDate: '2024-04-10' };

  it('R-ACT-1 requireActivity → ACTIVITY_NOT_FOUND (404)', () => {
    expect(requireActivity([openAct], 'o1')).toBe(openAct);
    expect(codeOf(() => requireActivity([openAct], 'x'))).toBe('ACTIVITY_NOT_FOUND');
  });

  it('R-CLOCK-5 a future activity begins with an actual date; other statuses → ACTIVITY_NOT_FUTURE', () => {
    expect(validateBeginActivity(ctx, futureAct, { actualBeginDate: '2024-05-01' }, catalog)).toEqual({ daysBack: 0, approval: 'none' });
    expect(codeOf(() => validateBeginActivity(ctx, openAct, { actualBeginDate: '2024-05-01' }, catalog))).toBe('ACTIVITY_NOT_FUTURE');
    expect(codeOf(() => validateBeginActivity(ctx, futureAct, { actualBeginDate: '2024-05-02' }, catalog))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateBeginActivity(ctx, futureAct, { actualBeginDate: '2024-03-31' }, catalog))).toBe('DATE_BEFORE_PARTICIPATION');
    expect(codeOf(() => validateBeginActivity({ ...ctx, status: 'exited' }, futureAct, { actualBeginDate: '2024-05-01' }, catalog))).toBe('APPLICATION_EXITED');
  });

  it('R-ACT-5 closing: end ≥ begin, not already closed, must have begun; R-ACT-4 on the end date', () => {
    expect(validateCloseActivity(ctx, openAct, { actualEndDate: '2024-04-10' }).daysBack).toBe(21);
    expect(codeOf(() => validateCloseActivity(ctx, openAct, { actualEndDate: '2024-04-09' }))).toBe('END_BEFORE_BEGIN');
    expect(codeOf(() => validateCloseActivity(ctx, openAct, { actualEndDate: '2024-05-02' }))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateCloseActivity(ctx, { ...openAct, status: 'closed' }, { actualEndDate: '2024-04-20' }))).toBe('ACTIVITY_ALREADY_CLOSED');
    expect(codeOf(() => validateCloseActivity(ctx, futureAct, { actualEndDate: '2024-04-20' }))).toBe('ACTIVITY_NOT_OPEN');
    const early = { ...ctx, participationDate: '2024-01-01' };
    const oldAct = { ...openAct, actualBeginDate: '2024-01-05' };
    expect(codeOf(() => validateCloseActivity(early, oldAct, { actualEndDate: '2024-03-01' }))).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect(validateCloseActivity({ ...early, callerRole: 'supervisor' }, oldAct, { actualEndDate: '2024-03-01' }).approval).toBe('supervisor_caller');
  });

  it('R-CLOCK-4 design choice: an activity still open at soft exit can be closed afterwards', () => {
    expect(validateCloseActivity({ ...ctx, status: 'exited' }, openAct, { actualEndDate: '2024-04-30' }).daysBack).toBe(1);
    expect(codeOf(() => validateCloseActivity({ ...ctx, status: 'exited_exclusionary' }, openAct, { actualEndDate: '2024-04-30' }))).toBe('APPLICATION_EXITED');
  });
});
