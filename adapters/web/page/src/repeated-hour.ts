import { wallClockAt } from './clinic-wall-clock.js';
import { wall } from './format.js';

/**
 * The night the clocks go back, an hour of wall times happens twice: in
 * Madrid 02:00+02:00, then, an hour later, 02:00+01:00. The APIs write
 * every datetime with its offset, which tells the two apart; a wall time
 * sent without one the API reads as the earlier instant. So the page names
 * an hour of that night by its wall time and offset ("02:00+01:00") where it
 * chooses or sends one, and says which it is ("02:00 (UTC+01:00)") where it
 * shows one; every other hour stays a plain "HH:MM".
 */

/** The clocks go back by an hour in every zone the clinics are in (Spain's); a zone that goes back 30 min would need its own step. */
const STEP_MS = 60 * 60 * 1000;

/** Which time `iso`'s wall time comes round in the clinic's `zone`: 0 when it happens once that day, else 1 (the first) or 2 (an hour later). */
export function timeRound(iso: string, zone: string): 0 | 1 | 2 {
  const at = Date.parse(iso);
  const own = wallClockAt(zone, at);
  if (wallClockAt(zone, at + STEP_MS) === own) return 1;
  if (wallClockAt(zone, at - STEP_MS) === own) return 2;
  return 0;
}

/** The Hora a slot or cita starting at `iso` is chosen and sent by: "HH:MM", with the offset ("02:00+01:00") when that wall time happens twice. */
export function horaOf(iso: string, zone: string): string {
  const time = wall(iso).time;
  return timeRound(iso, zone) ? `${time}${iso.slice(19)}` : time;
}

/** An Hora as a person reads it: "10:00", or "02:00 (UTC+01:00)" for one of the hour that happens twice. */
export const horaLabel = (hora: string): string => (hora.length > 5 ? `${hora.slice(0, 5)} (UTC${hora.slice(5)})` : hora);

/** The hour an API datetime names, as a person reads it ("10:00", "02:00 (UTC+01:00)"): what the agenda's blocks and the cita panel show. */
export const horaText = (iso: string, zone: string): string => horaLabel(horaOf(iso, zone));

/** The API datetime of a Fecha (YYYY-MM-DD) at an Hora: with the Hora's offset when it carries one. */
export const fechaHora = (day: string, hora: string): string => `${day}T${hora.slice(0, 5)}:00${hora.slice(5)}`;
