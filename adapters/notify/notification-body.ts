import type { Notification } from '../../core/ports/notifier';

/**
 * The JSON a receiver gets, the same for every channel. `id` is stable
 * across retries (delivery is at least once): receivers drop repeats by it.
 */
export function notificationBody(n: Notification): Record<string, unknown> {
  return {
    id: n.id,
    tipo: n.tipo,
    id_cita: n.idCita,
    debida: n.dueAt.toISOString(),
    intento: n.attempt,
    datos: n.payload,
  };
}
