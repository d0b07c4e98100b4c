import type { Logger } from 'pino';
import type { Notification, Notifier } from '../../core/ports/notifier';
import { notificationBody } from './notification-body';

/**
 * What a cita's notice may not put in a log line: the patient's own words
 * about why she comes and why she cancels (health data). A webhook is the
 * clinic's receiver and gets them; a log is read by IT and shipped on.
 */
const PATIENTS_WORDS = ['motivo', 'motivo_cancelacion'] as const;

/**
 * The default channel: one structured log line per notification, so a
 * clinic without a webhook still sees every reminder and change notice:
 * the notice's body (notification-body.ts) with the cita's id, time,
 * people and estado, without the patient's words (PATIENTS_WORDS).
 */
export class LogNotifier implements Notifier {
  constructor(
    private readonly logger: Logger,
    /** The clinic's zone: times in the notice are written with its offset. */
    private readonly timeZone?: string,
  ) {}

  async deliver(n: Notification): Promise<void> {
    this.logger.info({ notificacion: withoutPatientsWords(notificationBody(n, this.timeZone)) }, `notificación ${n.tipo} de la cita ${n.idCita}`);
  }
}

/** A notice's body as the log gets it (exported for the notifier contract's fixture). */
export function withoutPatientsWords(body: Record<string, unknown>): Record<string, unknown> {
  const datos = body.datos as { cita?: Record<string, unknown> } | undefined;
  if (!datos?.cita) return body;
  const cita = { ...datos.cita };
  for (const field of PATIENTS_WORDS) delete cita[field];
  return { ...body, datos: { ...datos, cita } };
}
