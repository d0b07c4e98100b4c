import { citaOfSnapshot } from '../../core/domain/appointment';
import { DEFAULT_CLINIC_TIME_ZONE } from '../../core/domain/clinic-time';
import type { Notification } from '../../core/ports/notifier';
import { citaJson } from '../http/citas/cita-json';

/**
 * The JSON a receiver gets, the same for every channel. `id` is stable
 * across retries (delivery is at least once): receivers drop repeats by it.
 * `datos.cita` is the cita as the API shows it (adapters/http), as it was
 * when the notice was written.
 */
export function notificationBody(n: Notification, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): Record<string, unknown> {
  return {
    id: n.id,
    tipo: n.tipo,
    id_cita: n.idCita,
    debida: n.dueAt.toISOString(),
    intento: n.attempt,
    datos: datosOf(n, timeZone),
  };
}

function datosOf(n: Notification, timeZone: string): Record<string, unknown> {
  const p = n.payload;
  // Notices written before the outbox held domain records already carry the wire form: send them as they are.
  if ('id_cita' in p.cita) return p as unknown as Record<string, unknown>;
  const datos: Record<string, unknown> = { tipo: n.tipo, cita: citaJson(citaOfSnapshot(p.cita), timeZone) };
  if (p.idCitaAnterior !== undefined) datos.id_cita_anterior = p.idCitaAnterior;
  if (p.estadoAnterior !== undefined) datos.estado_anterior = p.estadoAnterior;
  return datos;
}
