import { type Cita, ESTADO_CITA_LABEL, type EstadoCita, hasStarted } from './appointment';
import { DomainError } from './errors';

/**
 * The cita's state machine, in one place:
 *
 *   Programada -> Confirmada -> Atendida | NoAsistio
 *   Programada | Confirmada -> Cancelada
 *
 * Anything else is 409 TRANSICION_INVALIDA. Timing rules:
 * - a cita that has started can no longer be cancelled or changed (CITA_PASADA);
 * - Atendida / NoAsistio only once it has started (before that, CITA_PASADA
 *   would be wrong: it is TRANSICION_INVALIDA "todavía no ha empezado");
 * - Confirmada is allowed before or after the start (reception may confirm a
 *   patient who arrives without having confirmed; otherwise an unconfirmed
 *   cita could never be closed as Atendida).
 *
 * Every refusal here speaks of "esta cita", never of its number nor its
 * successor's: the front desk shows these words verbatim, under the cita
 * they are about, and nobody there sees cita numbers (a client of the API
 * knows which cita it asked about; a replaced one's successor is its
 * id_cita_nueva).
 */
const TRANSICIONES: Record<EstadoCita, readonly EstadoCita[]> = {
  Programada: ['Confirmada', 'Cancelada'],
  Confirmada: ['Atendida', 'NoAsistio', 'Cancelada'],
  Atendida: [],
  NoAsistio: [],
  Cancelada: [],
};

export type EstadoDestino = Exclude<EstadoCita, 'Programada'>;

export function canTransition(from: EstadoCita, to: EstadoCita): boolean {
  return TRANSICIONES[from].includes(to);
}

/** "Esta cita está marcada como «No asistió»": its estado in people's words (ESTADO_CITA_LABEL), never the wire's NoAsistio. */
const marked = (cita: Cita): string => `Esta cita está marcada como «${ESTADO_CITA_LABEL[cita.estado]}»`;

function invalid(cita: Cita, to: EstadoCita, why?: string): DomainError {
  const base = `${marked(cita)} y no puede marcarse como «${ESTADO_CITA_LABEL[to]}»`;
  return new DomainError('TRANSICION_INVALIDA', why ? `${base}: ${why}.` : `${base}.`);
}

/**
 * Checks that the cita may be cancelled now; throws the precise reason
 * otherwise. A replaced cita is cancelled too, but saying only that would
 * hide that its successor still stands (a cancel that lost the race to a
 * change): its answer points to the successor, the one to cancel instead.
 */
export function assertCancellable(cita: Cita, now: Date): void {
  if (cita.idCitaNueva !== undefined) {
    throw new DomainError('CITA_REEMPLAZADA', 'Esta cita ya se cambió por otra; cancele la nueva.');
  }
  if (cita.estado === 'Cancelada') {
    throw new DomainError('CITA_YA_CANCELADA', 'Esta cita ya está cancelada.');
  }
  if (!canTransition(cita.estado, 'Cancelada')) throw invalid(cita, 'Cancelada');
  if (hasStarted(cita, now)) {
    throw new DomainError('CITA_PASADA', 'Esta cita ya ha comenzado y no puede cancelarse.');
  }
}

/** Checks that the cita may be replaced by a changed one now. */
export function assertChangeable(cita: Cita, now: Date): void {
  if (cita.idCitaNueva !== undefined) {
    throw new DomainError('CITA_REEMPLAZADA', 'Esta cita ya se cambió por otra; modifique la nueva.');
  }
  if (cita.estado === 'Cancelada') {
    throw new DomainError('CITA_YA_CANCELADA', 'Esta cita está cancelada y no puede modificarse.');
  }
  if (!canTransition(cita.estado, 'Cancelada')) {
    throw new DomainError('TRANSICION_INVALIDA', `${marked(cita)} y ya no puede modificarse.`);
  }
  if (hasStarted(cita, now)) {
    throw new DomainError('CITA_PASADA', 'Esta cita ya ha comenzado y no puede modificarse.');
  }
}

/** Checks a status change to Confirmada, Atendida or NoAsistio. */
export function assertStatusChange(cita: Cita, to: EstadoDestino, now: Date): void {
  if (to === 'Cancelada') {
    assertCancellable(cita, now);
    return;
  }
  if (cita.idCitaNueva !== undefined) {
    throw new DomainError('CITA_REEMPLAZADA', 'Esta cita ya se cambió por otra; cambie el estado de la nueva.');
  }
  if (!canTransition(cita.estado, to)) {
    const why = to !== 'Confirmada' && cita.estado === 'Programada' ? 'primero debe confirmarse' : undefined;
    throw invalid(cita, to, why);
  }
  if ((to === 'Atendida' || to === 'NoAsistio') && !hasStarted(cita, now)) {
    throw invalid(cita, to, 'todavía no ha comenzado');
  }
}
