import { type Cita, snapshotOf } from '../domain/appointment';
import type { NoticePayload, OutboxMessage, TipoNotificacion } from '../ports/outbox';

/** What a change to a cita writes to the outbox: its notice, and the reminder of a cita that is (still) active. */

/** The notice about a change, due now. */
export function notice(tipo: TipoNotificacion, cita: Cita, now: Date, before: Omit<NoticePayload, 'cita'> = {}): OutboxMessage {
  return { tipo, idCita: cita.id, dueAt: now, payload: { cita: snapshotOf(cita), ...before } };
}

/** The reminder: `leadMinutes` before the cita, or now if that has passed already. */
export function reminder(cita: Cita, now: Date, leadMinutes: number): OutboxMessage {
  const due = Math.max(now.getTime(), cita.inicio.getTime() - leadMinutes * 60_000);
  return { tipo: 'recordatorio', idCita: cita.id, dueAt: new Date(due), payload: { cita: snapshotOf(cita) } };
}
