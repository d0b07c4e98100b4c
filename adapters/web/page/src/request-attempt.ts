/**
 * One write to a cita as the person means it, across the presses of its
 * button (Reservar, Guardar cambio, Confirmar cancelación, Confirmar...):
 * the Idempotency-Key that citas uses to answer a retry with what the first
 * press already did (docs/citas.md). The same values keep their key while
 * the answer is unknown (503, no connection, a timeout: citas may have done
 * it); any answer that settles the attempt (2xx, 4xx) ends it, and other
 * values are another request with a new key (the old key with them would be
 * 422). One attempt serves one form or panel, so one target: a booking, or
 * the one cita a change or cancellation is for.
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
