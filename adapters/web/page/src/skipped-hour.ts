import { isoAt, wallClockAt } from './clinic-wall-clock.js';
import { addDays, wall } from './format.js';

/**
 * The night the clocks go forward, an hour of wall times never happens: in
 * Madrid 02:00+01:00 is 03:00+02:00. The agenda's rows are wall times (the
 * twin of the hour that happens twice, repeated-hour.ts, whose two times
 * share their rows side by side), so that day's column shows the hour that
 * is skipped as such, and a block across it runs from its start's wall time
 * to its end's: what is left of it beside the skipped hour is as long as it
 * really lasts.
 */

/** Wall minutes since a day's midnight: from-to, end excluded. */
export interface WallSpan {
  fromMin: number;
  toMin: number;
}

/** How finely the day is searched for a jump of the clocks: Spain's are whole hours; every zone's are whole quarters. */
const STEP_MS = 15 * 60 * 1000;
/** Every zone's midnight falls between 14 h before UTC's and 12 h after (UTC+14 to UTC-12). */
const HOUR_MS = 60 * 60 * 1000;

/** Wall minutes of `wallTime` ("YYYY-MM-DDTHH:MM") counted from `day`'s midnight. */
function minutesFrom(day: string, wallTime: string): number {
  const w = wall(wallTime);
  return w.day === day ? w.minutes : w.day < day ? w.minutes - 24 * 60 : w.minutes + 24 * 60;
}

/** The wall times of `day` (YYYY-MM-DD) that never happen in `zone` (none on most days; 02:00-03:00 the last Sunday of March in Madrid). */
export function skippedOn(day: string, zone: string): WallSpan[] {
  const out: WallSpan[] = [];
  const start = Date.parse(`${day}T00:00:00Z`) - 14 * HOUR_MS;
  const end = Date.parse(`${addDays(day, 1)}T00:00:00Z`) + 12 * HOUR_MS;
  // Most days the offset is the same all through (two Intl calls, not two hundred: a week of a center asks per doctor and day).
  if (isoAt(zone, start).slice(19) === isoAt(zone, end).slice(19)) return out;
  let before = minutesFrom(day, wallClockAt(zone, start));
  for (let t = start + STEP_MS; t <= end; t += STEP_MS) {
    const now = minutesFrom(day, wallClockAt(zone, t));
    const fromMin = Math.max(before + STEP_MS / 60_000, 0);
    const toMin = Math.min(now, 24 * 60);
    if (now - before > STEP_MS / 60_000 && fromMin < toMin) out.push({ fromMin, toMin });
    before = now;
  }
  return out;
}

/**
 * The rows a block from `startIso` to `endIso` (API datetimes, with their
 * offsets) covers on its start's day: up to its end's wall time, past an
 * hour the clocks skip; at least its real length, as the hour that happens
 * twice is drawn once (its end's wall time then comes back before it).
 */
export function rowsOf(startIso: string, endIso: string): WallSpan {
  const start = wall(startIso);
  const lasts = (Date.parse(endIso) - Date.parse(startIso)) / 60_000;
  return { fromMin: start.minutes, toMin: Math.max(start.minutes + lasts, minutesFrom(start.day, endIso.slice(0, 16))) };
}
