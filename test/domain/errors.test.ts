import { DOMAIN_ERROR_CODES, DOMAIN_ERROR_STATUS, DomainError, isDomainError, isDomainErrorCode } from '../../src/domain';

describe('errors (SPEC §5 error model)', () => {
  it('§5 DomainError has name DomainError, its code and the mapped status', () => {
    const e = new DomainError('PLANNED_BREAK_TOO_LONG', 'too long', { resumeDate: '2024-07-09' });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DomainError');
    expect(e.code).toBe('PLANNED_BREAK_TOO_LONG');
    expect(e.status).toBe(422);
    expect(e.message).toBe('too long');
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'DomainError',
      code: 'PLANNED_BREAK_TOO_LONG',
      status: 422,
      message: 'too long',
      details: { resumeDate: '2024-07-09' },
    });
  });

  it.each([
    ['APPLICATION_EXITED', 409],
    ['OPEN_ACTIVITIES', 409],
    ['ACTIVITY_ALREADY_CLOSED', 409],
    ['PLANNED_BREAK_NOT_PENDING', 409],
    ['ALREADY_PARTICIPATING', 409],
    ['BACKDATE_APPROVAL_REQUIRED', 422],
    ['BACKDATE_LIMIT', 422],
    ['FUTURE_DATE', 422],
    ['PLANNED_BREAK_TOO_LONG', 422],
    ['CONTACT_ATTEMPTS_REQUIRED', 422],
    ['ACTIVITY_NOT_FOUND', 404],
    ['PLANNED_BREAK_NOT_FOUND', 404],
    ['SUPERVISOR_REQUIRED', 403],
    ['SELF_APPROVAL', 422], // a rule (R-BREAK-1), not a role: the approver is a supervisor
    ['INVALID_DATE', 400],
  ] as const)('§5 status mapping: %s → %i', (code, status) => {
    expect(DOMAIN_ERROR_STATUS[code]).toBe(status);
    expect(new DomainError(code).status).toBe(status);
  });

  it('§5 every code maps to one of 400/403/404/409/422 and the brief-required codes exist', () => {
    for (const code of DOMAIN_ERROR_CODES) expect([400, 403, 404, 409, 422]).toContain(DOMAIN_ERROR_STATUS[code]);
    const required = [
      'BACKDATE_APPROVAL_REQUIRED',
      'BACKDATE_LIMIT',
      'FUTURE_DATE',
      'PLANNED_BREAK_TOO_LONG',
      'OPEN_ACTIVITIES',
      'APPLICATION_EXITED',
      'INVALID_DATE',
      'DATE_BEFORE_PARTICIPATION',
      'END_BEFORE_BEGIN',
      'PARTICIPATION_BEFORE_ELIGIBILITY',
      'NOT_PARTICIPATING',
      'ALREADY_PARTICIPATING',
      'ACTIVITY_NOT_FOUND',
      'ACTIVITY_ALREADY_CLOSED',
      'ACTIVITY_NOT_FUTURE',
      'UNKNOWN_ACTIVITY_CODE',
      'PROGRAM_NOT_ENROLLED',
      'CODE_NOT_FOR_PROGRAM',
      'ONLY_FOLLOW_UP_CODES',
      'CASE_NOTE_REQUIRED',
      'PLANNED_BREAK_NOT_FOUND',
      'PLANNED_BREAK_NOT_PENDING',
      'SELF_APPROVAL',
      'SUPERVISOR_REQUIRED',
      'PLANNED_BREAK_EXISTS',
      'CONTACT_ATTEMPTS_REQUIRED',
    ];
    for (const code of required) expect(isDomainErrorCode(code)).toBe(true);
  });

  it('§5 isDomainErrorCode rejects unknown strings and prototype keys', () => {
    expect(isDomainErrorCode('NOPE')).toBe(false);
    expect(isDomainErrorCode('toString')).toBe(false);
    expect(isDomainErrorCode('__proto__')).toBe(false);
  });

  it('§5 isDomainError recognises a structurally rebuilt error (workflow boundary) but not other errors', () => {
    expect(isDomainError(new DomainError('FUTURE_DATE'))).toBe(true);
    const rebuilt = Object.assign(new Error('x'), { name: 'DomainError', code: 'FUTURE_DATE' });
    expect(isDomainError(rebuilt)).toBe(true);
    expect(isDomainError(Object.assign(new Error('x'), { name: 'DomainError', code: 'NOPE' }))).toBe(false);
    expect(isDomainError(new Error('FUTURE_DATE'))).toBe(false);
    expect(isDomainError(null)).toBe(false);
  });
});
