import { h } from './dom.js';
import type { Session } from './types.js';

/**
 * What a person who may not book (the session's puede_reservar: a
 * secretaria in a clinic where reception does not book, a doctor) reads
 * where she sees free slots (the agenda, Próximos huecos): they are there
 * to be read out, and who takes them (reception only where it books). Said once on each screen, next to
 * the slots, so a slot that does nothing when pressed is not a puzzle.
 * Nothing for whoever may book.
 */
export function whoBooksNote(session: Session): HTMLElement | null {
  if (session.puede_reservar) return null;
  const who = session.reserva_recepcion ? 'el propio paciente, recepción o la administración' : 'el propio paciente o la administración';
  return h('p', { class: 'nota' }, `Aquí los huecos libres se consultan: reservan las citas ${who}.`);
}
