import { backdateDays, validateActualDate, validateEndNotBeforeBegin, validateNotBeforeParticipation, validateParticipationDate } from '../../src/domain';
import { codeOf, domainErrorOf } from './helpers-errors';

const today = '2024-05-01';

describe('backdating (R-ACT-4)', () => {
  it.each([
    ['2024-05-01', 0],
    ['2024-04-01', 30],
    ['2024-03-31', 31],
    ['2024-02-01', 90],
    ['2024-01-31', 91],
    ['2024-05-02', -1],
  ])('R-ACT-4 backdateDays(%s, 2024-05-01) = %i', (date, days) => {
    expect(backdateDays(date, today)).toBe(days);
  });

  it('R-ACT-4 SPEC table, staff caller without approval: 04-01 ok; 03-31 and 02-01 need approval; 01-31 rejected; 05-02 rejected', () => {
    const staff = (date: string) => () => validateActualDate({ date, today, callerRole: 'staff' });
    expect(validateActualDate({ date: today, today, callerRole: 'staff' })).toEqual({ daysBack: 0, approval: 'none' });
    expect(validateActualDate({ date: '2024-04-01', today, callerRole: 'staff' })).toEqual({ daysBack: 30, approval: 'none' });
    expect(codeOf(staff('2024-03-31'))).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect(codeOf(staff('2024-02-01'))).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect(codeOf(staff('2024-01-31'))).toBe('BACKDATE_LIMIT');
    expect(codeOf(staff('2024-05-02'))).toBe('FUTURE_DATE');
    expect(domainErrorOf(staff('2024-03-31')).status).toBe(422);
    expect(domainErrorOf(staff('2024-01-31')).status).toBe(422);
  });

  it('R-ACT-4 31-90 days is accepted with backdateApprovedBy or a supervisor caller', () => {
    expect(validateActualDate({ date: '2024-03-31', today, callerRole: 'staff', backdateApprovedBy: 'S-SUP-1' })).toEqual({
      daysBack: 31,
      approval: 'backdate_approved_by',
    });
    expect(validateActualDate({ date: '2024-02-01', today, callerRole: 'supervisor' })).toEqual({ daysBack: 90, approval: 'supervisor_caller' });
    expect(codeOf(() => validateActualDate({ date: '2024-03-31', today, callerRole: 'staff', backdateApprovedBy: '   ' }))).toBe('BACKDATE_APPROVAL_REQUIRED');
  });

  it('R-ACT-4 approval cannot lift the 90-day limit nor allow future dates', () => {
    expect(codeOf(() => validateActualDate({ date: '2024-01-31', today, callerRole: 'supervisor', backdateApprovedBy: 'S-SUP-1' }))).toBe('BACKDATE_LIMIT');
    expect(codeOf(() => validateActualDate({ date: '2024-05-02', today, callerRole: 'supervisor' }))).toBe('FUTURE_DATE');
  });

  it('R-ACT-4 the error names the field', () => {
    expect(domainErrorOf(() => validateActualDate({ date: '2024-05-02', today, callerRole: 'staff', field: 'actualEndDate' })).details).toMatchObject({
      field: 'actualEndDate',
    });
  });
});

describe('participation and date order (R-ACT-2, R-ACT-5)', () => {
  const p = { eligibilityDate: '2024-04-10', today, callerRole: 'staff' as const };

  it('R-ACT-2 participation date between eligibility and today is accepted (incl. both ends)', () => {
    expect(validateParticipationDate({ ...p, participationDate: '2024-04-10' }).daysBack).toBe(21);
    expect(validateParticipationDate({ ...p, participationDate: today }).daysBack).toBe(0);
  });

  it('R-ACT-2 participation date in the future → FUTURE_DATE; before eligibility → PARTICIPATION_BEFORE_ELIGIBILITY', () => {
    expect(codeOf(() => validateParticipationDate({ ...p, participationDate: '2024-05-02' }))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateParticipationDate({ ...p, participationDate: '2024-04-09' }))).toBe('PARTICIPATION_BEFORE_ELIGIBILITY');
  });

  it('R-ACT-2 / R-ACT-4 the participation date is an actual date: backdating rules apply', () => {
    const old = { ...p, eligibilityDate: '2023-01-01' };
    expect(codeOf(() => validateParticipationDate({ ...old, participationDate: '2024-03-01' }))).toBe('BACKDATE_APPROVAL_REQUIRED');
    expect(validateParticipationDate({ ...old, participationDate: '2024-03-01', backdateApprovedBy: 'S-SUP' }).approval).toBe('backdate_approved_by');
    expect(codeOf(() => validateParticipationDate({ ...old, participationDate: '2024-01-01', callerRole: 'supervisor' }))).toBe('BACKDATE_LIMIT');
  });

  it('R-ACT-5 end ≥ begin; no actual date before participation', () => {
    expect(() => validateEndNotBeforeBegin('2024-03-01', '2024-03-01')).not.toThrow();
    expect(codeOf(() => validateEndNotBeforeBegin('2024-03-01', '2024-02-29'))).toBe('END_BEFORE_BEGIN');
    expect(() => validateNotBeforeParticipation('2024-03-01', '2024-03-01')).not.toThrow();
    expect(codeOf(() => validateNotBeforeParticipation('2024-02-29', '2024-03-01'))).toBe('DATE_BEFORE_PARTICIPATION');
  });
});
