import type { NoticePayload, TipoNotificacion } from './outbox';

/** What a notifier is asked to deliver: one outbox message, as the outside world sees it. */
export interface Notification {
  /** The outbox id: stable across retries, so a receiver can drop duplicates (delivery is at least once). */
  id: number;
  tipo: TipoNotificacion;
  idCita: number;
  /** When it became due (for a reminder: the moment it was meant to go out). */
  dueAt: Date;
  /** This delivery's attempt number, 1 for the first. */
  attempt: number;
  payload: NoticePayload;
  /**
   * False once the notification is no longer wanted (a reminder whose cita
   * was cancelled meanwhile). A notifier that retries asks before each retry
   * and gives up with NotificationWithdrawnError when it answers false.
   * Asynchronous: it reads the cita from storage.
   */
  stillWanted?: () => Promise<boolean>;
}

/** Thrown by a notifier that stopped because `stillWanted()` said no. */
export class NotificationWithdrawnError extends Error {
  constructor() {
    super('la notificación ya no procede');
    this.name = 'NotificationWithdrawnError';
  }
}

/**
 * Sends a notification to whoever must hear of it (a log line, a webhook,
 * one day SMS). Resolves only once the receiver has accepted it; rejects on
 * any failure, and the worker then tries again later.
 */
export interface Notifier {
  deliver(notification: Notification): Promise<void>;
}
