import { DEFAULT_CLINIC_TIME_ZONE, formatOffset, instantsOfLocal, isoWeekday, type LocalDateTime, offsetMinutesAt, toLocal } from './clinic-time';
import { DIAS } from './schedule';

/**
 * An instant as a person at the front desk reads it in a refusal's detail
 * (which the page shows verbatim): the clinic's day and wall clock in
 * Spanish, "martes, 3 de marzo de 2026, a las 10:00", whatever offset the
 * instant was written with. The night the clocks go back, the hour that
 * happens twice carries its offset, "a las 02:30 (UTC+01:00)", as the page
 * labels it (adapters/web/page/src/repeated-hour.ts horaLabel); every other
 * hour stays plain. The API's fields keep ISO 8601 (clinic-time.ts
 * formatClinicDateTime): these words are for people, not for parsing.
 */

const MESES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'] as const;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The clinic's day of a local date-time: "martes, 3 de marzo de 2026". */
function dayWords(l: LocalDateTime): string {
  // The year with four digits, as the API writes it: "27" reads as 2027 or 1927.
  return `${DIAS[isoWeekday(l) - 1]}, ${l.day} de ${MESES[l.month - 1]} de ${pad(l.year, 4)}`;
}

/** The clinic's wall clock at `instant`, "10:00", with its offset only on an hour the night makes twice. */
function hourWords(instant: Date, l: LocalDateTime, timeZone: string): string {
  const repeated = instantsOfLocal({ ...l, second: 0, millisecond: 0 }, timeZone).length > 1;
  return `${pad(l.hour)}:${pad(l.minute)}${repeated ? ` (UTC${formatOffset(offsetMinutesAt(instant, timeZone))})` : ''}`;
}

export function clinicDateTimeWords(instant: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): string {
  const l = toLocal(instant, timeZone);
  return `${dayWords(l)}, a las ${hourWords(instant, l, timeZone)}`;
}

/**
 * An interval [desde, hasta) in the same words, to follow "La cita" or "está
 * ausente": "de 10:00 a 10:30 del martes, 3 de marzo de 2026" when both ends
 * fall on one clinic day, "del martes, ... a las 23:30 al miércoles, ... a las
 * 00:30" otherwise. Each end carries its own offset on the repeated hour, so
 * 02:30 (UTC+02:00) a 02:00 (UTC+01:00) never reads as ending before it starts.
 */
export function clinicSpanWords(desde: Date, hasta: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): string {
  const from = toLocal(desde, timeZone);
  const to = toLocal(hasta, timeZone);
  if (from.year !== to.year || from.month !== to.month || from.day !== to.day) {
    return `del ${clinicDateTimeWords(desde, timeZone)} al ${clinicDateTimeWords(hasta, timeZone)}`;
  }
  return `de ${hourWords(desde, from, timeZone)} a ${hourWords(hasta, to, timeZone)} del ${dayWords(from)}`;
}
