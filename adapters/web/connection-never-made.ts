/**
 * Errors that mean the connection itself was never made: nothing of the
 * request left this process. Reset, "other side closed", a timeout once
 * connected (API_TIMEOUT_MS's abort) and anything else may come after the
 * request (or part of it) was sent and applied, and are not here.
 */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The phases before a socket exists. EHOSTUNREACH can also end an open
 * connection (an ICMP error mid-request), so the code alone is not enough:
 * Node names the call that failed.
 */
const BEFORE_CONNECTED = new Set(['connect', 'getaddrinfo']);

/** What Node's socket and DNS errors carry (fetch's cause), also read by upstream-failure.ts for the log. */
export interface SystemError {
  code?: unknown;
  syscall?: unknown;
}

function failedToConnect(cause: unknown): boolean {
  if (cause instanceof AggregateError) return cause.errors.length > 0 && cause.errors.every(failedToConnect);
  const { code, syscall } = (cause ?? {}) as SystemError;
  // The connect deadline (Upstream's Agent, API_CONNECT_TIMEOUT_MS): undici gave up before the socket connected, and writes a request only once it has.
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return true;
  return typeof code === 'string' && CONNECT_FAILURES.has(code) && typeof syscall === 'string' && BEFORE_CONNECTED.has(syscall);
}

/**
 * Whether a fetch failed before any byte of the request was sent, so the
 * same request may go to another instance without being applied twice (a
 * POST /citas booked twice). fetch wraps the socket's error as the cause of
 * its "fetch failed" TypeError; an abort (our timeout) is never one of these.
 */
export function connectionNeverMade(err: unknown): boolean {
  return err instanceof TypeError && failedToConnect(err.cause);
}
