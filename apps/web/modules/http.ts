import { ContainerModule } from 'inversify';
import type { Clock } from '../../../core/ports/clock';
import type { Logger } from '../../../adapters/http/logger';
import { createWebApp } from '../../../adapters/web/create-web-app';
import type { Upstream } from '../../../adapters/web/upstream';
import type { SessionCookies } from '../../../adapters/web/web-session';
import type { WebConfig } from '../config';
import { T } from '../tokens';

/** The web service's HTTP face: the page's files and /api. */
export function http(config: WebConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(T.app).toResolvedValue(
      (admin: Upstream, citas: Upstream, cookies: SessionCookies, clock: Clock, logger: Logger) =>
        createWebApp({
          admin,
          citas,
          cookies,
          clock,
          logger,
          timeZone: config.clinicTimeZone,
          access: { reservaSecretaria: config.reservaSecretaria },
          pageDir: config.pageDir,
          publicOrigin: config.publicOrigin,
          allowedHosts: config.allowedHosts,
          trustProxy: config.trustProxy,
        }),
      [T.admin, T.citas, T.cookies, T.clock, T.logger],
    );
  });
}
