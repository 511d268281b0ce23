// The week as in the target picture: days as rows with their dates, a time axis across the top scaled to the
// week's real span, blocks as cards in their subject's colour (icon, name, notes, duration), narrow blocks with
// turned labels, instants as markers, today marked, half term and week in the title with arrows and "Today".
// It is an ARIA grid: a row per day, the day as its row header, each block a focusable cell button whose label
// reads "Maths, Monday 9:30 to 10:30"; arrow keys move between blocks.
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { Day, Timeblock } from '../../lib/types';
import { colourFor, NOTES_TEXT } from './colours';
import { isNarrow, laneInstants, layoutWeek, positionOnAxis, type PlacedBlock } from './layout';
import { DAY_NAME, SHORT_DAY, addDays, dateOfDay, mondayOf, monthAndYear, sameDate, termAndWeek } from './school-calendar';
import { SubjectIcon } from './subject-icons';
import { axisLabel, durationLabel, spokenTime, toMinutes } from './time';

/** The axis width the layout assumes when deciding which labels turn (the grid is at least this wide). */
const NOMINAL_AXIS_PX = 1100;
const INSTANT_LABEL_PX_PER_CHAR = 6.5;

/** "Monday 9:30 to 10:30", or "Monday at 9:00" for an instant. */
export function whenText(block: Timeblock): string {
  const times = block.end ? `${spokenTime(block.start)} to ${spokenTime(block.end)}` : `at ${spokenTime(block.start)}`;
  return `${DAY_NAME[block.day]} ${times}`;
}

/** What a screen reader says for a block: "Maths, Monday 9:30 to 10:30", then its notes. */
export function blockLabel(block: Timeblock): string {
  return `${block.name}, ${whenText(block)}${block.notes ? `. ${block.notes}` : ''}`;
}

export interface WeekViewProps {
  blocks: Timeblock[];
  title?: string;
  /** Clicking or pressing Enter on a block; absent when read-only. */
  onSelect?: (block: Timeblock) => void;
  /** Blocks under this confidence are marked for checking (review). */
  doubtBelow?: number;
  today?: Date;
}

export function WeekView({ blocks, title, onSelect, doubtBelow, today = new Date() }: WeekViewProps) {
  const [weekOffset, setWeekOffset] = useState(0);
  const monday = addDays(mondayOf(today), weekOffset * 7);
  const { term, week } = termAndWeek(monday);
  const layout = useMemo(() => layoutWeek(blocks), [blocks]);
  const { axis } = layout;
  const nowMinutes = today.getHours() * 60 + today.getMinutes();
  const weekLabel = `${term} | Week ${week}`;

  const moveFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];
    if (!keys.includes(event.key)) return;
    const cells = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-cell]')];
    const current = cells.indexOf(document.activeElement as HTMLElement);
    if (current < 0) return;
    event.preventDefault();
    const here = cells[current];
    let target: HTMLElement | undefined;
    if (event.key === 'ArrowRight') target = cells[current + 1];
    else if (event.key === 'ArrowLeft') target = cells[current - 1];
    else if (event.key === 'Home') target = cells[0];
    else if (event.key === 'End') target = cells.at(-1);
    else {
      // Up and down: the block of the day above or below that starts nearest in time.
      const rows = [...new Set(cells.map((cell) => cell.dataset.row))];
      const row = rows.indexOf(here.dataset.row) + (event.key === 'ArrowDown' ? 1 : -1);
      const candidates = cells.filter((cell) => cell.dataset.row === rows[row]);
      const start = Number(here.dataset.start);
      target = candidates.sort(
        (a, b) => Math.abs(Number(a.dataset.start) - start) - Math.abs(Number(b.dataset.start) - start),
      )[0];
    }
    target?.focus();
  };

  return (
    <section className="week" aria-label={title ? `${title}: week view` : 'Week view'}>
      <header className="week-header">
        <div className="week-heading">
          <p className="week-month">{monthAndYear(monday)}</p>
          <div className="week-title-row">
            <button type="button" className="icon-button week-arrow" aria-label="Previous week"
              onClick={() => setWeekOffset(weekOffset - 1)}>
              <svg viewBox="0 0 24 24" aria-hidden="true"><path d="m15 5-7 7 7 7" /></svg>
            </button>
            <h2 className="week-title" aria-live="polite">{weekLabel}</h2>
            <button type="button" className="icon-button week-arrow" aria-label="Next week"
              onClick={() => setWeekOffset(weekOffset + 1)}>
              <svg viewBox="0 0 24 24" aria-hidden="true"><path d="m9 5 7 7-7 7" /></svg>
            </button>
            <button type="button" className="chip-button" onClick={() => setWeekOffset(0)}
              aria-pressed={weekOffset === 0}>
              View Today
            </button>
          </div>
        </div>
      </header>
      <div className="week-scroll">
        <div className="week-grid" role="grid" aria-label={`${title ?? 'Timetable'}, ${weekLabel}`}
          aria-rowcount={layout.days.length + 1} onKeyDown={moveFocus}>
          <div className="week-row week-axis-row" role="row" aria-rowindex={1}>
            <div className="day-label-cell" role="columnheader"><span className="visually-hidden">Day</span></div>
            <div className="axis" role="columnheader" aria-label={`Times from ${spokenTime(fromAxis(axis.startMinutes))} to ${spokenTime(fromAxis(axis.endMinutes))}`}>
              {axis.ticks.map((tick) => {
                const label = axisLabel(tick);
                return (
                  <span key={tick} className="axis-tick" aria-hidden="true"
                    style={{ left: `${positionOnAxis(tick, axis) * 100}%` }}>
                    <span className="axis-time">{label.time}</span>
                    <span className="axis-half">{label.half}</span>
                  </span>
                );
              })}
            </div>
          </div>
          {layout.days.map((dayLayout, rowIndex) => {
            const date = dateOfDay(monday, dayLayout.day);
            const isToday = sameDate(date, today);
            const instants = laneInstants(dayLayout.instants, (placed) =>
              (placed.block.name.length + 9) * INSTANT_LABEL_PX_PER_CHAR / NOMINAL_AXIS_PX);
            const instantRows = instants.reduce((rows, placed) => Math.max(rows, placed.lane + 1), 0);
            return (
              <div key={dayLayout.day} role="row" aria-rowindex={rowIndex + 2}
                className={`week-row week-day-row${isToday ? ' is-today' : ''}`}
                data-day={dayLayout.day}>
                <div className="day-label-cell" role="rowheader"
                  aria-label={`${DAY_NAME[dayLayout.day]} ${date.getDate()} ${date.toLocaleDateString('en-GB', { month: 'long' })}${isToday ? ', today' : ''}`}>
                  <span className="day-number">{String(date.getDate()).padStart(2, '0')}</span>
                  <span className="day-name">{SHORT_DAY[dayLayout.day]}</span>
                  {isToday && <span className="today-chip">Today</span>}
                </div>
                <div className="day-track" role="gridcell"
                  aria-label={dayLayout.blocks.length + dayLayout.instants.length === 0 ? `${DAY_NAME[dayLayout.day]}: nothing` : undefined}
                  style={{
                    ['--lanes' as string]: dayLayout.laneCount,
                    ['--instant-rows' as string]: instantRows,
                  }}>
                  {axis.ticks.map((tick) => (
                    <span key={tick} className="track-line" aria-hidden="true"
                      style={{ left: `${positionOnAxis(tick, axis) * 100}%` }} />
                  ))}
                  {isToday && nowMinutes >= axis.startMinutes && nowMinutes <= axis.endMinutes && (
                    <span className="now-line" aria-hidden="true"
                      style={{ left: `${positionOnAxis(nowMinutes, axis) * 100}%` }} />
                  )}
                  {dayLayout.blocks.map((placed) => (
                    <BlockCard key={placed.block.id} placed={placed} row={dayLayout.day} onSelect={onSelect}
                      doubtful={doubtBelow !== undefined && placed.block.confidence < doubtBelow} />
                  ))}
                  {instants.map((placed) => (
                    <InstantMarker key={placed.block.id} placed={placed} row={dayLayout.day} onSelect={onSelect} />
                  ))}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function fromAxis(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

function BlockCard({ placed, row, onSelect, doubtful }: {
  placed: PlacedBlock;
  row: Day;
  onSelect?: (block: Timeblock) => void;
  doubtful: boolean;
}) {
  const { block } = placed;
  const colour = colourFor(block.name);
  const narrow = isNarrow(placed, NOMINAL_AXIS_PX);
  // The card's button holds the name only, and its accessible name starts with it ("Maths, Monday 9:30 to
  // 10:30", WCAG's label in name); the notes and duration are plain text beside it, and the button's click area
  // stretches over the whole card.
  const label = blockLabel(block) + (doubtful ? '. Please check this one' : '');
  return (
    <div className={`block${narrow ? ' block-narrow' : ''}${doubtful ? ' block-doubtful' : ''}`}
      style={{
        left: `calc(${placed.left * 100}% + 2px)`,
        width: `calc(${placed.width * 100}% - 4px)`,
        top: `calc(var(--instant-rows) * var(--instant-row) + ${placed.lane} * var(--lane))`,
        ['--accent' as string]: colour.accent,
        ['--subject' as string]: colour.text,
        ['--tint' as string]: colour.background,
        ['--notes' as string]: NOTES_TEXT,
      }}>
      <button type="button" className="block-button" data-cell="" data-row={row} data-start={toMinutes(block.start)}
        data-block-id={block.id} aria-label={label} title={label} aria-disabled={onSelect ? undefined : true}
        onClick={() => onSelect?.(block)}>
        {narrow ? (
          <span className={`block-turned${block.name.length > 20 ? ' block-turned-long' : ''}`}>{block.name}</span>
        ) : (
          <>
            <span className="block-icon"><SubjectIcon name={block.name} /></span>
            <span className="block-name">{block.name}</span>
          </>
        )}
      </button>
      {!narrow && block.notes && <span className="block-notes">{block.notes}</span>}
      {!narrow && <span className="block-duration">{durationLabel(placed.durationMinutes ?? 0)}</span>}
      {doubtful && <span className="doubt-badge" aria-hidden="true">?</span>}
    </div>
  );
}

function InstantMarker({ placed, row, onSelect }: {
  placed: PlacedBlock;
  row: Day;
  onSelect?: (block: Timeblock) => void;
}) {
  const { block } = placed;
  const clock = axisLabel(toMinutes(block.start));
  // Near the end of the day the label runs leftwards from its pin, so it stays on the grid.
  const leftwards = placed.left > 0.75;
  return (
    <div className={`instant${leftwards ? ' instant-leftwards' : ''}`}
      style={{ left: `${placed.left * 100}%`, top: `calc(${placed.lane} * var(--instant-row))` }}>
      <span className="instant-pin" aria-hidden="true" />
      <span className="instant-text">
        <span className="instant-time">{clock.time} {clock.half}</span>
        <button type="button" className="instant-button" data-cell="" data-row={row}
          data-start={toMinutes(block.start)} data-block-id={block.id} title={blockLabel(block)}
          aria-label={blockLabel(block)} aria-disabled={onSelect ? undefined : true} onClick={() => onSelect?.(block)}>
          {block.name}
        </button>
      </span>
    </div>
  );
}
