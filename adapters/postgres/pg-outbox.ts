import type { NoticePayload, Outbox, OutboxBacklog, OutboxEntry, OutboxMessage, OutboxQueue, TipoNotificacion } from '../../core/ports/outbox';
import type { PgDatabase } from './pg-database';

interface OutboxRow {
  id: number;
  tipo: TipoNotificacion;
  id_cita: number;
  due_at: Date;
  /** jsonb, parsed by the driver. */
  payload: NoticePayload;
  attempts: number;
  next_attempt_at: Date;
}

const PENDING = 'delivered_at IS NULL AND discarded_at IS NULL';

function entryOf(r: OutboxRow): OutboxEntry {
  return { id: r.id, tipo: r.tipo, idCita: r.id_cita, dueAt: r.due_at, payload: r.payload, attempts: r.attempts };
}

/**
 * Both sides of the outbox on one table, as SqliteOutbox. A claim is one
 * UPDATE whose candidates are picked FOR UPDATE SKIP LOCKED: several
 * processes claiming at once each take rows no other claim holds (a row
 * another claim is updating is skipped, not waited for), so one message goes
 * to exactly one claimer while its lock lasts; a crashed worker's rows come
 * back when locked_until passes (at-least-once delivery).
 */
export class PgOutbox implements Outbox, OutboxQueue {
  constructor(private readonly db: PgDatabase) {}

  async enqueue(m: OutboxMessage): Promise<void> {
    await this.db.query('INSERT INTO outbox (tipo, id_cita, due_at, payload, next_attempt_at) VALUES ($1, $2, $3, $4::jsonb, $3)', [
      m.tipo,
      m.idCita,
      m.dueAt,
      JSON.stringify(m.payload),
    ]);
  }

  async discardPendingReminders(idCita: number, at: Date): Promise<number> {
    const rows = await this.db.query(
      `UPDATE outbox SET discarded_at = $2, locked_until = NULL, last_error = 'cita no activa'
       WHERE id_cita = $1 AND tipo = 'recordatorio' AND ${PENDING} RETURNING id`,
      [idCita, at],
    );
    return rows.length;
  }

  async claimDue(now: Date, limit: number, lockUntil: Date): Promise<OutboxEntry[]> {
    const rows = await this.db.query<OutboxRow>(
      `UPDATE outbox SET attempts = attempts + 1, locked_until = $3
       WHERE id IN (
         SELECT id FROM outbox
         WHERE ${PENDING} AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
         ORDER BY next_attempt_at, id
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       RETURNING id, tipo, id_cita, due_at, payload, attempts, next_attempt_at`,
      [now, limit, lockUntil],
    );
    // RETURNING keeps no order: oldest due first, as the port says.
    return rows.sort((a, b) => a.next_attempt_at.getTime() - b.next_attempt_at.getTime() || a.id - b.id).map(entryOf);
  }

  async markDelivered(id: number, at: Date): Promise<void> {
    await this.db.query('UPDATE outbox SET delivered_at = $2, locked_until = NULL WHERE id = $1', [id, at]);
  }

  async retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    await this.db.query('UPDATE outbox SET next_attempt_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1', [id, nextAttemptAt, error.slice(0, 500)]);
  }

  async discard(id: number, at: Date, reason: string): Promise<void> {
    await this.db.query('UPDATE outbox SET discarded_at = $2, locked_until = NULL, last_error = $3 WHERE id = $1', [id, at, reason.slice(0, 500)]);
  }

  /** On the outbox_pendientes partial index: as costly as the backlog is long. */
  async backlog(now: Date): Promise<OutboxBacklog> {
    const [row] = await this.db.query<{ due: string; oldest: Date | null }>(
      `SELECT count(*) AS due, min(due_at) AS oldest FROM outbox WHERE ${PENDING} AND next_attempt_at <= $1`,
      [now],
    );
    const due = Number(row.due);
    return row.oldest === null ? { due } : { due, oldestDueAt: row.oldest };
  }
}
