import { ContainerModule } from 'inversify';
import type { Clock } from '../../../core/ports/clock';
import type { Logger } from '../../../adapters/http/logger';
import { Upstream } from '../../../adapters/web/upstream';
import type { UpstreamFailure } from '../../../adapters/web/upstream-failure';
import type { WebConfig } from '../config';
import { T } from '../tokens';

/** Admin and citas (one or several instances), reached over HTTP only (ADMIN_URL, CITAS_URL), never through their code or databases. */
export function remoteApis(config: WebConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    // The page says only that the service does not answer: the log says which instance and why, on the request's id.
    const logFailure = (logger: Logger) => (failure: UpstreamFailure) => logger.warn(failure, `${failure.api} at ${failure.url} gave no usable answer`);
    bind(T.admin).toResolvedValue(
      (clock: Clock, logger: Logger) => new Upstream('admin', config.adminUrl, config.apiTimeoutMs, clock, config.apiConnectTimeoutMs, logFailure(logger)),
      [T.clock, T.logger],
    );
    bind(T.citas).toResolvedValue(
      (clock: Clock, logger: Logger) => new Upstream('citas', config.citasUrls, config.apiTimeoutMs, clock, config.apiConnectTimeoutMs, logFailure(logger)),
      [T.clock, T.logger],
    );
  });
}
