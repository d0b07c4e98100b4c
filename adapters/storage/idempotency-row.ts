import { type Cita, citaOfSnapshot, type CitaSnapshot, snapshotOf } from '../../core/domain/appointment';
import type { IdempotentAnswer, OperacionIdempotente, RespuestaIdempotente } from '../../core/domain/idempotency';
import { instantOf, jsonOf, type StoredInstant, type StoredJson } from './column-values';

/** An answer as stored: each of its citas as a snapshot (`inicio` ISO UTC text), under its name ("cita", or "citaNueva" and "citaAnterior"). */
type StoredRespuesta = Record<string, CitaSnapshot>;

/** A row of `claves_idempotencia`, as both SqliteIdempotencyKeys and PgIdempotencyKeys read it. */
export interface IdempotencyRow {
  id_user: number;
  clave: string;
  operacion: OperacionIdempotente;
  huella: string;
  /** The cita the request made or acted on (a change: the new one). */
  id_cita: number;
  respuesta: StoredJson<StoredRespuesta>;
  creada_en: StoredInstant;
}

/** The answer is stored whole, so a replay sends the body first sent even if the citas changed since. */
export function answerJson(a: IdempotentAnswer): string {
  const stored: StoredRespuesta = Object.fromEntries(Object.entries(a.respuesta).map(([name, cita]: [string, Cita]) => [name, snapshotOf(cita)]));
  return JSON.stringify(stored);
}

/** The cita of `id_cita`. */
export function citaIdOf(a: IdempotentAnswer): number {
  return 'cita' in a.respuesta ? a.respuesta.cita.id : a.respuesta.citaNueva.id;
}

export function answerOfRow(r: IdempotencyRow): IdempotentAnswer {
  const stored = jsonOf(r.respuesta);
  // Written by answerJson for this operation, so it has this operation's shape.
  const respuesta = Object.fromEntries(Object.entries(stored).map(([name, s]) => [name, citaOfSnapshot(s)])) as RespuestaIdempotente;
  return { idUser: r.id_user, clave: r.clave, operacion: r.operacion, huella: r.huella, respuesta, creadaEn: instantOf(r.creada_en) };
}
