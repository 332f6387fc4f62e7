import {
  followUpDueSoonDate,
  followUpMissedDate,
  followUpOverdueDate,
  isOpenFollowUp,
  validateContactAttempt,
  validateFollowUpCompletion,
  validateFollowUpDecline,
  validateTime,
  type FollowUpCompletionInput,
} from '../../src/domain';
import { codeOf } from './helpers-errors';

const completion: FollowUpCompletionInput = {
  status: 'required',
  quarter: 1,
  periodStart: '2024-04-01',
  actualFollowUpDate: '2024-05-15',
  today: '2024-06-01',
  hasEmploymentPlacementOrCredential: true,
  statusAtFollowUp: null,
  contactAttemptCount: 0,
  callerRole: 'staff',
};

describe('follow-ups (R-FU-3..6)', () => {
  it('R-FU-5 overdue from due + 1, missed after a 90-day grace (due + 91), R-FU-6 due soon at due − 14', () => {
    expect(followUpOverdueDate('2024-06-30')).toBe('2024-07-01');
    expect(followUpMissedDate('2024-06-30')).toBe('2024-09-29');
    expect(followUpMissedDate('2024-06-30', 30)).toBe('2024-07-31');
    expect(followUpDueSoonDate('2024-06-30')).toBe('2024-06-16');
    expect(followUpDueSoonDate('2024-06-30', 7)).toBe('2024-06-23');
  });

  it('R-FU-5 open statuses are required and overdue', () => {
    expect(isOpenFollowUp('required')).toBe(true);
    expect(isOpenFollowUp('overdue')).toBe(true);
    for (const s of ['completed', 'declined', 'missed'] as const) expect(isOpenFollowUp(s)).toBe(false);
  });

  it('R-FU-3 contact attempt: date not in the future, time HH:mm', () => {
    expect(() => validateContactAttempt({ date: '2024-06-01', time: '09:30', today: '2024-06-01' })).not.toThrow();
    expect(codeOf(() => validateContactAttempt({ date: '2024-06-02', time: '09:30', today: '2024-06-01' }))).toBe('FUTURE_DATE');
    for (const t of ['9:30', '24:00', '12:60', '12:3', '']) expect(codeOf(() => validateTime(t))).toBe('INVALID_TIME');
    expect(codeOf(() => validateTime('23:59'))).toBeUndefined();
    expect(codeOf(() => validateTime('00:00'))).toBeUndefined();
  });

  it('R-FU-4 completion: date ≥ quarter start and ≤ today; only open follow-ups (required or overdue)', () => {
    expect(validateFollowUpCompletion(completion)).toEqual({ overrideUsed: false });
    expect(validateFollowUpCompletion({ ...completion, status: 'overdue' })).toEqual({ overrideUsed: false });
    expect(validateFollowUpCompletion({ ...completion, actualFollowUpDate: '2024-04-01' })).toEqual({ overrideUsed: false });
    expect(codeOf(() => validateFollowUpCompletion({ ...completion, actualFollowUpDate: '2024-03-31' }))).toBe('FOLLOW_UP_DATE_BEFORE_QUARTER');
    expect(codeOf(() => validateFollowUpCompletion({ ...completion, actualFollowUpDate: '2024-06-02' }))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateFollowUpCompletion({ ...completion, status: 'completed' }))).toBe('FOLLOW_UP_NOT_OPEN');
    expect(codeOf(() => validateFollowUpCompletion({ ...completion, status: 'missed' }))).toBe('FOLLOW_UP_NOT_OPEN');
  });

  it('R-FU-4 statusAtFollowUp required only when no employment, youth placement or credential', () => {
    expect(codeOf(() => validateFollowUpCompletion({ ...completion, hasEmploymentPlacementOrCredential: false }))).toBe('STATUS_AT_FOLLOW_UP_REQUIRED');
    expect(validateFollowUpCompletion({ ...completion, hasEmploymentPlacementOrCredential: false, statusAtFollowUp: 'in_education' })).toEqual({
      overrideUsed: false,
    });
  });

  it('R-FU-4 cannot_locate needs ≥ 3 contact attempts (CONTACT_ATTEMPTS_REQUIRED) unless a supervisor gives an override reason', () => {
    const cl = { ...completion, hasEmploymentPlacementOrCredential: false, statusAtFollowUp: 'cannot_locate' as const };
    expect(codeOf(() => validateFollowUpCompletion({ ...cl, contactAttemptCount: 2 }))).toBe('CONTACT_ATTEMPTS_REQUIRED');
    expect(validateFollowUpCompletion({ ...cl, contactAttemptCount: 3 })).toEqual({ overrideUsed: false });
    expect(validateFollowUpCompletion({ ...cl, contactAttemptCount: 0, callerRole: 'supervisor', overrideReason: 'Moved out of state' })).toEqual({
      overrideUsed: true,
    });
    expect(codeOf(() => validateFollowUpCompletion({ ...cl, contactAttemptCount: 0, callerRole: 'supervisor', overrideReason: ' ' }))).toBe(
      'CONTACT_ATTEMPTS_REQUIRED',
    );
    expect(codeOf(() => validateFollowUpCompletion({ ...cl, contactAttemptCount: 0, callerRole: 'staff', overrideReason: 'x' }))).toBe('SUPERVISOR_REQUIRED');
  });

  it('R-FU-5 decline ends every open follow-up', () => {
    const followUps = [
      { quarter: 1, status: 'completed' as const },
      { quarter: 2, status: 'overdue' as const },
      { quarter: 3, status: 'required' as const },
      { quarter: 4, status: 'required' as const },
    ];
    expect(validateFollowUpDecline({ followUps, date: '2024-10-01', today: '2024-10-01', caseNote: 'Declined by phone' })).toEqual([2, 3, 4]);
    expect(codeOf(() => validateFollowUpDecline({ followUps, date: '2024-10-02', today: '2024-10-01', caseNote: 'x' }))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateFollowUpDecline({ followUps, date: '2024-10-01', today: '2024-10-01', caseNote: '' }))).toBe('CASE_NOTE_REQUIRED');
    expect(
      codeOf(() => validateFollowUpDecline({ followUps: [{ quarter: 1, status: 'missed' }], date: '2024-10-01', today: '2024-10-01', caseNote: 'x' })),
    ).toBe('FOLLOW_UP_NOT_OPEN');
  });
});
