import { ContainerModule } from 'inversify';
import { Upstream } from '../../../adapters/web/upstream';
import type { WebConfig } from '../config';
import { T } from '../tokens';

/** Admin and citas, reached over HTTP only (ADMIN_URL, CITAS_URL), never through their code or databases. */
export function remoteApis(config: WebConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(T.admin).toResolvedValue(() => new Upstream('admin', config.adminUrl, config.apiTimeoutMs));
    bind(T.citas).toResolvedValue(() => new Upstream('citas', config.citasUrl, config.apiTimeoutMs));
  });
}
