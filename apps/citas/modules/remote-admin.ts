import { ContainerModule, type ServiceIdentifier } from 'inversify';
import type { Clock } from '../../../core/ports/clock';
import type { Logger } from '../../../adapters/http/logger';
import { AdminClient } from '../../../adapters/remote/admin-client';
import { HttpDirectory } from '../../../adapters/remote/http-directory';
import type { CitasConfig } from '../config';
import { T } from '../tokens';

/** One client, so one circuit breaker, for everything citas asks admin (directory, keys, sessions). */
export const ADMIN_CLIENT = Symbol('AdminClient') as ServiceIdentifier<AdminClient>;

/** The admin service, reached over HTTP only (ADMIN_URL): the directory of doctors, patients and centers. */
export function remoteAdmin(config: CitasConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(ADMIN_CLIENT).toResolvedValue(
      (logger: Logger, clock: Clock) =>
        new AdminClient({
          baseUrl: config.adminUrl,
          ...config.admin,
          clock,
          onBreakerChange: (state) =>
            state === 'abierto'
              ? logger.warn({ adminUrl: config.adminUrl }, 'admin circuit breaker open: answering 503 without asking admin')
              : logger.info({ state }, 'admin circuit breaker state'),
        }),
      [T.logger, T.clock],
    );
    bind(T.admin).toResolvedValue(
      (client: AdminClient) => ({ name: 'admin', ping: () => client.ping('/health', config.admin.readyTimeoutMs), close: () => client.close() }),
      [ADMIN_CLIENT],
    );
    bind(T.directory).toResolvedValue((client: AdminClient) => new HttpDirectory(client), [ADMIN_CLIENT]);
  });
}
