import type { Cita } from '../domain/appointment';
import { citaFields } from '../domain/appointment-fields';
import type { OutboxMessage, TipoNotificacion } from '../ports/outbox';

/** What a change to a cita writes to the outbox: its notice, and the reminder of a cita that is (still) active. */

/** The notice about a change, due now. */
export function notice(tipo: TipoNotificacion, cita: Cita, now: Date, timeZone: string, extra: Record<string, unknown> = {}): OutboxMessage {
  return { tipo, idCita: cita.id, dueAt: now, payload: { tipo, cita: citaFields(cita, timeZone), ...extra } };
}

/** The reminder: `leadMinutes` before the cita, or now if that has passed already. */
export function reminder(cita: Cita, now: Date, leadMinutes: number, timeZone: string): OutboxMessage {
  const due = Math.max(now.getTime(), cita.inicio.getTime() - leadMinutes * 60_000);
  return {
    tipo: 'recordatorio',
    idCita: cita.id,
    dueAt: new Date(due),
    payload: { tipo: 'recordatorio', cita: citaFields(cita, timeZone) },
  };
}
