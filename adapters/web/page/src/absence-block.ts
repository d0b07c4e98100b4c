import { addDays, wall } from './format.js';
import type { GridItem } from './grid.js';
import { horaText } from './repeated-hour.js';
import { rowsOf } from './skipped-hour.js';
import type { Ausencia } from './types.js';

/**
 * A doctor's absence as the agenda draws it in his column of a day: a block
 * that says "Ausente" in words (not colour alone), with its motivo when the
 * API gives it (only to those who may read it; the page does not judge).
 * It is a note, not a button, drawn behind the citas (styles.css), so a
 * cita booked inside it stays visible and can be opened.
 */
export function absenceBlock(a: Ausencia, day: string, zone: string): GridItem | undefined {
  const dayStart = `${day}T00:00`;
  const nextDay = `${addDays(day, 1)}T00:00`;
  const desde = a.desde.slice(0, 16);
  const hasta = a.hasta.slice(0, 16);
  if (desde >= nextDay || hasta <= dayStart) return undefined;
  // An end on the day's own midnight is its edge too: a whole day reads "todo el día" and sets no hours of the grid.
  const openStart = desde <= dayStart;
  const openEnd = hasta >= nextDay;
  // Starting on the day, it takes the rows a cita of the same times would (the nights the clocks change, skipped-hour.ts).
  const rows = rowsOf(a.desde, a.hasta);
  const startMin = openStart ? 0 : rows.fromMin;
  const endMin = openEnd ? 24 * 60 : openStart ? wall(a.hasta).minutes : Math.min(rows.toMin, 24 * 60);
  const cuando = openStart && openEnd ? 'todo el día' : openStart ? `hasta las ${horaText(a.hasta, zone)}` : openEnd ? `desde las ${horaText(a.desde, zone)}` : `de ${horaText(a.desde, zone)} a ${horaText(a.hasta, zone)}`;
  const lines = [`Ausente ${cuando}`, ...(a.motivo ? [a.motivo] : [])];
  return {
    startMin,
    endMin,
    lines,
    ariaLabel: lines.join(', '),
    // Full width even the night the clocks go back: its rows hold both times of the repeated hour it spans.
    className: 'ausencia',
    openStart,
    openEnd,
  };
}
