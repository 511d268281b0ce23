import { describe, expect, it } from 'vitest';
import { dateOfDay, mondayOf, termAndWeek } from './school-calendar';

describe('school calendar', () => {
  it('finds the Monday of any day of its week', () => {
    expect(mondayOf(new Date(2025, 9, 12)).toDateString()).toBe(new Date(2025, 9, 6).toDateString());
    expect(mondayOf(new Date(2025, 9, 6)).toDateString()).toBe(new Date(2025, 9, 6).toDateString());
    expect(dateOfDay(new Date(2025, 9, 6), 'friday').getDate()).toBe(10);
  });

  it('names the half term and week as the target picture does (Autumn 1 | Week 6 for 6 October 2025)', () => {
    expect(termAndWeek(new Date(2025, 9, 6))).toEqual({ term: 'Autumn 1', week: 6 });
    expect(termAndWeek(new Date(2025, 10, 3))).toEqual({ term: 'Autumn 2', week: 1 });
    expect(termAndWeek(new Date(2026, 0, 5))).toEqual({ term: 'Spring 1', week: 1 });
  });
});
