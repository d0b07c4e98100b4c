import type { NoticePayload, OutboxEntry, TipoNotificacion } from '../../core/ports/outbox';
import { instantOf, jsonOf, type StoredInstant, type StoredJson } from './column-values';

/** The columns of an `outbox` row a claim returns, as both SqliteOutbox and PgOutbox read them. */
export interface OutboxRow {
  id: number;
  tipo: TipoNotificacion;
  id_cita: number;
  due_at: StoredInstant;
  payload: StoredJson<NoticePayload>;
  attempts: number;
}

export function entryOf(r: OutboxRow): OutboxEntry {
  return { id: r.id, tipo: r.tipo, idCita: r.id_cita, dueAt: instantOf(r.due_at), payload: jsonOf(r.payload), attempts: r.attempts };
}
