import { longDay, wall } from './format.js';
import { horaText } from './repeated-hour.js';

/**
 * An instant the APIs wrote (with the clinic's offset) as a sentence says
 * it: "el jueves, 3 de diciembre, a las 12:43", the year only when it is not
 * `today`'s (longDay), the hour that happens twice with its offset
 * (horaText). A cita's Historial says when each thing happened this way.
 */
export const whenWords = (iso: string, zone: string, today: string): string => `el ${longDay(wall(iso).day, today)}, a las ${horaText(iso, zone)}`;
