/**
 * Notifications written in the same transaction as the change that causes
 * them (transactional outbox), delivered later by a worker through the
 * Notifier port.
 *
 * Two sides, both implemented by one adapter:
 * - `Outbox`: what the use cases write (enqueue, and dropping the pending
 *   reminders of a cita that stops being active);
 * - `OutboxQueue`: what the delivery worker uses (claim, mark delivered,
 *   retry later, discard).
 *
 * Delivery guarantees the worker can build on:
 * - at least once: a claim only LOCKS a message until `lockUntil`; if the
 *   worker dies before markDelivered the lock expires and it is claimed again;
 * - never a reminder for a cancelled cita: cancelling or changing a cita calls
 *   `discardPendingReminders` in the same transaction, so an unclaimed
 *   reminder can no longer be claimed; for one already claimed (in flight
 *   while the cita was cancelled) the worker must re-read the cita
 *   (Appointments.byId) right before sending a 'recordatorio' and discard it
 *   unless the cita is still active.
 */
import type { CitaSnapshot, EstadoCita } from '../domain/appointment';

export const TIPOS_NOTIFICACION = ['recordatorio', 'cita_creada', 'cita_cambiada', 'cita_cancelada', 'estado_cambiado'] as const;
export type TipoNotificacion = (typeof TIPOS_NOTIFICACION)[number];

export interface OutboxMessage {
  tipo: TipoNotificacion;
  idCita: number;
  /** Not delivered before this instant (reminders: inicio - lead time; notices: now). */
  dueAt: Date;
  payload: NoticePayload;
}

/**
 * What a notice says, in the domain's terms and as plain JSON (the outbox
 * stores it): the cita as it was when it changed, and what it was before.
 * How a receiver sees it is the notifier adapter's business.
 */
export interface NoticePayload {
  cita: CitaSnapshot;
  /** cita_cambiada: the cita this one replaces. */
  idCitaAnterior?: number;
  /** estado_cambiado: the estado before the change. */
  estadoAnterior?: EstadoCita;
}

export interface Outbox {
  enqueue(message: OutboxMessage): Promise<void>;
  /** Marks every undelivered 'recordatorio' of the cita as discarded; returns how many. */
  discardPendingReminders(idCita: number, at: Date): Promise<number>;
}

export interface OutboxEntry extends OutboxMessage {
  id: number;
  /** Delivery attempts so far, this claim included. */
  attempts: number;
}

export interface OutboxQueue {
  /**
   * Atomically takes up to `limit` undelivered, undiscarded messages whose
   * next attempt is due at `now` and that no live claim holds, locks them
   * until `lockUntil` and counts the attempt. Oldest due first.
   */
  claimDue(now: Date, limit: number, lockUntil: Date): Promise<OutboxEntry[]>;
  markDelivered(id: number, at: Date): Promise<void>;
  /** Releases the lock and schedules another attempt. */
  retryLater(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  /** Never deliver this one (cita no longer active, too many attempts). */
  discard(id: number, at: Date, reason: string): Promise<void>;
  /**
   * What is waiting at `now`: undelivered, undiscarded messages whose next
   * attempt is due (claimed or not), and the earliest `dueAt` among them, for
   * operators (GET /metrics): a backlog that grows, or an oldest message that
   * ages, means delivery is not keeping up.
   */
  backlog(now: Date): Promise<OutboxBacklog>;
}

export interface OutboxBacklog {
  due: number;
  /** Absent when nothing is due. */
  oldestDueAt?: Date;
}
