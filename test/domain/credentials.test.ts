import {
  CREDENTIAL_TYPES,
  countsForCredentialRate,
  credentialWindowCompletionDate,
  credentialWindowEnd,
  validateCredential,
  type CredentialInput,
  type FollowUpFacts,
} from '../../src/domain/credentials';
import { codeOf, domainErrorOf } from './helpers-errors';

const ACTIVITY = { id: 'A-1' };
/** A soft-exited case (exit 2024-01-10), entering on `today`. */
const input = (over: Partial<CredentialInput> = {}): CredentialInput => ({
  applicationStatus: 'exited',
  participationDate: '2023-10-02',
  exit: { type: 'soft', exitDate: '2024-01-10' },
  activities: [ACTIVITY],
  today: '2025-01-10',
  callerRole: 'staff',
  type: '5',
  attainedOn: '2025-01-10',
  activityId: ACTIVITY.id,
  verification: { method: 'copy_in_case_file' },
  ...over,
});

describe('credentials (R-CRED-1 … R-CRED-4)', () => {
  it('R-CRED-1 types are the PIRL 1800 codes 1–7 as strings; others are refused with 400', () => {
    expect(CREDENTIAL_TYPES).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    for (const type of CREDENTIAL_TYPES) expect(codeOf(() => validateCredential(input({ type })))).toBeUndefined();
    for (const type of ['0', '8', '01', '', 'AA']) {
      const err = domainErrorOf(() => validateCredential(input({ type })));
      expect([err.code, err.status]).toEqual(['CREDENTIAL_TYPE_INVALID', 400]);
    }
  });

  it('R-CRED-1 the associated activity must be on the application (404 ACTIVITY_NOT_FOUND)', () => {
    const err = domainErrorOf(() => validateCredential(input({ activityId: 'A-OTHER' })));
    expect([err.code, err.status]).toEqual(['ACTIVITY_NOT_FOUND', 404]);
  });

  it('R-CRED-1 `verified` needs a documentationRef (400); a copy in the case file does not', () => {
    for (const documentationRef of [undefined, '', '   ']) {
      const err = domainErrorOf(() =>
        validateCredential(input({ verification: { method: 'verified', ...(documentationRef !== undefined ? { documentationRef } : {}) } })),
      );
      expect([err.code, err.status]).toEqual(['DOCUMENTATION_REF_REQUIRED', 400]);
      expect(err.message).not.toContain('undefined');
    }
    expect(validateCredential(input({ verification: { method: 'verified', documentationRef: '  CERT-2291 scan  ' } })).verification).toEqual({
      method: 'verified',
      documentationRef: 'CERT-2291 scan',
    });
    expect(validateCredential(input()).verification).toEqual({ method: 'copy_in_case_file', documentationRef: null });
    expect(codeOf(() => validateCredential(input({ verification: { method: 'uploaded' } })))).toBe('CREDENTIAL_VERIFICATION_INVALID');
  });

  it('R-CRED-1 a verified reference never appears in the error of another rule', () => {
    const err = domainErrorOf(() =>
      validateCredential(input({ attainedOn: '2025-01-11', verification: { method: 'verified', documentationRef: 'SECRET-REF-77' } })),
    );
    expect(JSON.stringify(err.toJSON())).not.toContain('SECRET-REF-77');
  });

  it('R-CRED-2 vector: exit 2024-01-10 → attained 2025-01-10 accepted, 2025-01-11 refused (CREDENTIAL_WINDOW_CLOSED)', () => {
    expect(credentialWindowEnd('2024-01-10')).toBe('2025-01-10');
    expect(validateCredential(input({ attainedOn: '2025-01-10' })).windowEnd).toBe('2025-01-10');
    const late = domainErrorOf(() => validateCredential(input({ attainedOn: '2025-01-11', today: '2025-01-20' })));
    expect([late.code, late.status]).toEqual(['CREDENTIAL_WINDOW_CLOSED', 422]);
    expect(late.details).toMatchObject({ windowEnd: '2025-01-10' });
  });

  it('R-CRED-2 vector: exit 2024-02-29 → the window ends 2025-02-28', () => {
    expect(credentialWindowEnd('2024-02-29')).toBe('2025-02-28');
    const exit = { type: 'soft' as const, exitDate: '2024-02-29' };
    expect(codeOf(() => validateCredential(input({ exit, attainedOn: '2025-02-28', today: '2025-02-28' })))).toBeUndefined();
    expect(codeOf(() => validateCredential(input({ exit, attainedOn: '2025-03-01', today: '2025-03-01' })))).toBe('CREDENTIAL_WINDOW_CLOSED');
    expect(credentialWindowEnd('2023-02-28')).toBe('2024-02-28');
    expect(credentialWindowEnd('2023-12-31')).toBe('2024-12-31');
  });

  it('R-CRED-2 a date after the window is refused as closed even while it is still in the future (no later day can lift it)', () => {
    expect(codeOf(() => validateCredential(input({ today: '2025-01-10', attainedOn: '2025-01-11' })))).toBe('CREDENTIAL_WINDOW_CLOSED');
    // Inside the window, a future date is FUTURE_DATE.
    expect(codeOf(() => validateCredential(input({ today: '2024-12-01', attainedOn: '2024-12-02' })))).toBe('FUTURE_DATE');
  });

  it('R-CRED-2 participation date ≤ attainedOn (R-ACT-5), and R-ACT-4 backdating from today applies as well', () => {
    const participating = { applicationStatus: 'participating' as const, exit: null, today: '2023-12-01' };
    expect(codeOf(() => validateCredential(input({ ...participating, attainedOn: '2023-10-01' })))).toBe('DATE_BEFORE_PARTICIPATION');
    expect(codeOf(() => validateCredential(input({ ...participating, attainedOn: '2023-10-02' })))).toBe('BACKDATE_APPROVAL_REQUIRED'); // 60 days back
    expect(validateCredential(input({ ...participating, attainedOn: '2023-10-02', backdateApprovedBy: 'S-SUP-1' })).backdate.approval).toBe(
      'backdate_approved_by',
    );
    expect(codeOf(() => validateCredential(input({ ...participating, attainedOn: '2023-11-01' })))).toBeUndefined();
    // Within the window but more than 90 days before today: R-ACT-4 still refuses.
    expect(codeOf(() => validateCredential(input({ attainedOn: '2024-06-01', today: '2025-01-10' })))).toBe('BACKDATE_LIMIT');
  });

  it('R-CRED-2 closed applications refuse (409 APPLICATION_EXITED); before participation NOT_PARTICIPATING', () => {
    for (const applicationStatus of ['completed', 'exited_exclusionary'] as const) {
      const err = domainErrorOf(() => validateCredential(input({ applicationStatus })));
      expect([err.code, err.status]).toEqual(['APPLICATION_EXITED', 409]);
    }
    expect(codeOf(() => validateCredential(input({ applicationStatus: 'eligible', participationDate: null, exit: null })))).toBe('NOT_PARTICIPATING');
  });

  it('R-CRED-3 an exited application may complete from the day after its window: 2024-01-10 → 2025-01-11, 2024-02-29 → 2025-03-01', () => {
    expect(credentialWindowCompletionDate('2024-01-10')).toBe('2025-01-11');
    expect(credentialWindowCompletionDate('2024-02-29')).toBe('2025-03-01');
  });

  describe('R-CRED-4 countsForCredentialRate', () => {
    const exit = { type: 'soft' as const, exitDate: '2024-01-10' };
    const completed = (actualDate: string, over: Partial<NonNullable<FollowUpFacts['completion']>> = {}): FollowUpFacts => ({
      status: 'completed',
      completion: { actualDate, workedInQuarter: false, employers: [], ...over },
    });
    const declined: FollowUpFacts = { status: 'declined' };

    it('R-CRED-4 types 2–7 count when attained within the window, before or after the exit', () => {
      for (const type of ['2', '3', '4', '5', '6', '7'] as const) {
        expect(countsForCredentialRate({ type, attainedOn: '2024-12-05' }, { exit, followUps: [declined], today: '2024-12-06' })).toBe(true);
        expect(countsForCredentialRate({ type, attainedOn: '2023-12-05' }, { exit: null, followUps: [], today: '2023-12-06' })).toBe(true);
      }
    });

    it('R-CRED-4 type 1 with employment in a follow-up completed within the year → true', () => {
      const followUps = [completed('2024-06-20', { workedInQuarter: true, employers: ['Acme'] }), declined];
      expect(countsForCredentialRate({ type: '1', attainedOn: '2024-03-01' }, { exit, followUps, today: '2024-06-21' })).toBe(true);
    });

    it('R-CRED-4 (amended) type 1 with enrollment leading to a recognized postsecondary credential, in a follow-up completed within the year → true', () => {
      const followUps = [completed('2024-09-10', { education: { enrolled: true, leadsToRecognizedCredential: true } })];
      expect(countsForCredentialRate({ type: '1', attainedOn: '2024-03-01' }, { exit, followUps, today: '2024-09-11' })).toBe(true);
    });

    it('R-CRED-4 (amended) type 1 with enrollment alone no longer counts: null in the window, false after it', () => {
      const followUps = [
        completed('2024-09-10', { education: { enrolled: true } }),
        completed('2024-10-10', { education: { enrolled: true, leadsToRecognizedCredential: false } }),
      ];
      expect(countsForCredentialRate({ type: '1', attainedOn: '2024-03-01' }, { exit, followUps, today: '2024-12-01' })).toBeNull();
      expect(countsForCredentialRate({ type: '1', attainedOn: '2024-03-01' }, { exit, followUps, today: '2025-01-11' })).toBe(false);
    });

    it('R-CRED-4 type 1 without employment or education: null while the window is open, false once it has passed', () => {
      const followUps = [completed('2024-06-20', { education: { enrolled: false } }), declined];
      const cred = { type: '1' as const, attainedOn: '2024-03-01' };
      expect(countsForCredentialRate(cred, { exit, followUps, today: '2025-01-10' })).toBeNull();
      expect(countsForCredentialRate(cred, { exit, followUps, today: '2025-01-11' })).toBe(false);
    });

    it('R-CRED-4 type 1: employment recorded by a follow-up dated after the year does not count', () => {
      const followUps = [completed('2025-02-01', { workedInQuarter: true })];
      expect(countsForCredentialRate({ type: '1', attainedOn: '2024-03-01' }, { exit, followUps, today: '2025-02-02' })).toBe(false);
    });

    it('R-CRED-4 type 1 before any exit: unknown (null)', () => {
      expect(countsForCredentialRate({ type: '1', attainedOn: '2023-12-01' }, { exit: null, followUps: [], today: '2023-12-02' })).toBeNull();
    });
  });
});
