import { describe, expect, it } from 'vitest';
import type { Day, Timeblock } from '../../lib/types';
import { daysToShow, isNarrow, layoutDay, layoutWeek, timeAxisFor } from './layout';

let nextId = 0;
function block(day: Day, start: string, end: string | null, name = 'Maths'): Timeblock {
  nextId += 1;
  return { id: String(nextId), day, start, end, name, notes: '', confidence: 1 };
}

describe('time axis', () => {
  it('spans the week from the earliest start to the latest end, widened to half hours', () => {
    const axis = timeAxisFor([block('monday', '08:35', '08:50'), block('friday', '14:00', '15:15')]);
    expect(axis.startMinutes).toBe(8 * 60 + 30);
    expect(axis.endMinutes).toBe(15 * 60 + 30);
    expect(axis.ticks[0]).toBe(510);
    expect(axis.ticks.at(-1)).toBe(930);
    expect(axis.ticks).toHaveLength(15);
  });

  it('counts an instant in the span', () => {
    const axis = timeAxisFor([block('monday', '09:00', '10:00'), block('monday', '15:40', null, 'Home time')]);
    expect(axis.endMinutes).toBe(16 * 60);
  });
});

describe('day layout', () => {
  it('places blocks by their times as shares of the axis', () => {
    const blocks = [block('monday', '09:00', '10:00'), block('monday', '10:00', '11:00', 'English')];
    const axis = timeAxisFor(blocks);
    const day = layoutDay('monday', blocks, axis);
    expect(day.laneCount).toBe(1);
    expect(day.blocks.map((placed) => [placed.left, placed.width, placed.lane])).toEqual([
      [0, 0.5, 0],
      [0.5, 0.5, 0],
    ]);
    expect(day.blocks[0].durationMinutes).toBe(60);
  });

  it('stacks overlapping blocks in lanes and reuses a lane once it is free', () => {
    const blocks = [
      block('tuesday', '09:00', '10:30', 'Maths'),
      block('tuesday', '09:30', '10:00', 'Reading group'),
      block('tuesday', '10:15', '11:00', 'Science'),
      block('tuesday', '11:00', '12:00', 'Music'),
    ];
    const day = layoutDay('tuesday', blocks, timeAxisFor(blocks));
    const lanes = Object.fromEntries(day.blocks.map((placed) => [placed.block.name, placed.lane]));
    expect(lanes).toEqual({ Maths: 0, 'Reading group': 1, Science: 1, Music: 0 });
    expect(day.laneCount).toBe(2);
  });

  it('draws instants as markers apart from the lanes', () => {
    const blocks = [block('monday', '08:35', null, 'Students are allowed inside'), block('monday', '09:00', '09:15')];
    const day = layoutDay('monday', blocks, timeAxisFor(blocks));
    expect(day.blocks).toHaveLength(1);
    expect(day.instants).toHaveLength(1);
    expect(day.instants[0].width).toBe(0);
    expect(day.instants[0].left).toBeCloseTo(5 / 60); // the axis runs 8:30 to 9:30;
  });

  it('shows Monday to Friday and a weekend day only when it has blocks', () => {
    expect(daysToShow([block('monday', '09:00', '10:00')])).toEqual([
      'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
    ]);
    expect(daysToShow([block('saturday', '09:00', '10:00')])).toContain('saturday');
  });

  it('turns the label of a block too narrow for it', () => {
    const week = layoutWeek([block('monday', '09:00', '09:10', 'Break'), block('monday', '09:10', '15:00')]);
    const [breakBlock, longBlock] = week.days[0].blocks;
    expect(isNarrow(breakBlock, 1000)).toBe(true);
    expect(isNarrow(longBlock, 1000)).toBe(false);
  });
});

describe('instant labels', () => {
  it('puts labels that would run into each other on separate rows', async () => {
    const { laneInstants } = await import('./layout');
    const blocks = [
      block('monday', '08:30', null, 'Students are allowed inside'),
      block('monday', '08:45', null, 'Late Bell Rings'),
      block('monday', '12:00', null, 'Lunch bell'),
      block('monday', '08:30', '13:30'),
    ];
    const day = layoutDay('monday', blocks, timeAxisFor(blocks));
    const laned = laneInstants(day.instants, () => 0.2); // each label 20% of the axis
    expect(laned.map((placed) => placed.lane)).toEqual([0, 1, 0]);
  });
});
