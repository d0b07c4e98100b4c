import { ContainerModule } from 'inversify';
import { citasMetrics } from '../../../adapters/http/citas/citas-metrics';
import type { AdminClient } from '../../../adapters/remote/admin-client';
import type { Clock } from '../../../core/ports/clock';
import type { OutboxQueue } from '../../../core/ports/outbox';
import { T } from '../tokens';
import { ADMIN_CLIENT } from './remote-admin';

/**
 * GET /metrics: requests and latency by route template and status, Node's
 * process metrics, bookings and conflicts, the outbox backlog (read at
 * scrape time) and the admin circuit breaker's state.
 */
export function metrics(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(T.metrics).toResolvedValue(
      (outbox: OutboxQueue, clock: Clock, client: AdminClient) => citasMetrics({ outbox, clock, breakerState: () => client.breakerState }),
      [T.outbox, T.clock, ADMIN_CLIENT],
    );
  });
}
