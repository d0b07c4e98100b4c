import type { Logger } from 'pino';
import type { DeliveryRound } from '../../core/use-cases/deliver-due-notifications';

export interface ReminderWorkerOptions {
  /** Pause between rounds when the last one did not fill a batch. */
  intervalMs: number;
  /** The round's batch size: a round that claimed this many probably left more behind, so the next starts at once. */
  batchSize: number;
  logger: Logger;
}

/**
 * Runs the delivery round (DeliverDueNotifications) inside the citas process:
 * one round at a time, again at once while rounds come back full, otherwise
 * after `intervalMs`. stop() lets the round in flight finish (SIGTERM drains
 * it) and starts no other; what it did not deliver stays in the outbox for
 * the next start. Several processes on one database file may each run one:
 * claims are atomic, so a message goes to one worker at a time.
 */
export class ReminderWorker {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private running = false;

  constructor(
    private readonly round: { execute(): Promise<DeliveryRound> },
    private readonly opts: ReminderWorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  /** One round now (tests and the next tick share this path). */
  async runOnce(): Promise<DeliveryRound | undefined> {
    if (this.inFlight) await this.inFlight;
    let result: DeliveryRound | undefined;
    const work = (async () => {
      try {
        result = await this.round.execute();
        this.log(result);
      } catch (err) {
        const e = err as { name?: string; code?: unknown };
        this.opts.logger.error({ errorType: e?.name ?? typeof err, errorCode: typeof e?.code === 'string' ? e.code : undefined }, 'ronda de notificaciones fallida');
      }
    })();
    this.inFlight = work;
    try {
      await work;
    } finally {
      if (this.inFlight === work) this.inFlight = undefined;
    }
    return result;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runOnce().then((round) => {
        const full = round !== undefined && round.claimed >= this.opts.batchSize;
        this.schedule(full ? 0 : this.opts.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private log(round: DeliveryRound): void {
    for (const o of round.outcomes) {
      const fields = { id_notificacion: o.id, id_cita: o.idCita, tipo: o.tipo, resultado: o.result, motivo: o.reason };
      if (o.result === 'entregada') this.opts.logger.debug(fields, 'notificación entregada');
      else this.opts.logger.warn(fields, o.result === 'reintentar' ? 'notificación no entregada; se reintentará' : 'notificación descartada');
    }
  }
}
