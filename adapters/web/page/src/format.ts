/**
 * Dates and times as a Spanish front desk reads them. The APIs answer in the
 * clinic's time zone with its offset ("2027-06-07T10:00:00+02:00"): the
 * wall-clock part of that text IS the clinic's time, so it is read as
 * written, whatever the browser's own zone.
 */
export interface Wall {
  /** YYYY-MM-DD, the clinic day. */
  day: string;
  /** HH:MM, the clinic time. */
  time: string;
  /** Minutes since the clinic day's midnight. */
  minutes: number;
}

export function wall(iso: string): Wall {
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  const [hh, mm] = time.split(':').map(Number);
  return { day, time, minutes: hh * 60 + mm };
}

function utcDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

const LONG = new Intl.DateTimeFormat('es-ES', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT = new Intl.DateTimeFormat('es-ES', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const NUMERIC = new Intl.DateTimeFormat('es-ES', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });

/** "lunes, 7 de junio de 2027" */
export const longDay = (day: string): string => LONG.format(utcDate(day));
/** "lun, 7 jun" */
export const shortDay = (day: string): string => SHORT.format(utcDate(day));
/** "07/06/2027" */
export const numericDay = (day: string): string => NUMERIC.format(utcDate(day));

/** "lunes, 7 de junio de 2027, 10:00" from an API datetime. */
export function longDateTime(iso: string): string {
  const w = wall(iso);
  return `${longDay(w.day)}, ${w.time}`;
}

/** "07/06/2027 10:00" */
export function shortDateTime(iso: string): string {
  const w = wall(iso);
  return `${numericDay(w.day)} ${w.time}`;
}

export function addDays(day: string, n: number): string {
  const d = utcDate(day);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 1 = Monday ... 7 = Sunday */
export function isoWeekday(day: string): number {
  const dow = utcDate(day).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** The Monday of the week a day is in. */
export const mondayOf = (day: string): string => addDays(day, 1 - isoWeekday(day));

export const hhmm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export const DIAS = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];

/** The estado as a person reads it (the API's NoAsistio is "No asistió"). */
export function estadoLabel(estado: string): string {
  return estado === 'NoAsistio' ? 'No asistió' : estado;
}
