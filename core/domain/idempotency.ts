import type { Cita } from './appointment';
import { DomainError, ValidationError } from './errors';

/**
 * Idempotent requests (IETF httpapi draft "The Idempotency-Key HTTP Header
 * Field", as Stripe does it): a client that lost the answer to a booking, a
 * change, a cancellation or a change of estado sends it again with the same
 * key and gets the answer it missed, never a second cita nor a 409 for what
 * its own first request did. The rules of it live here; the storage is the
 * IdempotencyKeys port, the orchestration core/use-cases/idempotently.ts.
 *
 * - A key belongs to the user who sent it: another user's identical key is
 *   another key.
 * - A key stands for ONE request: its operation and a fingerprint of its
 *   values (for a change of a cita, the cita's id among them). The same key
 *   with another operation (a booking's key sent with a cancellation) or
 *   other values is refused, never answered with another request's answer.
 * - It is remembered with that request and its answer, in the same
 *   transaction as the change, and only for a request that succeeded: a
 *   refused or failed request stores nothing, so its retry is judged again.
 * - Remembered for IDEMPOTENCY_WINDOW_MS (24 h, Stripe's window): long enough
 *   for any retry a person or a client makes, short enough that the table
 *   stays small. After that the same request is a new request.
 */

/** Opaque to the server: a UUID, a ULID, base64 or hex all fit. */
export const CLAVE_IDEMPOTENCIA_MAX = 255;
/** Visible ASCII a client library writes unquoted in a header (no space, comma, quote or backslash), as a regex class. */
export const CLAVE_IDEMPOTENCIA_CHARS = '[A-Za-z0-9._~:+/=-]';
const CLAVE_PATTERN = new RegExp(`^${CLAVE_IDEMPOTENCIA_CHARS}+$`);
export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

/**
 * The operations that honour a key, one per use case (POST /citas books;
 * PUT /citas/{id} cancels, changes the estado or changes the cita; DELETE
 * cancels). Stored with the key, so the database refuses any other name.
 */
export const OPERACIONES_IDEMPOTENTES = ['reservar', 'cancelar', 'cambiar_estado', 'reprogramar'] as const;
export type OperacionIdempotente = (typeof OPERACIONES_IDEMPOTENTES)[number];

/** A cita changed: the new one, and the old one it replaces (now cancelled). */
export interface CitaCambiada {
  citaNueva: Cita;
  citaAnterior: Cita;
  /**
   * The old cita as it stood just before the change (Programada or
   * Confirmada): the new one is always Programada, and a patient whose
   * Confirmada cita was changed must be told to confirm again. Kept in the
   * stored answer, so a replay says it too; absent from answers stored
   * before it was kept.
   */
  antes?: Cita;
}

/** What an operation answered, stored whole under its key: the citas as they were answered. */
export type RespuestaIdempotente<O extends OperacionIdempotente = OperacionIdempotente> = O extends 'reprogramar' ? CitaCambiada : { cita: Cita };

/** What a key stands for: who sent it, the key, and the request it came with. */
export interface IdempotentRequest<O extends OperacionIdempotente = OperacionIdempotente> {
  idUser: number;
  clave: string;
  operacion: O;
  /** fingerprintOf the request's values: the same key with another operation or fingerprint is refused. */
  huella: string;
}

/** A request answered under a key: its answer as it was given, and when. */
export interface IdempotentAnswer<O extends OperacionIdempotente = OperacionIdempotente> extends IdempotentRequest<O> {
  respuesta: RespuestaIdempotente<O>;
  creadaEn: Date;
}

/** The problem with a key, or undefined when it is usable. */
export function claveProblem(clave: string): string | undefined {
  if (clave.length === 0 || clave.length > CLAVE_IDEMPOTENCIA_MAX) return `Debe tener entre 1 y ${CLAVE_IDEMPOTENCIA_MAX} caracteres.`;
  if (!CLAVE_PATTERN.test(clave)) return 'Solo admite letras y números ASCII y los signos . _ ~ : + / = -';
  return undefined;
}

/**
 * A canonical text of a request's values (keys sorted, instants as ISO UTC):
 * the same booking written two ways (10:00 in Madrid and 09:00Z) has one
 * fingerprint. Kept whole rather than hashed: the core has no hash function,
 * and a request's values are a few hundred characters. The operation is not
 * in it but beside it (IdempotentRequest.operacion), so bookings keep the
 * fingerprints they were stored with before other operations took keys.
 */
function fingerprintOf(values: Record<string, string | number | Date | undefined>): string {
  const canonical = Object.keys(values)
    .sort()
    .map((k) => {
      const v = values[k];
      return [k, v instanceof Date ? v.toISOString() : (v ?? null)];
    });
  return JSON.stringify(canonical);
}

/**
 * Builds the request a key stands for: `values` are everything the request
 * says (for a change of a cita, its id too). An unusable key is a 422 (the
 * HTTP edge refuses it first, with 400).
 */
export function idempotentRequest<O extends OperacionIdempotente>(
  idUser: number,
  clave: string,
  operacion: O,
  values: Record<string, string | number | Date | undefined>,
): IdempotentRequest<O> {
  const problem = claveProblem(clave);
  if (problem) throw ValidationError.field('idempotencyKey', problem);
  return { idUser, clave, operacion, huella: fingerprintOf(values) };
}

/** The earliest instant whose stored answers still count at `now`. */
export function rememberedSince(now: Date): Date {
  return new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
}

/** The same key again: its answer when the request is the same (operation and values), a 422 when it is another. */
export function replayOf<O extends OperacionIdempotente>(stored: IdempotentAnswer, request: IdempotentRequest<O>): RespuestaIdempotente<O> {
  if (stored.operacion !== request.operacion || stored.huella !== request.huella) {
    throw new DomainError(
      'IDEMPOTENCIA_REUTILIZADA',
      'Esa Idempotency-Key ya se usó con otra petición. Use una clave nueva para cada petición distinta.',
    );
  }
  // The same operation answers in the same shape.
  return stored.respuesta as RespuestaIdempotente<O>;
}

/** The database refused a second answer for a key: a concurrent request with that key got there first. */
export class IdempotencyKeyInUseError extends DomainError {
  override readonly retryAfterSeconds = 1;
  constructor() {
    super('IDEMPOTENCIA_EN_CURSO', 'Otra petición con esa Idempotency-Key se está atendiendo. Reintente en un momento para recibir su respuesta.');
  }
}
