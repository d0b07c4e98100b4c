import { Container } from 'inversify';
import type { Clock } from '../../core/ports/clock';
import { SystemClock } from '../../adapters/clock/system-clock';
import { createLogger, type Logger } from '../../adapters/http/logger';
import type { WebConfig } from './config';
import { http } from './modules/http';
import { remoteApis } from './modules/remote-apis';
import { session } from './modules/session';
import { T } from './tokens';

export { T } from './tokens';

/** Replacements for tests (a fixed clock, a logger whose lines they read); production passes none. */
export interface ContainerOverrides {
  clock?: Clock;
  logger?: Logger;
}

/**
 * The web composition root: one module per adapter family (the two APIs
 * over HTTP, the session cookie, the HTTP face). Nothing is opened until the
 * first `get`, and nothing happens at import time.
 */
export function buildContainer(config: WebConfig, overrides: ContainerOverrides = {}): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(T.config).toConstantValue(config);
  c.bind(T.logger).toResolvedValue(() => overrides.logger ?? createLogger('web', config.logLevel));
  c.bind(T.clock).toConstantValue(overrides.clock ?? new SystemClock());
  c.load(remoteApis(config), session(config), http(config));
  return c;
}
