import { SerialTransactions } from '../../adapters/storage/serial-transactions';
import type { Outbox, OutboxBacklog, OutboxEntry, OutboxMessage, OutboxQueue } from '../../core/ports/outbox';
import type { Transactional } from './in-memory-unit-of-work';

export interface StoredOutboxMessage extends OutboxMessage {
  id: number;
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil?: Date;
  deliveredAt?: Date;
  discardedAt?: Date;
  lastError?: string;
}

function copy(m: StoredOutboxMessage): StoredOutboxMessage {
  return structuredClone(m);
}

/** The outbox (both sides) in an array. */
export class InMemoryOutbox implements Outbox, OutboxQueue, Transactional {
  serial = new SerialTransactions();
  private rows: StoredOutboxMessage[] = [];
  private nextId = 1;

  enqueue(message: OutboxMessage): Promise<void> {
    return this.serial.call(() => {
      this.rows.push(copy({ ...message, id: this.nextId++, attempts: 0, nextAttemptAt: message.dueAt }));
    });
  }

  discardPendingReminders(idCita: number, at: Date): Promise<number> {
    return this.serial.call(() => {
      let n = 0;
      for (const r of this.rows) {
        if (r.idCita === idCita && r.tipo === 'recordatorio' && !r.deliveredAt && !r.discardedAt) {
          r.discardedAt = new Date(at.getTime());
          r.lastError = 'cita no activa';
          n++;
        }
      }
      return n;
    });
  }

  claimDue(now: Date, limit: number, lockUntil: Date): Promise<OutboxEntry[]> {
    return this.serial.call(() => {
      const t = now.getTime();
      const due = this.rows
        .filter((r) => !r.deliveredAt && !r.discardedAt && r.nextAttemptAt.getTime() <= t && (!r.lockedUntil || r.lockedUntil.getTime() <= t))
        .sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id)
        .slice(0, limit);
      return due.map((r) => {
        r.attempts++;
        r.lockedUntil = new Date(lockUntil.getTime());
        return { id: r.id, tipo: r.tipo, idCita: r.idCita, dueAt: new Date(r.dueAt.getTime()), payload: structuredClone(r.payload), attempts: r.attempts };
      });
    });
  }

  markDelivered(id: number, at: Date): Promise<void> {
    return this.serial.call(() => {
      const r = this.find(id);
      r.deliveredAt = new Date(at.getTime());
      r.lockedUntil = undefined;
    });
  }

  retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void> {
    return this.serial.call(() => {
      const r = this.find(id);
      r.nextAttemptAt = new Date(nextAttemptAt.getTime());
      r.lockedUntil = undefined;
      r.lastError = error;
    });
  }

  discard(id: number, at: Date, reason: string): Promise<void> {
    return this.serial.call(() => {
      const r = this.find(id);
      r.discardedAt = new Date(at.getTime());
      r.lockedUntil = undefined;
      r.lastError = reason;
    });
  }

  backlog(now: Date): Promise<OutboxBacklog> {
    return this.serial.call(() => {
      const due = this.rows.filter((r) => !r.deliveredAt && !r.discardedAt && r.nextAttemptAt.getTime() <= now.getTime());
      if (due.length === 0) return { due: 0 };
      return { due: due.length, oldestDueAt: new Date(Math.min(...due.map((r) => r.dueAt.getTime()))) };
    });
  }

  /** Everything ever enqueued, with its delivery state (tests). */
  all(): StoredOutboxMessage[] {
    return this.rows.map(copy);
  }

  /** Undelivered, undiscarded messages. */
  pending(): StoredOutboxMessage[] {
    return this.rows.filter((r) => !r.deliveredAt && !r.discardedAt).map(copy);
  }

  private find(id: number): StoredOutboxMessage {
    const r = this.rows.find((x) => x.id === id);
    if (!r) throw new Error(`unknown outbox message ${id}`);
    return r;
  }

  snapshot(): unknown {
    return { rows: this.rows.map(copy), nextId: this.nextId };
  }

  restore(s: unknown): void {
    const saved = s as { rows: StoredOutboxMessage[]; nextId: number };
    this.rows = saved.rows.map(copy);
    this.nextId = saved.nextId;
  }
}
