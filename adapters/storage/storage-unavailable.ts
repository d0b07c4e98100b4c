import { DependencyUnavailableError } from '../../core/domain/errors';

/**
 * The database cannot serve right now: a PostgreSQL server that cannot be
 * reached (adapters/postgres/storage-unavailable.ts), or a SQLite file whose
 * write lock another process held for all of busy_timeout
 * (adapters/sqlite/open-database.ts). A DependencyUnavailableError, so the
 * HTTP edge answers 503 SERVICIO_NO_DISPONIBLE with Retry-After
 * (adapters/http/problem.ts) instead of a 500: the request was fine, and the
 * condition heals by itself.
 */
export class StorageUnavailableError extends DependencyUnavailableError {
  constructor(override readonly cause: unknown) {
    super('La base de datos no responde ahora. Vuelva a intentarlo en unos segundos.');
    this.name = 'StorageUnavailableError';
  }
}
