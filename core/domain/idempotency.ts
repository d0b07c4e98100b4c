import type { Cita } from './appointment';
import { DomainError, ValidationError } from './errors';

/**
 * Idempotent requests (IETF httpapi draft "The Idempotency-Key HTTP Header
 * Field", as Stripe does it): a client that lost the answer to a booking
 * sends it again with the same key and gets the cita it made, never a second
 * one. The rules of it live here; the storage is the IdempotencyKeys port,
 * the orchestration BookAppointment.
 *
 * - A key belongs to the user who sent it: another user's identical key is
 *   another key.
 * - It is remembered with a fingerprint of the request and the answer, in
 *   the same transaction as the cita, and only for a booking that succeeded:
 *   a refused or failed request stores nothing, so its retry is judged again.
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

/** What a key stands for: who sent it, the key, and the request it came with. */
export interface IdempotentRequest {
  idUser: number;
  clave: string;
  /** fingerprintOf the request: the same key with another fingerprint is refused. */
  huella: string;
}

/** A booking answered 201 under a key: the cita as it was answered. */
export interface IdempotentAnswer extends IdempotentRequest {
  cita: Cita;
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
 * and a booking's values are a few hundred characters.
 */
export function fingerprintOf(values: Record<string, string | number | Date | undefined>): string {
  const canonical = Object.keys(values)
    .sort()
    .map((k) => {
      const v = values[k];
      return [k, v instanceof Date ? v.toISOString() : (v ?? null)];
    });
  return JSON.stringify(canonical);
}

/** Builds the request a key stands for; an unusable key is a 422 (the HTTP edge refuses it first, with 400). */
export function idempotentRequest(idUser: number, clave: string, huella: string): IdempotentRequest {
  const problem = claveProblem(clave);
  if (problem) throw ValidationError.field('idempotencyKey', problem);
  return { idUser, clave, huella };
}

/** The earliest instant whose stored answers still count at `now`. */
export function rememberedSince(now: Date): Date {
  return new Date(now.getTime() - IDEMPOTENCY_WINDOW_MS);
}

/** The same key again: its answer when the request is the same, a 422 when it is another. */
export function replayOf(stored: IdempotentAnswer, request: IdempotentRequest): Cita {
  if (stored.huella !== request.huella) {
    throw new DomainError(
      'IDEMPOTENCIA_REUTILIZADA',
      'Esa Idempotency-Key ya se usó con otra petición. Use una clave nueva para cada reserva distinta.',
    );
  }
  return stored.cita;
}

/** The database refused a second answer for a key: a concurrent request with that key got there first. */
export class IdempotencyKeyInUseError extends DomainError {
  override readonly retryAfterSeconds = 1;
  constructor() {
    super('IDEMPOTENCIA_EN_CURSO', 'Otra petición con esa Idempotency-Key se está atendiendo. Reintente en un momento para recibir su respuesta.');
  }
}
