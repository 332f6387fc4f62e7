import { requireCode } from '../../src/domain/activity-codes';
import { defaultActivityCatalog } from '../../src/domain/activity-catalog';
import {
  type CorrectableActivity,
  type CorrectionContext,
  type DatedEntry,
  validateChangeRequest,
  validateChangeRequestDecision,
  validateEntriesAsApplied,
} from '../../src/domain/change-requests';
import { computeExitClock } from '../../src/domain/exit-clock';
import { DomainError } from '../../src/domain/errors';
import { domainErrorOf } from './helpers-errors';

const code = (c: string) => requireCode(defaultActivityCatalog, c);

function activity(over: Partial<CorrectableActivity> & { id: string }): CorrectableActivity {
  return {
    code: '101',
    category: code('101').category,
    program: 'ADULT',
    status: 'closed',
    actualBeginDate: '2024-01-03',
    projectedBeginDate: null,
    projectedEndDate: '2024-01-10',
    actualEndDate: '2024-01-10',
    completionCode: 'successful',
    ...over,
  };
}

/** Today 2024-02-01; participation 2024-01-03 (eligible 2024-01-02); 101 closed on L = 2024-01-10. */
function ctx(over: Partial<CorrectionContext> = {}): CorrectionContext {
  return {
    status: 'participating',
    eligibilityDate: '2024-01-02',
    participationDate: '2024-01-03',
    activities: [activity({ id: 'a1' })],
    today: '2024-02-01',
    ...over,
  };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'accepted';
}

describe('data change requests (R-DCR-1 … R-DCR-3)', () => {
  it('R-DCR-1 vector: L corrected from 2024-01-10 to 2024-01-20 on 2024-02-01 — one field, before and after; the soft exit moves 2024-04-10 → 2024-04-20', () => {
    const changes = validateChangeRequest(ctx(), { kind: 'activity', activityId: 'a1' }, { actualEndDate: '2024-01-20' });
    expect(changes).toEqual([{ field: 'actualEndDate', activityId: 'a1', before: '2024-01-10', after: '2024-01-20' }]);
    const clock = (end: string) =>
      computeExitClock(
        {
          participationDate: '2024-01-03',
          activities: [{ id: 'a1', code: '101', status: 'closed', actualBeginDate: '2024-01-03', actualEndDate: end, restartsExitClock: true }],
          approvedPlannedBreak: null,
          exit: null,
        },
        'America/Los_Angeles',
      );
    expect(clock('2024-01-10').softExitDate).toBe('2024-04-10');
    expect(clock(changes[0]!.after).softExitDate).toBe('2024-04-20');
  });

  it('R-DCR-1 corrections are not new entries: a date more than 90 days back is accepted (no R-ACT-4 window)', () => {
    const old = ctx({ today: '2024-09-01' });
    expect(codeOf(() => validateChangeRequest(old, { kind: 'activity', activityId: 'a1' }, { actualBeginDate: '2024-01-04' }))).toBe('accepted');
  });

  it('R-DCR-1 validated as if applied: no future date, end ≥ begin, nothing before participation', () => {
    const t = { kind: 'activity', activityId: 'a1' } as const;
    expect(codeOf(() => validateChangeRequest(ctx(), t, { actualEndDate: '2024-02-02' }))).toBe('FUTURE_DATE');
    expect(codeOf(() => validateChangeRequest(ctx(), t, { actualBeginDate: '2024-01-11' }))).toBe('END_BEFORE_BEGIN');
    const later = ctx({ activities: [activity({ id: 'a1', actualBeginDate: '2024-01-05' })] });
    expect(codeOf(() => validateChangeRequest(later, t, { actualEndDate: '2024-01-04' }))).toBe('END_BEFORE_BEGIN');
    expect(codeOf(() => validateChangeRequest(ctx(), t, { actualBeginDate: '2024-01-02' }))).toBe('DATE_BEFORE_PARTICIPATION');
    expect(codeOf(() => validateChangeRequest(ctx(), t, { projectedEndDate: '2024-01-01' }))).toBe('END_BEFORE_BEGIN');
    // Both at once: the begin moves first, so an end after the new begin is fine.
    expect(validateChangeRequest(ctx(), t, { actualBeginDate: '2024-01-15', actualEndDate: '2024-01-20' })).toHaveLength(2);
  });

  it('R-DCR-1 R-ACT-2 as applied: the participation date stays between eligibility and today, and no activity may precede it', () => {
    const p = { kind: 'participation' } as const;
    expect(codeOf(() => validateChangeRequest(ctx(), p, { participationDate: '2024-01-01' }))).toBe('PARTICIPATION_BEFORE_ELIGIBILITY');
    expect(codeOf(() => validateChangeRequest(ctx(), p, { participationDate: '2024-02-02' }))).toBe('FUTURE_DATE');
    // Another activity began 2024-01-04: participation cannot move after it.
    const two = ctx({ activities: [activity({ id: 'a1' }), activity({ id: 'a2', actualBeginDate: '2024-01-04', actualEndDate: '2024-01-05' })] });
    expect(codeOf(() => validateChangeRequest(two, p, { participationDate: '2024-01-05' }))).toBe('DATE_BEFORE_PARTICIPATION');
    // The first activity's begin (= the participation date) moves with it.
    expect(validateChangeRequest(ctx(), p, { participationDate: '2024-01-05' })).toEqual([
      { field: 'participationDate', activityId: null, before: '2024-01-03', after: '2024-01-05' },
      { field: 'actualBeginDate', activityId: 'a1', before: '2024-01-03', after: '2024-01-05' },
    ]);
  });

  it('R-DCR-1 the new code must be in the catalog, valid for the program, and of the same kind', () => {
    const t = { kind: 'activity', activityId: 'a1' } as const;
    expect(validateChangeRequest(ctx(), t, { code: '102' }, code('102'))).toEqual([{ field: 'code', activityId: 'a1', before: '101', after: '102' }]);
    expect(codeOf(() => validateChangeRequest(ctx(), t, { code: 'ZZZ' }, null))).toBe('UNKNOWN_ACTIVITY_CODE');
    expect(codeOf(() => validateChangeRequest(ctx(), t, { code: '102' }, { ...code('102'), programs: ['YOUTH'] }))).toBe('CODE_NOT_FOR_PROGRAM');
    expect(codeOf(() => validateChangeRequest(ctx(), t, { code: 'F01' }, code('F01')))).toBe('CHANGE_NOT_APPLICABLE');
  });

  it('R-DCR-1 a change must apply to its target and to data already entered, and change something', () => {
    const t = { kind: 'activity', activityId: 'a1' } as const;
    expect(codeOf(() => validateChangeRequest(ctx(), t, {}))).toBe('CHANGE_NOT_APPLICABLE');
    expect(codeOf(() => validateChangeRequest(ctx(), t, { actualEndDate: '2024-01-10' }))).toBe('CHANGE_NOT_APPLICABLE');
    expect(codeOf(() => validateChangeRequest(ctx(), t, { participationDate: '2024-01-04' }))).toBe('CHANGE_NOT_APPLICABLE');
    expect(codeOf(() => validateChangeRequest(ctx(), { kind: 'participation' }, { actualEndDate: '2024-01-04' }))).toBe('CHANGE_NOT_APPLICABLE');
    expect(codeOf(() => validateChangeRequest(ctx(), { kind: 'activity', activityId: 'nope' }, { actualEndDate: '2024-01-11' }))).toBe('ACTIVITY_NOT_FOUND');
    const open = ctx({ activities: [activity({ id: 'a1', status: 'open', actualEndDate: null, completionCode: null })] });
    expect(codeOf(() => validateChangeRequest(open, t, { actualEndDate: '2024-01-11' }))).toBe('CHANGE_NOT_APPLICABLE');
    expect(codeOf(() => validateChangeRequest(open, t, { completionCode: 'other' }))).toBe('CHANGE_NOT_APPLICABLE');
  });

  it('R-DCR-3 after a soft or exclusionary exit (or completion) → APPLICATION_EXITED; before participation → NOT_PARTICIPATING', () => {
    const t = { kind: 'activity', activityId: 'a1' } as const;
    for (const status of ['exited', 'exited_exclusionary', 'completed'] as const) {
      expect(codeOf(() => validateChangeRequest(ctx({ status }), t, { actualEndDate: '2024-01-20' }))).toBe('APPLICATION_EXITED');
    }
    expect(codeOf(() => validateChangeRequest(ctx({ status: 'eligible', participationDate: null }), t, { actualEndDate: '2024-01-20' }))).toBe(
      'NOT_PARTICIPATING',
    );
  });

  it('R-DCR-2 a supervisor other than the requester decides a pending request', () => {
    const pending = { id: 'r1', status: 'pending', requestedBy: 'S-SUP-1' } as const;
    expect(codeOf(() => validateChangeRequestDecision(pending, 'r1', { staffId: 'S-SUP-2', role: 'supervisor' }))).toBe('accepted');
    expect(codeOf(() => validateChangeRequestDecision(pending, 'r1', { staffId: 'S-SUP-1', role: 'supervisor' }))).toBe('SELF_APPROVAL');
    expect(new DomainError('SELF_APPROVAL').status).toBe(422);
    expect(codeOf(() => validateChangeRequestDecision(pending, 'r1', { staffId: 'S-CM-1', role: 'staff' }))).toBe('SUPERVISOR_REQUIRED');
    expect(codeOf(() => validateChangeRequestDecision({ ...pending, status: 'approved' }, 'r1', { staffId: 'S-SUP-2', role: 'supervisor' }))).toBe(
      'CHANGE_REQUEST_NOT_PENDING',
    );
    expect(codeOf(() => validateChangeRequestDecision(undefined, 'r9', { staffId: 'S-SUP-2', role: 'supervisor' }))).toBe('CHANGE_REQUEST_NOT_FOUND');
  });
});

describe('R-DCR-1 as applied to outcomes and the plan (validateEntriesAsApplied)', () => {
  const entries: DatedEntry[] = [
    { field: 'startDate', date: '2024-01-09', ref: { planId: 'p1' } },
    { field: 'attainedOn', date: '2024-01-06', ref: { credentialId: 'c1' } },
    { field: 'achievedOn', date: '2024-01-07', ref: { skillGainId: 'g1' } },
  ];

  it('R-DCR-1: a participation date after an entry is DATE_BEFORE_PARTICIPATION naming the earliest; on the same day or before, it is accepted', () => {
    const err = domainErrorOf(() => validateEntriesAsApplied('2024-01-08', entries));
    expect(err.code).toBe('DATE_BEFORE_PARTICIPATION');
    expect(err.details).toEqual({ field: 'attainedOn', credentialId: 'c1', date: '2024-01-06', participationDate: '2024-01-08' });
    expect(err.message).toContain('credentialId c1');
    expect(() => validateEntriesAsApplied('2024-01-06', entries)).not.toThrow();
    expect(() => validateEntriesAsApplied('2024-01-02', entries)).not.toThrow();
    expect(() => validateEntriesAsApplied('2024-12-31', [])).not.toThrow();
  });

  it('R-DCR-1: a value that is not a date is left to the request’s own validation (INVALID_DATE there)', () => {
    expect(() => validateEntriesAsApplied('next tuesday', entries)).not.toThrow();
    expect(() => validateEntriesAsApplied(undefined, entries)).not.toThrow();
  });
});
