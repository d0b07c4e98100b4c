import type { SystemError } from './connection-never-made';

/**
 * Why one instance of admin or citas gave the web no usable answer, for the
 * operator's log: the page only hears "el servicio de citas no responde"
 * (503), and whoever runs the clinic must tell a stopped service from a
 * wrong URL, a slow one or a proxy in the way. Never the answer's body (it
 * may hold personal data) nor the request's.
 */
export interface UpstreamFailure {
  /** Which API: the service named by the page's message. */
  api: 'admin' | 'citas';
  /** The instance tried (one of CITAS_URL's, or ADMIN_URL). */
  url: string;
  /** What happened, in a few words with the system's code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT...). */
  reason: string;
  /** The web's request id: the same as on the request's own log line and in the API's logs. */
  reqId?: string;
}

/**
 * What a fetch failure's cause says: the system's codes (several when every
 * address of a host name was tried), else its message (fetch's own refusals
 * carry no code).
 */
function causeOf(cause: unknown): string[] {
  if (cause instanceof AggregateError) return cause.errors.flatMap(causeOf);
  const { code, syscall } = (cause ?? {}) as SystemError;
  if (typeof code === 'string') return [typeof syscall === 'string' ? `${code} (${syscall})` : code];
  return cause instanceof Error && cause.message ? [cause.message] : [];
}

/**
 * A fetch, or the read of its answer, that threw: no answer within the
 * deadline (API_TIMEOUT_MS's abort), or a connection that failed or broke,
 * with what the system said.
 */
export function thrownReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms (API_TIMEOUT_MS)`;
  const causes = causeOf((err as { cause?: unknown } | undefined)?.cause);
  const what = err instanceof Error ? err.message : String(err);
  return causes.length ? `${what}: ${[...new Set(causes)].join(', ')}` : what;
}

/** An answer that is not the API's JSON: a proxy's or a wrong server's page. */
export function notJsonReason(status: number, contentType: string): string {
  return `answered ${status} with ${contentType || 'no Content-Type'}, not the API's JSON (a proxy's or another server's page?)`;
}
