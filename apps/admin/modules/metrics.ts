import { ContainerModule } from 'inversify';
import { HttpMetrics } from '../../../adapters/http/metrics';
import { T } from '../tokens';

/** GET /metrics: requests and latency by route template and status, and Node's process metrics. */
export function metrics(): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(T.metrics).toResolvedValue(() => new HttpMetrics());
  });
}
