/**
 * SPEC §7 test vectors (agency zone America/Los_Angeles), as far as they are expressible at the
 * domain level: clock → soft exit instant, exit date = L, follow-up quarters and initial status.
 */
import {
  agencyToday,
  computeExitClock,
  DomainError,
  followUpQuarters,
  initialFollowUpStatus,
  softExitRecord,
  validateExclusionaryExit,
  validatePlannedBreakResume,
  type ExitClockInput,
} from '../../src/domain';
import { closed, LA } from './helpers';

/** Participation on 2024-01-02, first activity 102 closed on L. */
function singleService(L: string): ExitClockInput {
  return { participationDate: '2024-01-02', activities: [closed('a1', '2024-01-02', L)], approvedPlannedBreak: null, exit: null };
}

describe('SPEC §7 vectors', () => {
  it('R-CLOCK-3 basic vector: L=2024-01-10 → soft exit 2024-04-10T07:00:00Z, exit date 2024-01-10 (R-CLOCK-4), follow-ups due 2024-06-30/09-30/12-31/2025-03-31 (R-FU-1)', () => {
    const clock = computeExitClock(singleService('2024-01-10'), LA);
    expect(clock.state).toBe('running');
    expect(clock.lastServiceDate).toBe('2024-01-10');
    expect(clock.softExitDate).toBe('2024-04-10');
    expect(clock.softExitAt).toBe('2024-04-10T07:00:00.000Z');

    const exit = softExitRecord(clock, Date.parse(clock.softExitAt!));
    expect(exit).toEqual({ type: 'soft', exitDate: '2024-01-10', exitedAt: '2024-04-10T07:00:00.000Z' });
    expect(followUpQuarters(exit.exitDate).map((q) => q.dueDate)).toEqual(['2024-06-30', '2024-09-30', '2024-12-31', '2025-03-31']);
  });

  it('R-CLOCK-3 seed example: L=2021-07-22 → soft exit 2021-10-21T07:00:00Z, first follow-up due 2021-12-31 (R-FU-1)', () => {
    const clock = computeExitClock(
      { participationDate: '2021-06-24', activities: [closed('a1', '2021-06-24', '2021-07-22')], approvedPlannedBreak: null, exit: null },
      LA,
    );
    expect(clock.softExitAt).toBe('2021-10-21T07:00:00.000Z');
    expect(followUpQuarters(clock.lastServiceDate!)[0]!.dueDate).toBe('2021-12-31');
  });

  it('R-CLOCK-3 reset: L1=2024-01-10 then a service closes 2024-03-05 → soft exit 2024-06-04T07:00:00Z, exit date 2024-03-05', () => {
    const before = singleService('2024-01-10');
    expect(computeExitClock(before, LA).softExitAt).toBe('2024-04-10T07:00:00.000Z');
    const after: ExitClockInput = { ...before, activities: [...before.activities, closed('a2', '2024-02-20', '2024-03-05')] };
    const clock = computeExitClock(after, LA);
    expect(clock.softExitAt).toBe('2024-06-04T07:00:00.000Z');
    expect(softExitRecord(clock, Date.parse(clock.softExitAt!)).exitDate).toBe('2024-03-05');
  });

  it('R-TIME-3 DST vector: L=2024-08-05 → soft exit 2024-11-04T08:00:00Z (PST after fall-back)', () => {
    const clock = computeExitClock(
      { participationDate: '2024-07-01', activities: [closed('a1', '2024-07-01', '2024-08-05')], approvedPlannedBreak: null, exit: null },
      LA,
    );
    expect(clock.softExitDate).toBe('2024-11-04');
    expect(clock.softExitAt).toBe('2024-11-04T08:00:00.000Z');
  });

  it('R-BREAK-2 planned break: L=2024-01-10, approved R=2024-06-15 → soft exit 2024-07-09T07:00:00Z, exit date 2024-01-10, q1 (due 2024-06-30) created overdue (R-FU-2)', () => {
    expect(() => validatePlannedBreakResume('2024-01-10', '2024-06-15', '2024-03-01')).not.toThrow();
    const clock = computeExitClock({ ...singleService('2024-01-10'), approvedPlannedBreak: { resumeDate: '2024-06-15' } }, LA);
    expect(clock.state).toBe('extended');
    expect(clock.softExitAt).toBe('2024-07-09T07:00:00.000Z');

    const firedAt = Date.parse(clock.softExitAt!);
    const exit = softExitRecord(clock, firedAt);
    expect(exit.exitDate).toBe('2024-01-10');
    const today = agencyToday(firedAt, LA);
    expect(today).toBe('2024-07-09');
    const quarters = followUpQuarters(exit.exitDate);
    expect(quarters[0]!.dueDate).toBe('2024-06-30');
    expect(quarters.map((q) => initialFollowUpStatus(q.dueDate, today))).toEqual(['overdue', 'required', 'required', 'required']);
  });

  it('R-BREAK-2 break too long: L=2024-01-10, R=2024-07-09 → PLANNED_BREAK_TOO_LONG (422)', () => {
    let caught: unknown;
    try {
      validatePlannedBreakResume('2024-01-10', '2024-07-09', '2024-03-01');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('PLANNED_BREAK_TOO_LONG');
    expect((caught as DomainError).status).toBe(422);
    // one day earlier is exactly L + 180: allowed
    expect(() => validatePlannedBreakResume('2024-01-10', '2024-07-08', '2024-03-01')).not.toThrow();
  });

  it('R-CLOCK-3 non-restarting: L=2024-01-10, supportive service closed 2024-02-01 → unchanged soft exit 2024-04-10T07:00:00Z', () => {
    const base = singleService('2024-01-10');
    const withSupportive: ExitClockInput = {
      ...base,
      activities: [...base.activities, closed('s1', '2024-01-20', '2024-02-01', false, '181')],
    };
    const clock = computeExitClock(withSupportive, LA);
    expect(clock.lastServiceDate).toBe('2024-01-10');
    expect(clock.softExitAt).toBe('2024-04-10T07:00:00.000Z');
  });

  it('R-EXCL-1 exclusionary: L=2024-01-10, reason 03 on 2024-02-01 → exit date 2024-01-10, clock stopped, no follow-ups', () => {
    const input = singleService('2024-01-10');
    const clock = computeExitClock(input, LA);
    const result = validateExclusionaryExit({
      applicationStatus: 'participating',
      programs: ['ADULT'],
      activities: input.activities,
      reason: '03',
      exitDate: null,
      documentationRef: 'DOC-123',
      caseNote: 'Death certificate received',
      participationDate: input.participationDate,
      lastServiceDate: clock.lastServiceDate,
      today: '2024-02-01',
    });
    expect(result).toEqual({ exitDate: '2024-01-10', reason: '03' });
    const after = computeExitClock({ ...input, exit: { exitDate: result.exitDate } }, LA);
    expect(after.state).toBe('stopped');
    expect(after.softExitAt).toBeNull();
  });
});
