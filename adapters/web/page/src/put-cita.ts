import { api } from './api.js';
import type { RequestAttempt } from './request-attempt.js';
import type { Cita } from './types.js';

/**
 * A change of a cita's estado or its cancellation (PUT /citas/{id}), sent as
 * one press of `attempt` (request-attempt.ts): with its Idempotency-Key, the
 * attempt settled by the answer or, when the outcome is open (a 503, citas
 * still answering), kept for the next press. Whatever the press is on (the
 * cita's panel, a row of Por confirmar), it is this one request.
 */
export async function putCita(id: number, body: Record<string, unknown>, attempt: RequestAttempt): Promise<{ message?: string; cita: Cita }> {
  try {
    const r = await api<{ message?: string; cita: Cita }>('PUT', `/citas/citas/${id}`, body, { 'idempotency-key': attempt.keyFor(body) });
    attempt.settled();
    return r;
  } catch (err) {
    attempt.failed(err);
    throw err;
  }
}
