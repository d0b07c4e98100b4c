import { ContainerModule } from 'inversify';
import type { Logger } from '../../../adapters/http/logger';
import { LogNotifier } from '../../../adapters/notify/log-notifier';
import { ReminderWorker } from '../../../adapters/notify/reminder-worker';
import { WebhookNotifier } from '../../../adapters/notify/webhook-notifier';
import type { Appointments } from '../../../core/ports/appointments';
import type { Clock } from '../../../core/ports/clock';
import type { Notifier } from '../../../core/ports/notifier';
import type { OutboxQueue } from '../../../core/ports/outbox';
import type { UnitOfWork } from '../../../core/ports/unit-of-work';
import { DEFAULT_DELIVERY_POLICY, DeliverDueNotifications } from '../../../core/use-cases/deliver-due-notifications';
import type { CitasConfig } from '../config';
import { T } from '../tokens';

/**
 * Notifications: the outbox rows the use cases write, delivered by a worker
 * in this process to a webhook (NOTIFY_WEBHOOK_URL) or, without one, to the log.
 */
export function notify(config: CitasConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(T.notifier).toResolvedValue(
      (logger: Logger) => (config.notifyWebhookUrl ? new WebhookNotifier({ url: config.notifyWebhookUrl, timeZone: config.clinicTimeZone }) : new LogNotifier(logger, config.clinicTimeZone)),
      [T.logger],
    );
    bind(T.workers).toResolvedValue(
      (queue: OutboxQueue, appointments: Appointments, notifier: Notifier, clock: Clock, uow: UnitOfWork, logger: Logger) => {
        if (!config.workers) return [];
        const delivery = new DeliverDueNotifications({ queue, appointments, notifier, clock, uow }, DEFAULT_DELIVERY_POLICY);
        const worker = new ReminderWorker(delivery, { intervalMs: config.notifyPollMs, batchSize: DEFAULT_DELIVERY_POLICY.batchSize, logger });
        return [{ name: 'notificaciones', start: () => worker.start(), stop: () => worker.stop() }];
      },
      [T.outbox, T.appointments, T.notifier, T.clock, T.unitOfWork, T.logger],
    );
  });
}
