import {
  computeExitClock,
  daysRemaining,
  DomainError,
  exitClockView,
  futureActivitiesBeyondSoftExit,
  isBlockingActivity,
  isSoftExitDue,
  lastServiceDate,
  softExitDateFor,
  validatePlannedBreakResume,
  type ExitClockInput,
} from '../../src/domain';
import { closed, future, LA, open } from './helpers';

const base: ExitClockInput = {
  participationDate: '2024-01-02',
  activities: [closed('a1', '2024-01-02', '2024-01-10')],
  approvedPlannedBreak: null,
  exit: null,
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : String(e);
  }
  return undefined;
}

describe('exit clock (R-CLOCK-1..5, R-BREAK-2)', () => {
  it('R-CLOCK-1 L is the max actual end over closed restarting activities across programs, ignoring non-restarting ones', () => {
    const input: ExitClockInput = {
      ...base,
      activities: [
        { ...closed('a1', '2024-01-02', '2024-01-10'), program: 'ADULT' },
        { ...closed('a2', '2024-01-05', '2024-02-15'), program: 'WAGNER_PEYSER' },
        { ...closed('a3', '2024-01-05', '2024-01-20'), program: 'DISLOCATED_WORKER' },
        closed('s1', '2024-02-01', '2024-03-01', false, '181'),
        closed('f1', '2024-02-01', '2024-03-02', false, 'F01'),
      ],
    };
    expect(lastServiceDate(input)).toBe('2024-02-15');
    expect(computeExitClock(input, LA).softExitDate).toBe('2024-05-16');
  });

  it('R-CLOCK-1 open activities do not count towards L even if they have an actualEndDate-like field', () => {
    const input: ExitClockInput = { ...base, activities: [...base.activities, { ...open('a2', '2024-01-05', false, '120'), actualEndDate: '2024-03-01' }] };
    expect(lastServiceDate(input)).toBe('2024-01-10');
  });

  it('R-CLOCK-1 design choice: before any restarting activity closed, L falls back to the participation date', () => {
    const input: ExitClockInput = { ...base, participationDate: '2024-01-02', activities: [open('a1', '2024-01-02', false, '120')] };
    const clock = computeExitClock(input, LA);
    expect(clock.state).toBe('running');
    expect(clock.lastServiceDate).toBe('2024-01-02');
    expect(clock.softExitDate).toBe('2024-04-02');
  });

  it('R-CLOCK-2 blocked while a restarting activity has begun and is not closed (participation creates an open first activity)', () => {
    const justParticipated: ExitClockInput = { ...base, activities: [open('a1', '2024-01-02')] };
    const clock = computeExitClock(justParticipated, LA);
    expect(clock).toEqual({ state: 'blocked', lastServiceDate: '2024-01-02', softExitDate: null, softExitAt: null, blockingActivityIds: ['a1'] });
    const withClosed: ExitClockInput = { ...base, activities: [...base.activities, open('a2', '2024-02-01')] };
    expect(computeExitClock(withClosed, LA).state).toBe('blocked');
    expect(computeExitClock(withClosed, LA).lastServiceDate).toBe('2024-01-10');
  });

  it('R-CLOCK-2 an open non-restarting activity (supportive) does not block', () => {
    const input: ExitClockInput = { ...base, activities: [...base.activities, open('s1', '2024-01-15', false, '181')] };
    expect(computeExitClock(input, LA).state).toBe('running');
    expect(isBlockingActivity(open('s1', '2024-01-15', false, '181'))).toBe(false);
  });

  it('R-CLOCK-2 blocked beats an approved planned break; closing the service gives L + 181 from the new L', () => {
    const blocked: ExitClockInput = { ...base, activities: [...base.activities, open('a2', '2024-02-01')], approvedPlannedBreak: { resumeDate: '2024-06-15' } };
    expect(computeExitClock(blocked, LA).state).toBe('blocked');
    const closedNow: ExitClockInput = { ...blocked, activities: [...base.activities, closed('a2', '2024-02-01', '2024-02-10')] };
    const clock = computeExitClock(closedNow, LA);
    expect(clock.state).toBe('extended');
    expect(clock.softExitDate).toBe(softExitDateFor('2024-02-10', true));
    expect(clock.softExitDate).toBe('2024-08-09');
  });

  it('R-CLOCK-3 soft exit at L + 91, 00:00 agency time', () => {
    const clock = computeExitClock(base, LA);
    expect(clock.state).toBe('running');
    expect(clock.softExitDate).toBe('2024-04-10');
    expect(clock.softExitAt).toBe('2024-04-10T07:00:00.000Z');
    expect(computeExitClock(base, 'UTC').softExitAt).toBe('2024-04-10T00:00:00.000Z');
  });

  it('R-CLOCK-5 a future activity without a break does not extend the clock', () => {
    const input: ExitClockInput = { ...base, activities: [...base.activities, future('a2', '2024-06-01')] };
    const clock = computeExitClock(input, LA);
    expect(clock.state).toBe('running');
    expect(clock.softExitDate).toBe('2024-04-10');
  });

  it('R-CLOCK-5 alert when the future activity projected begin is after the projected soft exit (not on or before it)', () => {
    const activities = [...base.activities, future('late', '2024-04-11'), future('onDay', '2024-04-10'), future('early', '2024-03-01')];
    const clock = computeExitClock({ ...base, activities }, LA);
    expect(futureActivitiesBeyondSoftExit(activities, clock).map((a) => a.id)).toEqual(['late']);
  });

  it('R-CLOCK-5 no alert when the clock is blocked; with an approved break the horizon is L + 181', () => {
    const blockedActs = [...base.activities, open('o', '2024-02-01'), future('late', '2024-06-15')];
    expect(futureActivitiesBeyondSoftExit(blockedActs, computeExitClock({ ...base, activities: blockedActs }, LA))).toEqual([]);
    const acts = [...base.activities, future('brk', '2024-06-15'), future('tooLate', '2024-07-10')];
    const clock = computeExitClock({ ...base, activities: acts, approvedPlannedBreak: { resumeDate: '2024-06-15' } }, LA);
    expect(futureActivitiesBeyondSoftExit(acts, clock).map((a) => a.id)).toEqual(['tooLate']);
  });

  it('R-BREAK-2 approved break → extended, soft exit L + 181; a cancelled break (null) restores L + 91', () => {
    const extended = computeExitClock({ ...base, approvedPlannedBreak: { resumeDate: '2024-06-15' } }, LA);
    expect(extended.state).toBe('extended');
    expect(extended.softExitDate).toBe('2024-07-09');
    const cancelled = computeExitClock({ ...base, approvedPlannedBreak: null }, LA);
    expect(cancelled.state).toBe('running');
    expect(cancelled.softExitDate).toBe('2024-04-10');
  });

  it('R-BREAK-2 cancelling after L + 91 has passed: the soft exit is due at once (isSoftExitDue)', () => {
    const clock = computeExitClock(base, LA); // 2024-04-10T07:00Z
    expect(isSoftExitDue(clock, Date.parse('2024-04-10T06:59:59.999Z'))).toBe(false);
    expect(isSoftExitDue(clock, Date.parse('2024-04-10T07:00:00.000Z'))).toBe(true);
    expect(isSoftExitDue(clock, new Date('2024-05-20T12:00:00Z'))).toBe(true);
    expect(isSoftExitDue(computeExitClock({ ...base, activities: [open('a', '2024-01-02')] }, LA), Date.parse('2030-01-01'))).toBe(false);
  });

  it('R-BREAK-2 validatePlannedBreakResume: R ≤ L + 180 ok, L + 181 too long; R must be after today (design choice)', () => {
    expect(() => validatePlannedBreakResume('2024-01-10', '2024-07-08', '2024-02-01')).not.toThrow();
    expect(codeOf(() => validatePlannedBreakResume('2024-01-10', '2024-07-09', '2024-02-01'))).toBe('PLANNED_BREAK_TOO_LONG');
    expect(codeOf(() => validatePlannedBreakResume('2024-01-10', '2024-02-01', '2024-02-01'))).toBe('PLANNED_BREAK_RESUME_NOT_FUTURE');
    expect(codeOf(() => validatePlannedBreakResume('2024-01-10', '2024-01-31', '2024-02-01'))).toBe('PLANNED_BREAK_RESUME_NOT_FUTURE');
  });

  it('R-CLOCK-4 stopped after exit: no soft exit date/instant, L still reported', () => {
    const clock = computeExitClock({ ...base, exit: { exitDate: '2024-01-10' } }, LA);
    expect(clock).toEqual({ state: 'stopped', lastServiceDate: '2024-01-10', softExitDate: null, softExitAt: null, blockingActivityIds: [] });
  });

  it('R-ACT-2 not_started before participation', () => {
    const clock = computeExitClock({ participationDate: null, activities: [] }, LA);
    expect(clock.state).toBe('not_started');
    expect(clock.lastServiceDate).toBeNull();
    expect(clock.softExitAt).toBeNull();
  });

  it('R-TIME-2 daysRemaining counts agency-local days to the soft exit date, 0 on/after it', () => {
    const view = exitClockView(base, Date.parse('2024-04-01T06:00:00Z'), LA); // LA: 2024-03-31 23:00
    expect(view.daysRemaining).toBe(10);
    expect(exitClockView(base, Date.parse('2024-04-01T07:00:00Z'), LA).daysRemaining).toBe(9);
    expect(daysRemaining('2024-04-10', Date.parse('2024-04-10T07:00:00Z'), LA)).toBe(0);
    expect(daysRemaining('2024-04-10', Date.parse('2024-05-10T07:00:00Z'), LA)).toBe(0);
    expect(daysRemaining(null, 0, LA)).toBeNull();
    expect(exitClockView({ ...base, activities: [open('a', '2024-01-02')] }, 0, LA).daysRemaining).toBeNull();
  });
});
