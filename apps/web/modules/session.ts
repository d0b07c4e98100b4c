import { ContainerModule } from 'inversify';
import type { Clock } from '../../../core/ports/clock';
import { SessionSeal } from '../../../adapters/web/session-seal';
import { SessionCookies } from '../../../adapters/web/web-session';
import type { WebConfig } from '../config';
import { T } from '../tokens';

/** The session: the API token sealed (AES-GCM, SESSION_SECRET) in an HttpOnly, SameSite=Strict cookie. */
export function session(config: WebConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(T.cookies).toResolvedValue(
      (clock: Clock) => new SessionCookies(new SessionSeal(config.session.secret), clock, { secure: config.session.cookieSecure }),
      [T.clock],
    );
  });
}
