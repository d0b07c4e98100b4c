import { ContainerModule } from 'inversify';
import type { Clock } from '../../../core/ports/clock';
import { Upstream } from '../../../adapters/web/upstream';
import type { WebConfig } from '../config';
import { T } from '../tokens';

/** Admin and citas (one or several instances), reached over HTTP only (ADMIN_URL, CITAS_URL), never through their code or databases. */
export function remoteApis(config: WebConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(T.admin).toResolvedValue((clock: Clock) => new Upstream('admin', config.adminUrl, config.apiTimeoutMs, clock, config.apiConnectTimeoutMs), [T.clock]);
    bind(T.citas).toResolvedValue((clock: Clock) => new Upstream('citas', config.citasUrls, config.apiTimeoutMs, clock, config.apiConnectTimeoutMs), [T.clock]);
  });
}
