import { assertValidCitaFields, type CitaRequest, motivoCancelacionProblem } from './appointment';
import type { EstadoDestino } from './appointment-lifecycle';
import { type FieldProblem, ValidationError } from './errors';
import { invalidFields, problemsOf } from './field-problems';

/**
 * A change to a cita (PUT /citas/{id}) is ONE of three requests, told apart
 * by `estado`: cancel ({estado: Cancelada, motivo_cancelacion?}), a new
 * state ({estado: Confirmada|Atendida|NoAsistio}) or a change of its data
 * (any of CAMPOS_CAMBIO, without estado). Which fields go together is judged
 * by which were sent, whatever their values: fecha sent as a number still
 * mixes with estado, so the client hears about the mix beside the type
 * problem, not once she has fixed it. The HTTP edge only asks these
 * functions; problems carry the contract's field names as paths.
 */

/** The fields of a change of a cita's data, in the order the mix names them. */
export const CAMPOS_CAMBIO = ['fecha', 'id_doctor', 'id_centro', 'motivo', 'duracion_min'] as const;

/** The states a change may ask for: Programada is where a cita starts, never a request. */
export const ESTADOS_PEDIBLES = ['Cancelada', 'Confirmada', 'Atendida', 'NoAsistio'] as const satisfies readonly EstadoDestino[];
export type EstadoPedible = (typeof ESTADOS_PEDIBLES)[number];

export interface CitaChangeRequest {
  /** The fields the request carried, by the contract's names, whether or not their values could be read. */
  sent: ReadonlySet<string>;
  /** The values of the fields that could be read; a field sent but absent here had the wrong type. */
  estado?: EstadoPedible;
  motivoCancelacion?: string;
  inicio?: Date;
  motivo?: string;
  duracionMin?: number;
}

/** What is wrong with which fields were sent together. */
function mixProblems({ sent, estado }: CitaChangeRequest): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const changes = CAMPOS_CAMBIO.filter((f) => sent.has(f));
  if (sent.has('estado') && changes.length > 0) {
    problems.push({ path: changes[0], message: `No se puede cambiar el estado y a la vez ${changes.join(', ')}: envíe dos peticiones.` });
  }
  // An estado sent but unreadable ('cancelada') may have meant Cancelada: its own problem says what to fix.
  const estadoKnown = !sent.has('estado') || estado !== undefined;
  if (sent.has('motivo_cancelacion') && estadoKnown && estado !== 'Cancelada') {
    problems.push({ path: 'motivo_cancelacion', message: 'Solo se admite junto con "estado": "Cancelada".' });
  }
  if (!sent.has('estado') && changes.length === 0 && !sent.has('motivo_cancelacion')) {
    problems.push({
      path: 'estado',
      message: `Indique "estado" (${ESTADOS_PEDIBLES.join(', ')}) o algún dato nuevo: ${CAMPOS_CAMBIO.join(', ')}.`,
    });
  }
  return problems;
}

/**
 * Every problem of a change: which fields it mixes, then what its readable
 * fields hold (the cita's own invariants, the motivo_cancelacion's). What
 * the HTTP edge asks of a body it refused for a field's type.
 */
export function assertValidCitaChange(request: CitaChangeRequest): void {
  const problems = [
    ...mixProblems(request),
    ...problemsOf(() => assertValidCitaFields({ inicio: request.inicio, motivo: request.motivo, duracionMin: request.duracionMin })),
  ];
  const cancelacion = motivoCancelacionProblem(request.motivoCancelacion);
  if (cancelacion) problems.push(cancelacion);
  if (problems.length > 0) throw invalidFields(problems);
}

/**
 * Refuses a well-typed change that is not one request, naming with the mix
 * everything its fields hold wrong: none of it will be done, so all of it is
 * to fix. A change that is one request is judged by the use case that does
 * it, after that use case's own checks of who may ask (a 404 stays a 404).
 */
export function assertOneCitaChange(request: CitaChangeRequest): void {
  if (mixProblems(request).length > 0) assertValidCitaChange(request);
}

/** The contract's name of each field a change of a cita's data may carry. */
const FIELD_OF = { inicio: 'fecha', duracionMin: 'duracion_min', motivo: 'motivo', idDoctor: 'id_doctor', idCentro: 'id_centro' } as const;

/**
 * A change must change something. The cita as it is, asked for again, would
 * be a new cita in its place, two lines of history and a "cita cambiada"
 * notice to the patient about nothing; the instant is compared, not how
 * fecha was written. The problem is on the first field the change carried.
 */
export function assertChangesSomething(cita: CitaRequest, wanted: CitaRequest, asked: Partial<Record<keyof typeof FIELD_OF, unknown>>): void {
  const same =
    cita.inicio.getTime() === wanted.inicio.getTime() &&
    cita.duracionMin === wanted.duracionMin &&
    cita.motivo === wanted.motivo &&
    cita.idDoctor === wanted.idDoctor &&
    cita.idCentro === wanted.idCentro;
  if (!same) return;
  const first = (Object.keys(FIELD_OF) as (keyof typeof FIELD_OF)[]).find((k) => asked[k] !== undefined) ?? 'inicio';
  throw ValidationError.field(FIELD_OF[first], 'La cita ya tiene esa fecha, duración, motivo, doctor y centro: no hay nada que cambiar.');
}
