import { DEFAULT_CLINIC_TIME_ZONE, formatOffset, instantsOfLocal, isoWeekday, offsetMinutesAt, toLocal } from './clinic-time';
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

export function clinicDateTimeWords(instant: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): string {
  const l = toLocal(instant, timeZone);
  // The year with four digits, as the API writes it: "27" reads as 2027 or 1927.
  const day = `${DIAS[isoWeekday(l) - 1]}, ${l.day} de ${MESES[l.month - 1]} de ${pad(l.year, 4)}`;
  const time = `${pad(l.hour)}:${pad(l.minute)}`;
  const repeated = instantsOfLocal({ ...l, second: 0, millisecond: 0 }, timeZone).length > 1;
  return `${day}, a las ${time}${repeated ? ` (UTC${formatOffset(offsetMinutesAt(instant, timeZone))})` : ''}`;
}
