import type { ServiceIdentifier } from 'inversify';
import type { Express } from 'express';
import type { Clock } from '../../core/ports/clock';
import type { Logger } from '../../adapters/http/logger';
import type { Upstream } from '../../adapters/web/upstream';
import type { SessionCookies } from '../../adapters/web/web-session';
import type { WebConfig } from './config';

/**
 * The names the web container binds. Each adapter family's module binds its
 * part: the two APIs over HTTP, the session cookie, the HTTP face.
 */
export const T = {
  config: Symbol('WebConfig') as ServiceIdentifier<WebConfig>,
  logger: Symbol('Logger') as ServiceIdentifier<Logger>,
  clock: Symbol('Clock') as ServiceIdentifier<Clock>,
  // the APIs, over HTTP only
  admin: Symbol('AdminApi') as ServiceIdentifier<Upstream>,
  citas: Symbol('CitasApi') as ServiceIdentifier<Upstream>,
  // the session
  cookies: Symbol('SessionCookies') as ServiceIdentifier<SessionCookies>,
  app: Symbol('HttpApp') as ServiceIdentifier<Express>,
};
