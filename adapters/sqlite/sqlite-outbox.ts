import type { Outbox, OutboxBacklog, OutboxEntry, OutboxMessage, OutboxQueue, TipoNotificacion } from '../../core/ports/outbox';
import { entryOf, type OutboxRow } from '../storage/outbox-row';
import { type Db, serialOf, writeOf } from './open-database';

const PENDING = 'delivered_at IS NULL AND discarded_at IS NULL';

/**
 * Both sides of the outbox on one table. A claim is ONE UPDATE ... RETURNING
 * statement, so two workers (even in two processes) never claim the same
 * row while its lock lasts; a crashed worker's rows come back when
 * locked_until passes (at-least-once delivery).
 */
export class SqliteOutbox implements Outbox, OutboxQueue {
  private readonly serial;
  private readonly write;
  private readonly insert;
  private readonly discardReminders;
  private readonly claim;
  private readonly delivered;
  private readonly retry;
  private readonly drop;
  private readonly waiting;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.insert = db.prepare<{ tipo: TipoNotificacion; id_cita: number; due_at: number; payload: string }>(
      `INSERT INTO outbox (tipo, id_cita, due_at, payload, next_attempt_at) VALUES (@tipo, @id_cita, @due_at, @payload, @due_at)`,
    );
    this.discardReminders = db.prepare<{ id_cita: number; at: number }>(
      `UPDATE outbox SET discarded_at = @at, locked_until = NULL, last_error = 'cita no activa'
       WHERE id_cita = @id_cita AND tipo = 'recordatorio' AND ${PENDING}`,
    );
    this.claim = db.prepare<{ now: number; limit: number; lock_until: number }, OutboxRow & { next_attempt_at: number }>(
      `UPDATE outbox SET attempts = attempts + 1, locked_until = @lock_until
       WHERE id IN (
         SELECT id FROM outbox
         WHERE ${PENDING} AND next_attempt_at <= @now AND (locked_until IS NULL OR locked_until <= @now)
         ORDER BY next_attempt_at, id
         LIMIT @limit
       )
       RETURNING id, tipo, id_cita, due_at, payload, attempts, next_attempt_at`,
    );
    this.delivered = db.prepare<{ id: number; at: number }>('UPDATE outbox SET delivered_at = @at, locked_until = NULL WHERE id = @id');
    this.retry = db.prepare<{ id: number; next: number; error: string }>(
      'UPDATE outbox SET next_attempt_at = @next, locked_until = NULL, last_error = @error WHERE id = @id',
    );
    this.drop = db.prepare<{ id: number; at: number; reason: string }>(
      'UPDATE outbox SET discarded_at = @at, locked_until = NULL, last_error = @reason WHERE id = @id',
    );
    // On the outbox_pendientes partial index: as costly as the backlog is long.
    this.waiting = db.prepare<[number], { due: number; oldest: number | null }>(
      `SELECT count(*) AS due, min(due_at) AS oldest FROM outbox WHERE ${PENDING} AND next_attempt_at <= ?`,
    );
  }

  enqueue(m: OutboxMessage): Promise<void> {
    return this.write(() => {
      this.insert.run({ tipo: m.tipo, id_cita: m.idCita, due_at: m.dueAt.getTime(), payload: JSON.stringify(m.payload) });
    });
  }

  discardPendingReminders(idCita: number, at: Date): Promise<number> {
    return this.write(() => this.discardReminders.run({ id_cita: idCita, at: at.getTime() }).changes);
  }

  claimDue(now: Date, limit: number, lockUntil: Date): Promise<OutboxEntry[]> {
    return this.write(() => {
      const rows = this.claim.all({ now: now.getTime(), limit, lock_until: lockUntil.getTime() });
      return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id - b.id).map(entryOf);
    });
  }

  markDelivered(id: number, at: Date): Promise<void> {
    return this.write(() => {
      this.delivered.run({ id, at: at.getTime() });
    });
  }

  retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    return this.write(() => {
      this.retry.run({ id, next: nextAttemptAt.getTime(), error: error.slice(0, 500) });
    });
  }

  discard(id: number, at: Date, reason: string): Promise<void> {
    return this.write(() => {
      this.drop.run({ id, at: at.getTime(), reason: reason.slice(0, 500) });
    });
  }

  backlog(now: Date): Promise<OutboxBacklog> {
    return this.serial.call(() => {
      const row = this.waiting.get(now.getTime()) ?? { due: 0, oldest: null };
      return row.oldest === null ? { due: row.due } : { due: row.due, oldestDueAt: new Date(row.oldest) };
    });
  }
}
