import { addDays, longDay, wall } from './format.js';
import { horaText } from './repeated-hour.js';
import type { Ausencia } from './types.js';

/**
 * An absence's days and hours in words, to follow "la ausencia" (its list,
 * its Borrar and the question Borrar asks): "del jueves, 10 de diciembre,
 * de 09:00 a 11:00", "del jueves, 10 de diciembre, todo el día", "del
 * jueves, ... al viernes, ..." for whole days (the year when not `today`'s,
 * longDay), and each end's day
 * and hour when it spans nights. Read as the API wrote them (the clinic's
 * wall clock), the repeated hour with its offset (repeated-hour.ts).
 */
export function absenceWords(a: Pick<Ausencia, 'desde' | 'hasta'>, zone: string, today: string): string {
  const from = wall(a.desde);
  const to = wall(a.hasta);
  if (from.minutes === 0 && to.minutes === 0) {
    const last = addDays(to.day, -1);
    return last === from.day ? `del ${longDay(from.day, today)}, todo el día` : `del ${longDay(from.day, today)} al ${longDay(last, today)}`;
  }
  if (from.day === to.day) return `del ${longDay(from.day, today)}, de ${horaText(a.desde, zone)} a ${horaText(a.hasta, zone)}`;
  return `del ${longDay(from.day, today)}, a las ${horaText(a.desde, zone)}, al ${longDay(to.day, today)}, a las ${horaText(a.hasta, zone)}`;
}
