// The dated week the view shows: a timetable is the same every week, so the view lays it on a real week (today's
// by default; arrows move a week at a time) and titles it with the school half term and week, as the target
// picture does ("Autumn 1 | Week 4").
//
// Half terms follow England's usual pattern; exact dates differ by school and year, so each starts on the first
// Monday on or after a fixed date, a close guess everywhere, and a timetable naming its own term overrides it.
import { DAYS, type Day } from '../../lib/types';

const HALF_TERMS: { name: string; month: number; day: number }[] = [
  { name: 'Spring 1', month: 0, day: 2 },
  { name: 'Spring 2', month: 1, day: 19 },
  { name: 'Summer 1', month: 3, day: 14 },
  { name: 'Summer 2', month: 5, day: 1 },
  { name: 'Summer holidays', month: 6, day: 23 },
  { name: 'Autumn 1', month: 8, day: 1 },
  { name: 'Autumn 2', month: 9, day: 31 },
  { name: 'Christmas holidays', month: 11, day: 20 },
];

export function mondayOf(date: Date): Date {
  const monday = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  const offset = (monday.getDay() + 6) % 7; // Monday = 0
  monday.setDate(monday.getDate() - offset);
  return monday;
}

export function addDays(date: Date, days: number): Date {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
}

export function dateOfDay(monday: Date, day: Day): Date {
  return addDays(monday, DAYS.indexOf(day));
}

export function sameDate(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

function firstMondayFrom(year: number, month: number, day: number): Date {
  const date = new Date(year, month, day);
  while (date.getDay() !== 1) date.setDate(date.getDate() + 1);
  return date;
}

/** "Autumn 1 | Week 4" for the week starting `monday`. */
export function termAndWeek(monday: Date): { term: string; week: number } {
  const starts = [monday.getFullYear() - 1, monday.getFullYear()].flatMap((year) =>
    HALF_TERMS.map((term) => ({ name: term.name, start: firstMondayFrom(year, term.month, term.day) })),
  );
  let current = starts[0];
  for (const candidate of starts) if (candidate.start <= monday) current = candidate;
  const week = Math.floor((monday.getTime() - current.start.getTime()) / (7 * 86_400_000) + 0.01) + 1;
  return { term: current.name, week };
}

export function monthAndYear(date: Date): string {
  return date.toLocaleDateString('en-GB', { month: 'short', year: 'numeric' });
}

export const SHORT_DAY: Record<Day, string> = {
  monday: 'Mon',
  tuesday: 'Tues',
  wednesday: 'Wed',
  thursday: 'Thurs',
  friday: 'Fri',
  saturday: 'Sat',
  sunday: 'Sun',
};

export const DAY_NAME: Record<Day, string> = {
  monday: 'Monday',
  tuesday: 'Tuesday',
  wednesday: 'Wednesday',
  thursday: 'Thursday',
  friday: 'Friday',
  saturday: 'Saturday',
  sunday: 'Sunday',
};
