/**
 * The staff console's exit-clock timeline (R-UI-4) as pure functions: a case's dates in, the drawing's
 * shapes and its text equivalent out (web/src/features/case/timeline.ts), and the date helpers it uses.
 */
import { TIMELINE_WIDTH, layoutLabels, timelineCaption, timelineRange, timelineShapes, xOf, type TimelineInput } from '../../web/src/features/case/timeline';
import { addDays, capitalise, dateIn, dayNumber, daysBetween, isIsoDate, relativeDays } from '../../web/src/lib/dates';

/** The SPEC's basic vector: participation 2024-01-03, a service closed on L = 2024-01-10, soft exit 2024-04-10. */
const running: TimelineInput = {
  today: '2024-01-10',
  status: 'participating',
  eligibilityDate: '2024-01-02',
  participationDate: '2024-01-03',
  lastServiceDate: '2024-01-10',
  exitClock: { state: 'running', softExitDate: '2024-04-10', daysRemaining: 91 },
  activities: [{ id: 'a1', title: 'Orientation', restartsExitClock: true, actualBeginDate: '2024-01-03', actualEndDate: '2024-01-10' }],
  plannedBreak: null,
  exit: null,
  followUps: [],
};

describe('dates as the console types and shows them', () => {
  it('counts calendar days without time zones', () => {
    expect(daysBetween('2024-01-10', '2024-04-10')).toBe(91);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01'); // leap year
    expect(addDays('2024-03-10', 1)).toBe('2024-03-11'); // a daylight-saving change in the US
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(isIsoDate('2024-02-30')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });

  it("gives an instant's date in the agency's time zone", () => {
    expect(dateIn('2024-04-10T06:59:00Z', 'America/Los_Angeles')).toBe('2024-04-09');
    expect(dateIn('2024-04-10T07:00:00Z', 'America/Los_Angeles')).toBe('2024-04-10');
    expect(dateIn('2024-01-10T18:00:00Z', 'UTC')).toBe('2024-01-10');
  });

  it('says days in words and statuses capitalised', () => {
    expect([relativeDays(41), relativeDays(1), relativeDays(0), relativeDays(-1), relativeDays(-3)]).toEqual([
      'in 41 days',
      'tomorrow',
      'today',
      'yesterday',
      '3 days ago',
    ]);
    expect(capitalise('participating')).toBe('Participating');
    expect(capitalise('exited_exclusionary')).toBe('Exited exclusionary');
  });
});

describe('timeline geometry', () => {
  it('spans participation to the soft exit date, with a small margin after it', () => {
    const range = timelineRange(running);
    expect(range.from).toBe('2024-01-03');
    expect(range.to > '2024-04-10').toBe(true);
    expect(daysBetween('2024-04-10', range.to)).toBeLessThanOrEqual(4);
  });

  it('places dates linearly: the start at the left padding, later dates to the right in proportion', () => {
    const g = { from: '2024-01-01', to: '2024-01-11', width: 248 };
    expect(xOf('2024-01-01', g)).toBe(24);
    expect(xOf('2024-01-11', g)).toBe(224);
    expect(xOf('2024-01-06', g)).toBe(124);
  });

  it('draws each clock-restarting service as a bar from begin to end, L, the 90-day window, today and the soft exit', () => {
    const s = timelineShapes(running);
    expect(s.geometry.width).toBe(TIMELINE_WIDTH);
    expect(s.bars).toHaveLength(1);
    const [bar] = s.bars;
    const x = (d: string) => xOf(d, s.geometry);
    expect(bar).toMatchObject({ id: 'a1', open: false, x: x('2024-01-03') });
    expect(bar!.width).toBeCloseTo(x('2024-01-10') - x('2024-01-03'));
    expect(s.window).toMatchObject({ from: '2024-01-10', to: '2024-04-10', label: '90-day window: 2024-01-10 to 2024-04-10' });
    expect(s.window!.x).toBeCloseTo(x('2024-01-10'));
    expect(s.window!.width).toBeCloseTo(x('2024-04-10') - x('2024-01-10'));
    expect(s.breakBand).toBeNull();
    const kinds = Object.fromEntries(s.markers.map((m) => [m.kind, m.date]));
    expect(kinds).toEqual({ participation: '2024-01-03', lastService: '2024-01-10', softExit: '2024-04-10', today: '2024-01-10' });
    expect(s.ticks.map((t) => t.label)).toEqual(['2024-02', '2024-03', '2024-04']);
  });

  it('an open service reaches today; a service that does not restart the clock is not drawn', () => {
    const s = timelineShapes({
      ...running,
      today: '2024-02-01',
      lastServiceDate: null,
      exitClock: { state: 'blocked', softExitDate: null, daysRemaining: null },
      activities: [
        { id: 'open', title: 'Training', restartsExitClock: true, actualBeginDate: '2024-01-15', actualEndDate: null },
        { id: 'info', title: 'Labor market information', restartsExitClock: false, actualBeginDate: '2024-01-05', actualEndDate: '2024-01-05' },
      ],
    });
    expect(s.bars.map((b) => b.id)).toEqual(['open']);
    const x = (d: string) => xOf(d, s.geometry);
    expect(s.bars[0]!.open).toBe(true);
    expect(s.bars[0]!.x + s.bars[0]!.width).toBeCloseTo(x('2024-02-01'));
    expect(s.window).toBeNull();
  });

  it('an approved planned break: the 180-day window, and the break as a band from L to the resume date', () => {
    const s = timelineShapes({
      ...running,
      exitClock: { state: 'extended', softExitDate: '2024-07-09', daysRemaining: 181 },
      plannedBreak: { status: 'approved', resumeDate: '2024-05-08' },
    });
    expect(s.window).toMatchObject({ from: '2024-01-10', to: '2024-07-09' });
    expect(s.window!.label).toMatch(/^180-day window/);
    expect(s.breakBand).toMatchObject({ from: '2024-01-10', to: '2024-05-08' });
  });

  it('a future service is a planned bar from its projected begin, cut at the end of the drawing; none after the exit', () => {
    const input: TimelineInput = {
      ...running,
      exitClock: { state: 'extended', softExitDate: '2024-07-09', daysRemaining: 181 },
      plannedBreak: { status: 'approved', resumeDate: '2024-05-08' },
      activities: [
        ...running.activities,
        {
          id: 'f1',
          title: 'Welding',
          restartsExitClock: true,
          actualBeginDate: null,
          actualEndDate: null,
          projectedBeginDate: '2024-05-08',
          projectedEndDate: '2024-12-20',
        },
      ],
    };
    const s = timelineShapes(input);
    const bar = s.bars.find((b) => b.id === 'f1')!;
    expect(bar).toMatchObject({ planned: true, open: false, x: xOf('2024-05-08', s.geometry) });
    expect(bar.x + bar.width).toBeCloseTo(xOf(s.geometry.to, s.geometry));
    expect(bar.y).toBeGreaterThan(s.bars.find((b) => b.id === 'a1')!.y);
    expect(timelineShapes({ ...input, exit: { type: 'soft', exitDate: '2024-01-10' } }).bars.map((b) => b.id)).toEqual(['a1']);
  });

  it('after the exit: the exit date and the four follow-up due dates with their statuses, no window', () => {
    const s = timelineShapes({
      ...running,
      today: '2024-04-11',
      status: 'exited',
      exitClock: { state: 'stopped', softExitDate: '2024-04-10', daysRemaining: null },
      exit: { type: 'soft', exitDate: '2024-01-10' },
      followUps: [
        { quarter: 1, dueDate: '2024-06-30', status: 'completed' },
        { quarter: 2, dueDate: '2024-09-30', status: 'required' },
        { quarter: 3, dueDate: '2024-12-31', status: 'required' },
        { quarter: 4, dueDate: '2025-03-31', status: 'required' },
      ],
    });
    expect(s.window).toBeNull();
    expect(s.markers.some((m) => m.kind === 'softExit')).toBe(false);
    expect(s.markers.find((m) => m.kind === 'exit')?.date).toBe('2024-01-10');
    expect(s.markers.filter((m) => m.kind === 'followUp').map((m) => [m.date, m.status])).toEqual([
      ['2024-06-30', 'completed'],
      ['2024-09-30', 'required'],
      ['2024-12-31', 'required'],
      ['2025-03-31', 'required'],
    ]);
    expect(s.geometry.to > '2025-03-31').toBe(true);
  });

  it('labels never overlap: close markers stack in rows, and labels stay inside the drawing', () => {
    const markers = layoutLabels(
      [
        { kind: 'participation', date: '2024-01-03', x: 24, label: 'Participation' },
        { kind: 'lastService', date: '2024-01-10', x: 30, label: 'L' },
        { kind: 'today', date: '2024-01-10', x: 30, label: 'Today' },
        { kind: 'softExit', date: '2024-04-10', x: 790, label: 'Soft exit' },
      ],
      800,
    );
    expect(markers.map((m) => m.row)).toEqual([0, 1, 2, 0]);
    expect(markers[0]!.anchor).toBe('start');
    expect(markers[3]!.anchor).toBe('end');
    expect(markers[3]!.text).toBe('Soft exit 2024-04-10');
  });
});

describe('timeline caption (the text equivalent)', () => {
  it('a running clock: the soft exit date and the days left', () => {
    expect(timelineCaption(running)).toBe('Soft exit on 2024-04-10, in 91 days, unless a service is recorded');
    expect(timelineCaption({ ...running, today: '2024-05-20', exitClock: { state: 'running', softExitDate: '2024-06-30', daysRemaining: 41 } })).toBe(
      'Soft exit on 2024-06-30, in 41 days, unless a service is recorded',
    );
  });

  it('before participation, while a service is open, on a planned break, after the exit', () => {
    expect(
      timelineCaption({
        ...running,
        participationDate: null,
        lastServiceDate: null,
        exitClock: { state: 'not_started', softExitDate: null, daysRemaining: null },
      }),
    ).toBe('The exit clock starts when participation is recorded');
    expect(timelineCaption({ ...running, exitClock: { state: 'blocked', softExitDate: null, daysRemaining: null } })).toMatch(
      /^The exit clock is stopped while a service/,
    );
    expect(
      timelineCaption({
        ...running,
        exitClock: { state: 'extended', softExitDate: '2024-07-09', daysRemaining: 181 },
        plannedBreak: { status: 'approved', resumeDate: '2024-05-08' },
      }),
    ).toBe('Soft exit on 2024-07-09, in 181 days (planned break: services resume on 2024-05-08), unless a service is recorded');
    expect(
      timelineCaption({
        ...running,
        status: 'exited',
        exit: { type: 'soft', exitDate: '2024-01-10' },
        followUps: [{ quarter: 1, dueDate: '2024-06-30', status: 'required' }],
      }),
    ).toBe('Exited on 2024-01-10 (soft exit); follow-ups: Q1 due 2024-06-30 (required)');
    expect(timelineCaption({ ...running, status: 'exited_exclusionary', exit: { type: 'exclusionary', exitDate: '2024-02-01' } })).toBe(
      'Exited on 2024-02-01 (exclusionary exit); no follow-ups',
    );
  });

  it('counts days from today when the view carries none', () => {
    expect(timelineCaption({ ...running, today: '2024-04-09', exitClock: { state: 'running', softExitDate: '2024-04-10', daysRemaining: null } })).toBe(
      'Soft exit on 2024-04-10, tomorrow, unless a service is recorded',
    );
  });
});
