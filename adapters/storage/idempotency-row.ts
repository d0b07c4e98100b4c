import type { Cita } from '../../core/domain/appointment';
import type { IdempotentAnswer } from '../../core/domain/idempotency';
import { instantOf, jsonOf, type StoredInstant, type StoredJson } from './column-values';

/** A row of `claves_idempotencia`, as both SqliteIdempotencyKeys and PgIdempotencyKeys read it. */
export interface IdempotencyRow {
  id_user: number;
  clave: string;
  huella: string;
  id_cita: number;
  /** The cita as answered (201): `inicio` is ISO UTC text in the JSON. */
  respuesta: StoredJson<Omit<Cita, 'inicio'> & { inicio: string }>;
  creada_en: StoredInstant;
}

/** The answer is stored whole, so a replay sends the body first sent even if the cita changed since. */
export function answerJson(a: IdempotentAnswer): string {
  return JSON.stringify(a.cita);
}

export function answerOfRow(r: IdempotencyRow): IdempotentAnswer {
  const cita = jsonOf(r.respuesta);
  return { idUser: r.id_user, clave: r.clave, huella: r.huella, cita: { ...cita, inicio: new Date(cita.inicio) }, creadaEn: instantOf(r.creada_en) };
}
