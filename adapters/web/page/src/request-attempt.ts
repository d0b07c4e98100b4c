import { ApiError } from './api.js';

/**
 * One write to a cita as the person means it, across the presses of its
 * button (Reservar, Guardar cambio, Confirmar cancelación, Confirmar...):
 * the Idempotency-Key that citas uses to answer a retry with what the first
 * press already did (docs/citas.md). The same values keep their key while
 * the answer is unknown (503, no connection, a timeout: citas may have done
 * it) or still coming (409 IDEMPOTENCIA_EN_CURSO: citas is answering the
 * first press); any answer that settles the attempt (2xx, any other 4xx)
 * ends it, and other values are another request with a new key (the old key
 * with them would be 422). One attempt serves one form or panel, so one
 * target: a booking, or the one cita a change or cancellation is for.
 */
export class RequestAttempt {
  private current: { request: string; key: string } | undefined;

  /** The key to send with `request` (the body, as sent). */
  keyFor(request: unknown): string {
    const text = JSON.stringify(request);
    if (this.current?.request !== text) this.current = { request: text, key: newKey() };
    return this.current.key;
  }

  /** The answer settled it (done, or refused for good): the next press is a new request. */
  settled(): void {
    this.current = undefined;
  }

  /**
   * The request failed with `error`: an answer from the API settles it,
   * unless it leaves the outcome open (503: citas may have done it; 409
   * IDEMPOTENCIA_EN_CURSO: citas is still doing the first press), when the
   * next press must carry the same key to get that outcome.
   */
  failed(error: unknown): void {
    if (error instanceof ApiError && !error.unavailable && !error.inProgress) this.settled();
  }
}

/**
 * What the person reads when citas is still answering her first press of
 * `boton` (ApiError.inProgress): the API's own words name a request header,
 * which means nothing at a front desk. Pressing it again is safe: it
 * carries the same key, so it gets the first press's answer.
 */
export function stillInProgress(boton: string, error: ApiError): string {
  const wait = error.retryAfter ? `dentro de ${error.retryAfter} s` : 'en un momento';
  return `Su primera pulsación todavía se está procesando. Pulse «${boton}» de nuevo ${wait} para ver su resultado: no se hará dos veces.`;
}

/**
 * A random UUID (version 4). crypto.randomUUID exists only in secure
 * contexts, and the front desk may be served over plain HTTP on a clinic's
 * network; getRandomValues is there in every context.
 */
function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
