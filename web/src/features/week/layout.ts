// Where each block goes on the week view: a time axis scaled to the week's real span (earliest start to latest
// end, widened to whole half hours), the blocks of a day placed in lanes so overlapping blocks stack instead of
// covering each other, and instants (no end) as markers. Pure functions: the tests check them without a DOM.
import { DAYS, type Day, type Timeblock } from '../../lib/types';
import { toMinutes } from './time';

export interface TimeAxis {
  startMinutes: number;
  endMinutes: number;
  /** Axis labels every half hour (or hour, when the day is long). */
  ticks: number[];
}

export interface PlacedBlock {
  block: Timeblock;
  /** Share of the axis width from its start, 0..1. */
  left: number;
  /** Share of the axis width, 0..1; 0 for an instant. */
  width: number;
  lane: number;
  durationMinutes: number | null;
}

export interface DayLayout {
  day: Day;
  blocks: PlacedBlock[];
  instants: PlacedBlock[];
  laneCount: number;
}

const SLOT = 30;

export function timeAxisFor(blocks: Timeblock[]): TimeAxis {
  if (blocks.length === 0) return { startMinutes: 8 * 60, endMinutes: 15 * 60 + 30, ticks: ticksBetween(480, 930) };
  let first = Infinity;
  let last = -Infinity;
  for (const block of blocks) {
    const start = toMinutes(block.start);
    const end = block.end ? toMinutes(block.end) : start;
    first = Math.min(first, start);
    last = Math.max(last, end);
  }
  const startMinutes = Math.floor(first / SLOT) * SLOT;
  let endMinutes = Math.ceil(last / SLOT) * SLOT;
  if (endMinutes === last) endMinutes += last === startMinutes ? SLOT : 0;
  if (endMinutes - startMinutes < SLOT) endMinutes = startMinutes + SLOT;
  return { startMinutes, endMinutes, ticks: ticksBetween(startMinutes, endMinutes) };
}

function ticksBetween(start: number, end: number): number[] {
  const step = end - start > 12 * 60 ? 60 : SLOT;
  const ticks: number[] = [];
  for (let minute = start; minute <= end; minute += step) ticks.push(minute);
  return ticks;
}

export function positionOnAxis(minutes: number, axis: TimeAxis): number {
  return (minutes - axis.startMinutes) / (axis.endMinutes - axis.startMinutes);
}

/**
 * Lanes for one day's blocks: sorted by start (longer first on a tie), each block takes the lowest lane whose
 * last block has ended by its start. Blocks that do not overlap all sit in lane 0.
 */
export function layoutDay(day: Day, blocks: Timeblock[], axis: TimeAxis): DayLayout {
  const timed = blocks
    .filter((block) => block.day === day && block.end !== null)
    .sort((a, b) => toMinutes(a.start) - toMinutes(b.start) || toMinutes(b.end!) - toMinutes(a.end!));
  const laneEnds: number[] = [];
  const placed: PlacedBlock[] = timed.map((block) => {
    const start = toMinutes(block.start);
    const end = toMinutes(block.end!);
    let lane = laneEnds.findIndex((laneEnd) => laneEnd <= start);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(end);
    } else {
      laneEnds[lane] = end;
    }
    return {
      block,
      left: positionOnAxis(start, axis),
      width: positionOnAxis(end, axis) - positionOnAxis(start, axis),
      lane,
      durationMinutes: end - start,
    };
  });
  const instants = blocks
    .filter((block) => block.day === day && block.end === null)
    .sort((a, b) => toMinutes(a.start) - toMinutes(b.start))
    .map((block) => ({
      block,
      left: positionOnAxis(toMinutes(block.start), axis),
      width: 0,
      lane: 0,
      durationMinutes: null,
    }));
  return { day, blocks: placed, instants, laneCount: Math.max(1, laneEnds.length) };
}

/** The days the week view shows: Monday to Friday, plus a weekend day only when it has blocks. */
export function daysToShow(blocks: Timeblock[]): Day[] {
  const used = new Set(blocks.map((block) => block.day));
  return DAYS.filter((day, index) => index < 5 || used.has(day));
}

export function layoutWeek(blocks: Timeblock[]): { axis: TimeAxis; days: DayLayout[] } {
  const axis = timeAxisFor(blocks);
  return { axis, days: daysToShow(blocks).map((day) => layoutDay(day, blocks, axis)) };
}

/** A block this narrow (as a share of the axis) carries its label turned, like the target's Break and Lunch. */
export function isNarrow(placed: PlacedBlock, axisWidthPx: number): boolean {
  return placed.width * axisWidthPx < 64;
}

/**
 * Rows for instant markers' labels: an instant's label (about `labelShare` of the axis wide, from its time) takes
 * the first row where it does not run into the previous label, so "8:35 Students are allowed inside" and
 * "9:00 Late Bell Rings" stay readable.
 */
export function laneInstants(instants: PlacedBlock[], labelShare: (placed: PlacedBlock) => number): PlacedBlock[] {
  const rowEnds: number[] = [];
  return instants.map((placed) => {
    // Past three quarters of the axis a label runs leftwards from its pin (the week view does the same).
    const share = labelShare(placed);
    const [from, to] = placed.left > 0.75 ? [placed.left - share, placed.left] : [placed.left, placed.left + share];
    let lane = rowEnds.findIndex((end) => end <= from);
    if (lane < 0) {
      lane = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[lane] = to;
    return { ...placed, lane };
  });
}
