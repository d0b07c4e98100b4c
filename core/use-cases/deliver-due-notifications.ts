import { isActive } from '../domain/appointment';
import type { Appointments } from '../ports/appointments';
import type { Clock } from '../ports/clock';
import type { Notification, Notifier } from '../ports/notifier';
import type { OutboxEntry, OutboxQueue } from '../ports/outbox';
import type { UnitOfWork } from '../ports/unit-of-work';

export interface DeliveryPolicy {
  /** Messages claimed per round. */
  batchSize: number;
  /**
   * How long a claim holds a message. Longer than one round can take (the
   * batch is delivered in parallel, so about one notifier call with its own
   * retries); when it expires without markDelivered (crash, SIGKILL), another
   * round or process claims it again: at least once.
   */
  lockMs: number;
  /** After this many failed attempts the message is discarded (and logged by the caller). */
  maxAttempts: number;
  /** Wait before the next attempt after `attempts` failures: doubles from baseRetryMs up to maxRetryMs. */
  baseRetryMs: number;
  maxRetryMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  batchSize: 20,
  lockMs: 5 * 60_000,
  maxAttempts: 12,
  baseRetryMs: 30_000,
  maxRetryMs: 60 * 60_000,
};

export function retryDelayMs(attempts: number, policy: DeliveryPolicy): number {
  return Math.min(policy.maxRetryMs, policy.baseRetryMs * 2 ** Math.max(0, attempts - 1));
}

export interface DeliveryOutcome {
  id: number;
  idCita: number;
  tipo: OutboxEntry['tipo'];
  result: 'entregada' | 'reintentar' | 'descartada';
  /** Why it was retried or discarded. */
  reason?: string;
}

export interface DeliveryRound {
  claimed: number;
  outcomes: DeliveryOutcome[];
}

function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.slice(0, 300);
}

/**
 * One round of the notification worker: claim the due messages, deliver each
 * through the Notifier, mark it delivered only once the notifier succeeded,
 * otherwise schedule another attempt with backoff. A reminder is re-checked
 * against its cita right before sending: if the cita is no longer active
 * (cancelled, replaced, attended...) or has already started, the reminder is
 * discarded, never sent; the notifier asks again before each of its own
 * retries (Notification.stillWanted), and a failed reminder whose cita
 * stopped being active meanwhile is discarded rather than retried.
 *
 * The round's outcomes (delivered, retry later, discarded) are written
 * together, in ONE transaction once every delivery of the batch has settled:
 * one commit (one fsync with synchronous=FULL) per round instead of one per
 * message, which took the event loop from the bookings that fill the outbox
 * (BENCHMARKS.md). At least once still holds: a crash before that commit
 * leaves the batch claimed but not marked, and it is claimed and delivered
 * again when the lock expires.
 */
export class DeliverDueNotifications {
  constructor(
    private readonly ports: { queue: OutboxQueue; appointments: Appointments; notifier: Notifier; clock: Clock; uow: UnitOfWork },
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
  ) {}

  async execute(): Promise<DeliveryRound> {
    const { queue, clock, uow } = this.ports;
    const now = clock.now();
    const batch = await queue.claimDue(now, this.policy.batchSize, new Date(now.getTime() + this.policy.lockMs));
    const settled = await Promise.all(batch.map((entry) => this.deliverOne(entry)));
    if (settled.length > 0) {
      await uow.run(async () => {
        for (const { record } of settled) await record();
      });
    }
    return { claimed: batch.length, outcomes: settled.map(({ outcome }) => outcome) };
  }

  private async staleReminder(entry: OutboxEntry, now: Date): Promise<string | undefined> {
    if (entry.tipo !== 'recordatorio') return undefined;
    const cita = await this.ports.appointments.byId(entry.idCita);
    if (!cita) return 'la cita no existe';
    if (!isActive(cita) || cita.idCitaNueva !== undefined) return `la cita está ${cita.estado}`;
    if (cita.inicio.getTime() <= now.getTime()) return 'la cita ya ha comenzado';
    return undefined;
  }

  /** Delivers one message; what to write about it is returned, to be written with the rest of the round. */
  private async deliverOne(entry: OutboxEntry): Promise<{ outcome: DeliveryOutcome; record: () => Promise<void> }> {
    const { queue, clock, notifier } = this.ports;
    const base = { id: entry.id, idCita: entry.idCita, tipo: entry.tipo };
    const stale = await this.staleReminder(entry, clock.now());
    if (stale) {
      const at = clock.now();
      return { outcome: { ...base, result: 'descartada', reason: stale }, record: () => queue.discard(entry.id, at, stale) };
    }
    const notification: Notification = {
      id: entry.id,
      tipo: entry.tipo,
      idCita: entry.idCita,
      dueAt: entry.dueAt,
      attempt: entry.attempts,
      payload: entry.payload,
      stillWanted: async () => (await this.staleReminder(entry, clock.now())) === undefined,
    };
    try {
      await notifier.deliver(notification);
    } catch (err) {
      const at = clock.now();
      const staleNow = await this.staleReminder(entry, at);
      if (staleNow) {
        return { outcome: { ...base, result: 'descartada', reason: staleNow }, record: () => queue.discard(entry.id, at, staleNow) };
      }
      const reason = reasonOf(err);
      if (entry.attempts >= this.policy.maxAttempts) {
        return {
          outcome: { ...base, result: 'descartada', reason },
          record: () => queue.discard(entry.id, at, `${entry.attempts} intentos fallidos; último: ${reason}`),
        };
      }
      const next = new Date(at.getTime() + retryDelayMs(entry.attempts, this.policy));
      return { outcome: { ...base, result: 'reintentar', reason }, record: () => queue.retryLater(entry.id, next, reason) };
    }
    const at = clock.now();
    return { outcome: { ...base, result: 'entregada' }, record: () => queue.markDelivered(entry.id, at) };
  }
}
