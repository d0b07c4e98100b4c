import { comingCitas } from './coming-citas.js';
import type { DayCitas } from './doctor-day-citas.js';
import { addDays, wall } from './format.js';
import type { Ausencia, Cita } from './types.js';

/**
 * The clinic days an absence covers, read as the API wrote it (the clinic's
 * wall clock): from its first day to its last, the day it ends at 00:00 not
 * counted (a whole day is 00:00 to the next 00:00, as absenceWords says it).
 */
export function absenceDays(a: Pick<Ausencia, 'desde' | 'hasta'>): string[] {
  const first = wall(a.desde).day;
  const to = wall(a.hasta);
  const last = to.minutes === 0 && to.day > first ? addDays(to.day, -1) : to.day;
  const days = [first];
  while (days[days.length - 1] < last) days.push(addDays(days[days.length - 1], 1));
  return days;
}

/**
 * The citas still to come inside an absence, earliest first: the ones the
 * API named as its conflictos when it was saved (comingCitas: holding
 * their slot, not started), as they stand now, booked or cancelled since;
 * from the doctor's citas of its days (`read`, which holds absenceDays'
 * days). Undefined when one of those days could not be read now.
 */
export function citasInside(a: Pick<Ausencia, 'desde' | 'hasta'>, read: DayCitas, now: number): Cita[] | undefined {
  const desde = Date.parse(a.desde);
  const hasta = Date.parse(a.hasta);
  const overlapping: Cita[] = [];
  for (const day of absenceDays(a)) {
    const citas = read.get(day);
    if (!citas) return undefined;
    overlapping.push(...citas.filter((c) => Date.parse(c.fecha) < hasta && Date.parse(c.fecha) + c.duracion_min * 60_000 > desde));
  }
  return comingCitas(overlapping, now);
}
