import type { Logger } from 'pino';
import type { Notification, Notifier } from '../../core/ports/notifier';
import { notificationBody } from './notification-body';

/**
 * The default channel: one structured log line per notification, so a
 * clinic without a webhook still sees every reminder and change notice.
 */
export class LogNotifier implements Notifier {
  constructor(
    private readonly logger: Logger,
    /** The clinic's zone: times in the notice are written with its offset. */
    private readonly timeZone?: string,
  ) {}

  async deliver(n: Notification): Promise<void> {
    this.logger.info({ notificacion: notificationBody(n, this.timeZone) }, `notificación ${n.tipo} de la cita ${n.idCita}`);
  }
}
