import { StorageUnavailableError } from '../storage/storage-unavailable';

/** Socket-level failures: the server is not there (down, restarting, unreachable). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * SQLSTATEs that say the server cannot serve now, not that the statement is
 * wrong: connection exceptions (class 08), shutting down or starting up
 * (57P01-57P03), no free connection slot (53300).
 */
const SERVER_GONE = /^(08...|57P0[123]|53300)$/;
/** node-postgres's own words when a connection dies or cannot be had in time (it sets no code). */
const DRIVER_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Connection terminated due to connection timeout|connection error and is not queryable|Client was closed and is not queryable/i;

/** True when `err` means "the server is not available", as opposed to a failed statement. */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return SERVER_GONE.test(e.code); // a SQLSTATE
  if (typeof e?.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  return typeof e?.message === 'string' && DRIVER_MESSAGES.test(e.message);
}

/** `err` as the core should see it: a StorageUnavailableError when the server is gone, else unchanged. */
export function storageError(err: unknown): unknown {
  return isConnectionFailure(err) && !(err instanceof StorageUnavailableError) ? new StorageUnavailableError(err) : err;
}
