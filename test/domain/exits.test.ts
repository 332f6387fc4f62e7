import { softExitRecord, validateClosure, validateExclusionaryExit, type ExclusionaryExitInput } from '../../src/domain';
import { codeOf } from './helpers-errors';

const excl: ExclusionaryExitInput = {
  applicationStatus: 'participating',
  programs: ['ADULT'],
  activities: [{ status: 'closed' }],
  reason: '03',
  exitDate: null,
  documentationRef: 'DOC-1',
  caseNote: 'Documented',
  participationDate: '2024-01-02',
  lastServiceDate: '2024-01-10',
  today: '2024-02-01',
};

describe('exits (R-CLOCK-4, R-EXCL-1) and closure (R-CLOSE-1)', () => {
  it('R-CLOCK-4 soft exit record: exit date = L, exitedAt = the instant', () => {
    expect(softExitRecord({ lastServiceDate: '2024-03-05' }, new Date('2024-06-04T07:00:00Z'))).toEqual({
      type: 'soft',
      exitDate: '2024-03-05',
      exitedAt: '2024-06-04T07:00:00.000Z',
    });
    expect(codeOf(() => softExitRecord({ lastServiceDate: null }, 0))).toBe('NOT_PARTICIPATING');
  });

  it('R-EXCL-1 exit date defaults to L; an explicit date between participation and today is kept', () => {
    expect(validateExclusionaryExit(excl).exitDate).toBe('2024-01-10');
    expect(validateExclusionaryExit({ ...excl, exitDate: '2024-01-20' }).exitDate).toBe('2024-01-20');
    expect(validateExclusionaryExit({ ...excl, exitDate: '2024-01-02' }).exitDate).toBe('2024-01-02');
    expect(validateExclusionaryExit({ ...excl, exitDate: '2024-02-01' }).exitDate).toBe('2024-02-01');
  });

  it('R-EXCL-1 exit date before participation → DATE_BEFORE_PARTICIPATION; after today → FUTURE_DATE', () => {
    expect(codeOf(() => validateExclusionaryExit({ ...excl, exitDate: '2024-01-01' }))).toBe('DATE_BEFORE_PARTICIPATION');
    expect(codeOf(() => validateExclusionaryExit({ ...excl, exitDate: '2024-02-02' }))).toBe('FUTURE_DATE');
  });

  it('R-EXCL-1 refused while activities are open or future (OPEN_ACTIVITIES, 409)', () => {
    expect(codeOf(() => validateExclusionaryExit({ ...excl, activities: [{ status: 'closed' }, { status: 'open' }] }))).toBe('OPEN_ACTIVITIES');
    expect(codeOf(() => validateExclusionaryExit({ ...excl, activities: [{ status: 'future' }] }))).toBe('OPEN_ACTIVITIES');
  });

  it('R-EXCL-1 reason 05 (foster care) is Youth only; unknown reasons rejected; all 01-07 valid for Youth', () => {
    expect(codeOf(() => validateExclusionaryExit({ ...excl, reason: '05' }))).toBe('EXCLUSIONARY_REASON_NOT_FOR_PROGRAM');
    expect(validateExclusionaryExit({ ...excl, reason: '05', programs: ['ADULT', 'YOUTH'] }).reason).toBe('05');
    expect(codeOf(() => validateExclusionaryExit({ ...excl, reason: '08' }))).toBe('EXCLUSIONARY_REASON_INVALID');
    for (const reason of ['01', '02', '03', '04', '05', '06', '07']) {
      expect(validateExclusionaryExit({ ...excl, reason, programs: ['YOUTH'] }).reason).toBe(reason);
    }
  });

  it('R-EXCL-1 documentation reference and case note required; irreversible once exited', () => {
    expect(codeOf(() => validateExclusionaryExit({ ...excl, documentationRef: ' ' }))).toBe('DOCUMENTATION_REQUIRED');
    expect(codeOf(() => validateExclusionaryExit({ ...excl, caseNote: '' }))).toBe('CASE_NOTE_REQUIRED');
    expect(codeOf(() => validateExclusionaryExit({ ...excl, applicationStatus: 'exited' }))).toBe('APPLICATION_EXITED');
    expect(codeOf(() => validateExclusionaryExit({ ...excl, applicationStatus: 'exited_exclusionary' }))).toBe('APPLICATION_EXITED');
    expect(codeOf(() => validateExclusionaryExit({ ...excl, applicationStatus: 'eligible', participationDate: null }))).toBe('NOT_PARTICIPATING');
  });

  it('R-CLOSE-1 closure needs every activity closed (OPEN_ACTIVITIES), once', () => {
    expect(() => validateClosure({ applicationStatus: 'participating', activities: [{ status: 'closed' }], closureRecorded: false })).not.toThrow();
    expect(codeOf(() => validateClosure({ applicationStatus: 'participating', activities: [{ status: 'open' }], closureRecorded: false }))).toBe(
      'OPEN_ACTIVITIES',
    );
    expect(codeOf(() => validateClosure({ applicationStatus: 'participating', activities: [{ status: 'future' }], closureRecorded: false }))).toBe(
      'OPEN_ACTIVITIES',
    );
    expect(codeOf(() => validateClosure({ applicationStatus: 'participating', activities: [], closureRecorded: true }))).toBe('CLOSURE_EXISTS');
    expect(() => validateClosure({ applicationStatus: 'exited', activities: [{ status: 'closed' }], closureRecorded: false })).not.toThrow();
    expect(codeOf(() => validateClosure({ applicationStatus: 'eligible', activities: [], closureRecorded: false }))).toBe('NOT_PARTICIPATING');
  });
});
