/**
 * The exit-clock timeline (R-UI-4) as pure geometry: a case's dates in, the shapes of the SVG and its
 * text equivalent out. No DOM and no React here, so the drawing is unit-tested (test/web/timeline.test.ts)
 * and Timeline.tsx only renders what this returns.
 */
import { addDays, dayNumber, relativeDays } from '../../lib/dates';

export interface TimelineActivity {
  id: string;
  title: string;
  restartsExitClock: boolean;
  actualBeginDate: string | null;
  actualEndDate: string | null;
  /** A future service's planned dates (drawn as a planned bar). */
  projectedBeginDate?: string | null;
  projectedEndDate?: string | null;
}

export interface TimelineInput {
  today: string;
  status: string;
  eligibilityDate: string;
  participationDate: string | null;
  lastServiceDate: string | null;
  exitClock: { state: string; softExitDate: string | null; daysRemaining: number | null };
  activities: readonly TimelineActivity[];
  plannedBreak: { status: string; resumeDate: string } | null;
  exit: { type: string; exitDate: string } | null;
  followUps: readonly { quarter: number; dueDate: string; status: string }[];
}

export interface Geometry {
  width: number;
  height: number;
  /** The first and last day drawn. */
  from: string;
  to: string;
}

export interface Bar {
  id: string;
  label: string;
  x: number;
  width: number;
  y: number;
  /** Open services reach today. */
  open: boolean;
  /** A future service: from its projected begin to its projected end (cut at the drawing's end). */
  planned: boolean;
}

export type MarkerKind = 'participation' | 'lastService' | 'today' | 'softExit' | 'exit' | 'followUp';

export interface Marker {
  kind: MarkerKind;
  date: string;
  x: number;
  label: string;
  /** Follow-ups: their status (the colour). */
  status?: string;
  /** The label as drawn under the axis, its row (0 = nearest the axis) and its anchor, so no two labels overlap. */
  text: string;
  row: number;
  anchor: 'start' | 'middle' | 'end';
}

export interface Band {
  x: number;
  width: number;
  from: string;
  to: string;
  label: string;
}

export interface TimelineShapes {
  geometry: Geometry;
  axisY: number;
  bars: Bar[];
  /** The 90-day window (180 with an approved planned break) from L to the soft exit date. */
  window: Band | null;
  /** An approved or pending planned break, from L to its resume date. */
  breakBand: Band | null;
  markers: Marker[];
  ticks: { x: number; label: string }[];
}

export const TIMELINE_WIDTH = 800;
const PAD_X = 24;
const BAR_H = 10;
const BAR_GAP = 6;
const TOP = 28;
/** Label text: about this many px a character at the drawing's 11 px font. */
const CHAR_W = 6.2;
export const LABEL_ROW_H = 14;
const LABEL_GAP = 6;

const restarting = (a: TimelineActivity): a is TimelineActivity & { actualBeginDate: string } => a.restartsExitClock && a.actualBeginDate !== null;
const planned = (a: TimelineActivity): a is TimelineActivity & { projectedBeginDate: string } =>
  a.restartsExitClock && a.actualBeginDate === null && typeof a.projectedBeginDate === 'string';

/** The days the drawing spans: from participation (or eligibility) to the last date it shows, with a margin. */
export function timelineRange(input: TimelineInput): { from: string; to: string } {
  const starts = [input.participationDate ?? input.eligibilityDate, ...input.activities.filter(restarting).map((a) => a.actualBeginDate)];
  const from = starts.reduce((a, b) => (b < a ? b : a));
  const ends = [
    input.today,
    input.exitClock.softExitDate,
    input.exit?.exitDate,
    input.plannedBreak?.resumeDate,
    ...input.activities.filter(planned).map((a) => a.projectedBeginDate),
    ...input.followUps.map((f) => f.dueDate),
    ...input.activities.map((a) => a.actualEndDate),
  ].filter((d): d is string => typeof d === 'string');
  const last = ends.reduce((a, b) => (b > a ? b : a), from);
  const span = Math.max(dayNumber(last) - dayNumber(from), 1);
  return { from, to: addDays(last, Math.max(Math.ceil(span * 0.03), 1)) };
}

/** x of a date: linear in days between the two ends of the drawing. */
export function xOf(date: string, geometry: Pick<Geometry, 'from' | 'to' | 'width'>): number {
  const span = Math.max(dayNumber(geometry.to) - dayNumber(geometry.from), 1);
  const inner = geometry.width - 2 * PAD_X;
  return PAD_X + ((dayNumber(date) - dayNumber(geometry.from)) / span) * inner;
}

/** Month ticks (the first of each month), thinned so that at most `max` are labelled. */
function monthTicks(g: Geometry, max = 8): { x: number; label: string }[] {
  const ticks: string[] = [];
  let d = g.from.slice(0, 8) + '01';
  if (d < g.from) d = nextMonth(d);
  while (d <= g.to) {
    ticks.push(d);
    d = nextMonth(d);
  }
  const step = Math.max(1, Math.ceil(ticks.length / max));
  return ticks.filter((_, i) => i % step === 0).map((t) => ({ x: xOf(t, g), label: t.slice(0, 7) }));
}

function nextMonth(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** Every shape of the timeline. */
export function timelineShapes(input: TimelineInput, width = TIMELINE_WIDTH): TimelineShapes {
  const { from, to } = timelineRange(input);
  const services = input.activities.filter(restarting);
  const future = input.exit ? [] : input.activities.filter(planned);
  const geometry: Geometry = { width, height: 0, from, to };
  const x = (d: string): number => xOf(d, geometry);
  const rowY = (i: number): number => TOP + i * (BAR_H + BAR_GAP);
  const bars: Bar[] = services.map((a, i) => {
    const end = a.actualEndDate ?? (input.today > a.actualBeginDate ? input.today : a.actualBeginDate);
    return {
      id: a.id,
      label: `${a.title}: ${a.actualBeginDate} to ${a.actualEndDate ?? 'today (open)'}`,
      x: x(a.actualBeginDate),
      width: Math.max(x(end) - x(a.actualBeginDate), 2),
      y: rowY(i),
      open: a.actualEndDate === null,
      planned: false,
    };
  });
  future.forEach((a, i) => {
    const end = a.projectedEndDate && a.projectedEndDate > a.projectedBeginDate ? (a.projectedEndDate < to ? a.projectedEndDate : to) : a.projectedBeginDate;
    bars.push({
      id: a.id,
      label: `${a.title}: planned ${a.projectedBeginDate} to ${a.projectedEndDate ?? '?'}`,
      x: x(a.projectedBeginDate),
      width: Math.max(x(end) - x(a.projectedBeginDate), 2),
      y: rowY(services.length + i),
      open: false,
      planned: true,
    });
  });
  const axisY = TOP + Math.max(bars.length, 1) * (BAR_H + BAR_GAP) + 8;

  const L = input.lastServiceDate;
  const soft = input.exitClock.softExitDate;
  const extended = input.plannedBreak?.status === 'approved';
  const window: Band | null =
    L && soft && !input.exit
      ? { x: x(L), width: Math.max(x(soft) - x(L), 1), from: L, to: soft, label: `${extended ? 180 : 90}-day window: ${L} to ${soft}` }
      : null;
  const pb = input.plannedBreak;
  const breakBand: Band | null =
    pb && (pb.status === 'approved' || pb.status === 'pending') && L && pb.resumeDate > L
      ? { x: x(L), width: x(pb.resumeDate) - x(L), from: L, to: pb.resumeDate, label: `Planned break (${pb.status}) until ${pb.resumeDate}` }
      : null;

  const points: Omit<Marker, 'text' | 'row' | 'anchor'>[] = [];
  if (input.participationDate) points.push({ kind: 'participation', date: input.participationDate, x: x(input.participationDate), label: 'Participation' });
  if (L) points.push({ kind: 'lastService', date: L, x: x(L), label: 'L' });
  if (soft && !input.exit) points.push({ kind: 'softExit', date: soft, x: x(soft), label: 'Soft exit' });
  if (input.exit) points.push({ kind: 'exit', date: input.exit.exitDate, x: x(input.exit.exitDate), label: 'Exit' });
  for (const f of input.followUps) points.push({ kind: 'followUp', date: f.dueDate, x: x(f.dueDate), label: `Q${f.quarter}`, status: f.status });
  points.push({ kind: 'today', date: input.today, x: x(input.today), label: 'Today' });
  const markers = layoutLabels(points, width);
  const rows = markers.reduce((n, m) => Math.max(n, m.row + 1), 1);
  geometry.height = axisY + 30 + rows * LABEL_ROW_H;
  return { geometry, axisY, bars, window, breakBand, markers, ticks: monthTicks(geometry) };
}

/**
 * Places each marker's label under the axis: anchored to stay inside the drawing, in the first row
 * where it overlaps no label already placed (markers close in time stack instead of colliding).
 */
export function layoutLabels(points: readonly Omit<Marker, 'text' | 'row' | 'anchor'>[], width: number): Marker[] {
  const rowEnds: number[] = [];
  return [...points]
    .sort((a, b) => a.x - b.x)
    .map((p) => {
      const text = `${p.label} ${p.date}`;
      const w = text.length * CHAR_W;
      const anchor: Marker['anchor'] = p.x - w / 2 < 0 ? 'start' : p.x + w / 2 > width ? 'end' : 'middle';
      const left = anchor === 'start' ? p.x : anchor === 'end' ? p.x - w : p.x - w / 2;
      let row = rowEnds.findIndex((end) => end + LABEL_GAP <= left);
      if (row === -1) {
        row = rowEnds.length;
        rowEnds.push(0);
      }
      rowEnds[row] = left + w;
      return { ...p, text, row, anchor };
    });
}

/** The timeline's text equivalent (R-UI-4), e.g. "Soft exit on 2024-06-30, in 41 days, unless a service is recorded". */
export function timelineCaption(input: TimelineInput): string {
  const { exitClock, exit } = input;
  if (exit) {
    const followUps = input.followUps.map((f) => `Q${f.quarter} due ${f.dueDate} (${f.status})`).join(', ');
    if (exit.type === 'exclusionary') return `Exited on ${exit.exitDate} (exclusionary exit); no follow-ups`;
    const done = input.status === 'completed' ? 'Case completed. ' : '';
    return `${done}Exited on ${exit.exitDate} (soft exit)${followUps ? `; follow-ups: ${followUps}` : ''}`;
  }
  if (!input.participationDate) return 'The exit clock starts when participation is recorded';
  if (exitClock.state === 'blocked' || !exitClock.softExitDate) {
    return 'The exit clock is stopped while a service that restarts it is open; it starts again when the last one closes';
  }
  const days = exitClock.daysRemaining ?? dayNumber(exitClock.softExitDate) - dayNumber(input.today);
  const when = days >= 0 ? relativeDays(days) : `due ${relativeDays(days)}`;
  const breakNote = exitClock.state === 'extended' && input.plannedBreak ? ` (planned break: services resume on ${input.plannedBreak.resumeDate})` : '';
  return `Soft exit on ${exitClock.softExitDate}, ${when}${breakNote}, unless a service is recorded`;
}
