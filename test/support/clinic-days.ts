import { clinicDateOf, DEFAULT_CLINIC_TIME_ZONE, isoWeekday, parseLocalDate } from '../../core/domain/clinic-time';

/**
 * Clinic days for tests, computed from a `now` instead of typed with a year:
 * a typed date stops being "in the future" one day, and the booking rules
 * (FECHA_PASADA; at most MAX_ANTELACION_DIAS ahead) start refusing it.
 *
 * `now` is the service's clock: the FixedClock a test gives a service it
 * builds in-process, or the machine's time for one in another process
 * (containers, the documentation run).
 *
 *   const DAY = firstMondayNextYear(clock.now(), 6);   // e.g. '2027-06-07'
 *   const NEXT_DAY = addDays(DAY, 1);
 */

/**
 * The first Monday of `month` (1-12) in the year after `now`'s, as YYYY-MM-DD:
 * always ahead, always a weekday. Madrid is on summer time (+02:00) from April
 * to September, on winter time (+01:00) from November to February.
 */
export function firstMondayNextYear(now: Date, month: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear() + 1, month - 1, 1));
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  return isoDay(d);
}

/** `day` (YYYY-MM-DD) moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDay(d);
}

/** The first Monday-to-Friday day after `day` (the default working day has no weekend slots). */
export function nextWeekday(day: string): string {
  let d = addDays(day, 1);
  while (isoWeekday(parseLocalDate(d)) > 5) d = addDays(d, 1);
  return d;
}

/**
 * A day with its year ("lunes, 7 de junio de 2027"): how the services' own
 * messages write one (core's clinicDateTimeWords), which the page shows as
 * the API wrote them.
 */
export function withYear(day: string): string {
  // Parsed as an ISO date, as addDays does: Date.UTC would read a year below 100 as 19xx.
  return new Intl.DateTimeFormat('es-ES', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/**
 * How the front desk writes a day in words, everywhere ("jueves, 3 de
 * diciembre"): its year only when it is not the year of `now`, the services'
 * clock ("lunes, 7 de junio de 2027"), in the clinic's zone.
 */
export function dayWords(day: string, now: Date): string {
  if (day.slice(0, 4) !== clinicDateOf(now, DEFAULT_CLINIC_TIME_ZONE).slice(0, 4)) return withYear(day);
  return new Intl.DateTimeFormat('es-ES', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

/**
 * `day` in words with or without its year, for a helper that has no clock
 * to tell which (openAgenda): the day, not the year, is what it looks for.
 */
export const dayWordsAnyYear = (day: string): string => `${dayWords(day, new Date(`${day}T12:00:00Z`))}(?: de ${day.slice(0, 4)})?`;

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * The next day, from `now` on, when Madrid's clocks go back (the last Sunday
 * of October: 03:00+02:00 becomes 02:00+01:00, so 02:00-03:00 happens twice).
 * A test sets its clock a few days before it, never types a year.
 */
export const nextFallBackSunday = (now: Date): string => nextLastSunday(now, 10);

/**
 * The next day, from `now` on, when Madrid's clocks go forward (the last
 * Sunday of March: 02:00+01:00 becomes 03:00+02:00, so 02:00-03:00 never
 * happens). A test sets its clock a few days before it, never types a year.
 */
export const nextSpringForwardSunday = (now: Date): string => nextLastSunday(now, 3);

/** The next last Sunday of `month` (1-12) after `now`. */
function nextLastSunday(now: Date, month: number): string {
  for (let year = now.getUTCFullYear(); ; year++) {
    const d = new Date(Date.UTC(year, month, 0));
    while (d.getUTCDay() !== 0) d.setUTCDate(d.getUTCDate() - 1);
    if (d.getTime() > now.getTime()) return isoDay(d);
  }
}
