import { DependencyUnavailableError } from '../../core/domain/errors';

/**
 * The service's own database cannot answer now (unreachable, restarting, its
 * connections cut, no free connection in time). A dependency outage like
 * admin's, so the problem table already makes it a 503 with Retry-After: the
 * client retries, and by then the pool has connected again. The engine's
 * error stays in `cause` for the log; the client is told nothing about it.
 */
export class StorageUnavailableError extends DependencyUnavailableError {
  constructor(cause: unknown, retryAfterSeconds = 5) {
    super('La base de datos no responde en este momento. Inténtelo de nuevo en unos segundos.', retryAfterSeconds);
    this.name = 'StorageUnavailableError';
    this.cause = cause;
  }
}
