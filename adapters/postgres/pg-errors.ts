import { StorageUnavailableError } from '../storage/storage-unavailable';

/** The SQLSTATE of a PostgreSQL error, if it is one. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Socket-level failures: no server there, or the connection broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * SQLSTATEs that say "the server, not the statement": class 08 (connection
 * exception), 57P01-57P03 (administrator or crash shutdown, cannot connect
 * now: a restart or pg_terminate_backend), 53300 (too many connections).
 */
function serverGone(state: string): boolean {
  return state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300';
}

/**
 * node-postgres reports a dropped socket or a pool that found no connection
 * in time with a message and no code; these are its texts (pg 8).
 */
const DRIVER_MESSAGES = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable/i;

/** Whether `err` means the database cannot be reached now, rather than that one statement was wrong. */
export function isConnectionLoss(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return false;
  const state = sqlState(err);
  if (state) return serverGone(state);
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  return err instanceof Error && DRIVER_MESSAGES.test(err.message);
}

/** `err`, or the StorageUnavailableError (503 + Retry-After) it amounts to. */
export function unavailableOr(err: unknown): unknown {
  return isConnectionLoss(err) ? new StorageUnavailableError(err) : err;
}
