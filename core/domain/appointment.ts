import { NotFoundError, ValidationError, type FieldProblem } from './errors';
import { charCount, isBlank, unsafeTextProblem } from './text';

/**
 * A cita (appointment). `inicio` is an instant; the clinic's wall clock only
 * matters when reading input and writing output (clinic-time.ts).
 */
export const ESTADOS_CITA = ['Programada', 'Confirmada', 'Atendida', 'NoAsistio', 'Cancelada'] as const;
export type EstadoCita = (typeof ESTADOS_CITA)[number];

/**
 * Each estado as people say it: the wire's NoAsistio is "No asistió". The
 * one list of these words: refusals say them (appointment-lifecycle.ts),
 * and the web front desk, which cannot import core, receives them with the
 * session (`estados`) and shows them.
 */
export const ESTADO_CITA_LABEL: Readonly<Record<EstadoCita, string>> = {
  Programada: 'Programada',
  Confirmada: 'Confirmada',
  Atendida: 'Atendida',
  NoAsistio: 'No asistió',
  Cancelada: 'Cancelada',
};

/** Only these occupy the doctor's and the patient's agenda. */
export const ESTADOS_ACTIVOS: readonly EstadoCita[] = ['Programada', 'Confirmada'];

export interface Cita {
  id: number;
  inicio: Date;
  duracionMin: number;
  motivo: string;
  estado: EstadoCita;
  idPaciente: number;
  idDoctor: number;
  idCentro: number;
  /** The user who booked it (a patient booking for themself, an admin, or a secretaria with RESERVA_SECRETARIA). */
  idUserRegistrado: number;
  /** Set on a cita created by changing another one: the one it replaces. */
  idCitaAnterior?: number;
  /** Set on a cita that was changed: the one that replaced it. */
  idCitaNueva?: number;
  motivoCancelacion?: string;
}

/**
 * A cita as plain JSON (its start as an ISO instant), for records that keep
 * a copy of it as it was: the notices in the outbox.
 */
export type CitaSnapshot = Omit<Cita, 'inicio'> & { inicio: string };

export function snapshotOf(cita: Cita): CitaSnapshot {
  return { ...cita, inicio: cita.inicio.toISOString() };
}

export function citaOfSnapshot(s: CitaSnapshot): Cita {
  return { ...s, inicio: new Date(s.inicio) };
}

/** A cita before the repository gives it an id. */
export type NewCita = Omit<Cita, 'id'>;

/** What a booking or a change asks for: when, how long, why, and whose. */
export type CitaRequest = Pick<Cita, 'inicio' | 'duracionMin' | 'motivo' | 'idPaciente' | 'idDoctor' | 'idCentro'>;

/** A cita as it is booked: Programada, registered by `idUser`; one made by a change names the cita it replaces. */
export function bookedCita(wanted: CitaRequest, idUser: number, idCitaAnterior?: number): NewCita {
  const cita: NewCita = {
    inicio: wanted.inicio,
    duracionMin: wanted.duracionMin,
    motivo: wanted.motivo,
    estado: 'Programada',
    idPaciente: wanted.idPaciente,
    idDoctor: wanted.idDoctor,
    idCentro: wanted.idCentro,
    idUserRegistrado: idUser,
  };
  if (idCitaAnterior !== undefined) cita.idCitaAnterior = idCitaAnterior;
  return cita;
}

/**
 * A cita's length: the one rule for a cita booked with its own duracion_min
 * and for a schedule's duracion_cita_min (schedule.ts), which is the length
 * of the citas booked into its slots: a schedule whose length a cita could
 * not have would offer slots nobody could book.
 */
export const DURACION_POR_DEFECTO_MIN = 30;
export const DURACION_MIN_MIN = 5;
export const DURACION_MAX_MIN = 480;
/** A cita's length is a multiple of this many minutes (the front desk's Duración de cita steps by it). */
export const DURACION_PASO_MIN = 5;
export const MOTIVO_MAX = 500;

const MINUTE_MS = 60_000;

export interface Interval {
  inicio: Date;
  fin: Date;
}

export function finOf(cita: Pick<Cita, 'inicio' | 'duracionMin'>): Date {
  return new Date(cita.inicio.getTime() + cita.duracionMin * MINUTE_MS);
}

export function intervalOf(cita: Pick<Cita, 'inicio' | 'duracionMin'>): Interval {
  return { inicio: cita.inicio, fin: finOf(cita) };
}

/** Half-open intervals [inicio, fin): one ending at 10:30 and one starting at 10:30 do not overlap. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.inicio.getTime() < b.fin.getTime() && b.inicio.getTime() < a.fin.getTime();
}

export function isActive(cita: Pick<Cita, 'estado'>): boolean {
  return ESTADOS_ACTIVOS.includes(cita.estado);
}

/** True once the cita's start instant has been reached. */
export function hasStarted(cita: Pick<Cita, 'inicio'>, now: Date): boolean {
  return cita.inicio.getTime() <= now.getTime();
}

export function durationProblem(duracionMin: number): FieldProblem | undefined {
  if (!Number.isInteger(duracionMin) || duracionMin < DURACION_MIN_MIN || duracionMin > DURACION_MAX_MIN || duracionMin % DURACION_PASO_MIN !== 0) {
    return {
      path: 'duracion_min',
      message: `La duración debe ser un número entero de minutos entre ${DURACION_MIN_MIN} y ${DURACION_MAX_MIN}, múltiplo de ${DURACION_PASO_MIN}.`,
    };
  }
  return undefined;
}

export function motivoProblem(motivo: string): FieldProblem | undefined {
  if (typeof motivo !== 'string' || isBlank(motivo)) {
    return { path: 'motivo', message: 'El motivo no puede estar vacío ni tener solo caracteres invisibles.' };
  }
  if (charCount(motivo) > MOTIVO_MAX) {
    return { path: 'motivo', message: `El motivo admite como máximo ${MOTIVO_MAX} caracteres.` };
  }
  return unsafeTextProblem(motivo, 'motivo', 'El motivo');
}

export function motivoCancelacionProblem(motivo: string | undefined): FieldProblem | undefined {
  if (motivo === undefined) return undefined;
  if (charCount(motivo) > MOTIVO_MAX) {
    return { path: 'motivo_cancelacion', message: `El motivo de cancelación admite como máximo ${MOTIVO_MAX} caracteres.` };
  }
  return unsafeTextProblem(motivo, 'motivo_cancelacion', 'El motivo de cancelación');
}

/**
 * The cita's own invariants (the core guards them even though the edge
 * validates too), of the fields present: a booking passes all three, the
 * HTTP edge those of a refused body whose type was right.
 */
export function assertValidCitaFields(fields: { duracionMin?: number; motivo?: string; inicio?: Date }): void {
  const problems: FieldProblem[] = [];
  if (fields.inicio !== undefined && (!(fields.inicio instanceof Date) || Number.isNaN(fields.inicio.getTime()))) {
    problems.push({ path: 'fecha', message: 'La fecha no es una fecha y hora válida.' });
  }
  const d = fields.duracionMin === undefined ? undefined : durationProblem(fields.duracionMin);
  if (d) problems.push(d);
  const m = fields.motivo === undefined ? undefined : motivoProblem(fields.motivo);
  if (m) problems.push(m);
  if (problems.length > 0) throw new ValidationError(problems, problems.map((p) => p.message).join(' '));
}

/**
 * The answer for a cita that does not exist, or that the caller may not
 * know exists (access.ts). "Esta cita", never its number: the front desk
 * shows these words verbatim and nobody there sees cita numbers; a client
 * of the API knows which one it asked about.
 */
export function citaNotFound(): NotFoundError {
  return new NotFoundError('Esta cita no existe.');
}
