/**
 * One booking as the person means it, across the presses of Reservar: the
 * Idempotency-Key that citas uses to answer a retry with the cita already
 * booked (docs/citas.md). The same form values keep their key while the
 * answer is unknown (503, no connection, a timeout: citas may have booked);
 * any answer that settles the attempt (201, 4xx) ends it, and changed values
 * are another booking with a new key (the old key with them would be 422).
 */
export class BookingAttempt {
  private current: { request: string; key: string } | undefined;

  /** The key to send with `request` (the body, as sent). */
  keyFor(request: unknown): string {
    const text = JSON.stringify(request);
    if (this.current?.request !== text) this.current = { request: text, key: newKey() };
    return this.current.key;
  }

  /** The answer settled it (booked, or refused for good): the next press is a new booking. */
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
