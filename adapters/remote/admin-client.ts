import http from 'node:http';
import https from 'node:https';
import { ExponentialBackoff, TaskCancelledError, TimeoutStrategy, handleWhen, retry, timeout } from 'cockatiel';
import fetch from 'node-fetch';
import type { z } from 'zod';
import { DependencyUnavailableError } from '../../core/domain/errors';
import type { Clock } from '../../core/ports/clock';
import { type BreakerState, BrokenCircuitError, CircuitBreaker } from './circuit-breaker';

export interface AdminClientOptions {
  /** ADMIN_URL, e.g. http://127.0.0.1:5001 */
  baseUrl: string;
  /** Budget of one attempt (connect + answer + body). */
  timeoutMs: number;
  /** Extra attempts after a refused connection or a 5xx (never after a timeout). */
  retries: number;
  /** First backoff delay; it doubles (with jitter) on each retry. */
  retryInitialDelayMs: number;
  /** Consecutive failed attempts that open the breaker. */
  breakerThreshold: number;
  /** How long the breaker stays open before one trial request is let through, on `clock`. */
  halfOpenAfterMs: number;
  /** The breaker's time (the service's Clock; a test's FixedClock). */
  clock: Clock;
  /** Upper bound of open sockets to admin, so a slow admin cannot make us pile up connections. */
  maxSockets?: number;
  /** Told when the breaker opens, half-opens or closes (a log line for operators). */
  onBreakerChange?: (state: BreakerState) => void;
}

/** What admin answered, once it is known to be a real answer (not an outage). */
export type AdminAnswer<T> = { ok: true; status: 200; body: T } | { ok: false; status: number };

/**
 * Admin could not give a usable answer: connection refused or reset, 5xx,
 * timeout, or a 200 whose body is not what the contract says. Only these
 * count against the breaker; a 404 or 403 is a real answer.
 */
class AdminFailure extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super(reason);
    this.name = 'AdminFailure';
  }
}

const RETRYABLE_STATUS = new Set([500, 502, 503, 504]);
/** How a connection admin closed as our request went out on it fails (node-fetch's FetchError keeps the socket's code). */
const CLOSED_UNDER_US = new Set(['ECONNRESET', 'EPIPE']);

/**
 * GETs against the admin service's REST API with the resilience citas
 * needs from a dependency on the booking path (docs/adr/0004):
 * - a per-attempt timeout, so a slow admin costs at most `timeoutMs`;
 * - retries with exponential backoff, for GETs only and only for failures
 *   that a second attempt may cure (refused/reset connection, 5xx). A timeout
 *   is not retried: admin is slow, asking again only adds load and waiting;
 * - a consecutive-failures circuit breaker shared by every call, so while
 *   admin is down callers get a 503 at once instead of each waiting for its
 *   own timeout; after `halfOpenAfterMs` on the Clock one trial request
 *   decides (circuit-breaker.ts: ours, not cockatiel's, whose time is
 *   Date.now() and cannot be set by a test);
 * - keep-alive sockets, capped.
 * Every outage becomes DependencyUnavailableError (503 + Retry-After).
 */
export class AdminClient {
  private readonly agent: http.Agent;
  /** For the one resend after a kept-alive connection was found closed: a new connection, never another pooled one. */
  private readonly freshAgent: http.Agent;
  private readonly retryPolicy;
  private readonly attemptTimeout;
  private readonly breaker: CircuitBreaker;
  private readonly retryAfterSeconds: number;
  readonly baseUrl: string;

  constructor(private readonly options: AdminClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // As many idle sockets kept as may be open: with fewer, every burst above that number closes its
    // extra sockets when it ends and the next burst opens them again (a TCP handshake and a new
    // parser on both sides, per request, under steady load).
    const maxSockets = options.maxSockets ?? 64;
    const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
    const Agent = this.baseUrl.startsWith('https:') ? https.Agent : http.Agent;
    this.agent = new Agent(agentOptions);
    this.freshAgent = new Agent({ keepAlive: false, maxSockets });
    this.retryAfterSeconds = Math.max(1, Math.ceil(options.halfOpenAfterMs / 1000));

    this.retryPolicy = retry(
      handleWhen((err) => err instanceof AdminFailure && err.retryable),
      {
        maxAttempts: options.retries,
        backoff: new ExponentialBackoff({ initialDelay: options.retryInitialDelayMs, maxDelay: options.timeoutMs }),
      },
    );
    this.breaker = new CircuitBreaker(options.clock, {
      threshold: options.breakerThreshold,
      halfOpenAfterMs: options.halfOpenAfterMs,
      isFailure: (err) => err instanceof AdminFailure || err instanceof TaskCancelledError,
      onStateChange: options.onBreakerChange,
    });
    // abortOnReturn off: an attempt has read its whole answer when it returns, so there is nothing left to cancel, and
    // aborting anyway builds a DOMException with its stack trace on every call (12 against 18-25 µs per call measured).
    this.attemptTimeout = timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  }

  /** True while the breaker refuses calls (admin failed repeatedly and recently). */
  get breakerOpen(): boolean {
    return this.breaker.state === 'abierto';
  }

  /** The breaker's state in the words of the log lines (for GET /metrics). */
  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /**
   * GET `path`, forwarding `token` as the bearer credential and `requestId`
   * as X-Request-Id (admin logs the call under the id of the request it was
   * made for, so one action is followed across both logs). A 200 body must
   * match `schema`. Other statuses below 500 are returned for the caller to
   * interpret (404 = absent). Outages reject with DependencyUnavailableError.
   */
  async get<T>(path: string, schema: z.ZodType<T>, token?: string, requestId?: string): Promise<AdminAnswer<T>> {
    try {
      // Retries outside the breaker (each attempt counts, and an open breaker is not retried), the timeout inside it.
      // A fresh parent signal per call: cockatiel's shared default would collect one listener per concurrent call.
      return await this.retryPolicy.execute(
        ({ signal }) =>
          this.breaker.execute(() => this.attemptTimeout.execute(({ signal: attempt }) => this.attempt(path, schema, token, requestId, attempt), signal)),
        new AbortController().signal,
      );
    } catch (err) {
      throw this.outage(err);
    }
  }

  /**
   * One cheap request outside the breaker, for /ready: is admin answering
   * right now? Its /health answers {"status":"ok"}; a 200 with anything else
   * (an HTML page from a proxy or a wrong ADMIN_URL) is not admin, and every
   * booking would get 503, so it is not ready either.
   */
  async ping(path: string, timeoutMs: number): Promise<void> {
    const res = await fetch(`${this.baseUrl}${path}`, { agent: this.agent, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    if (!res.ok) throw new Error(`admin ${path} -> ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`admin ${path} answered something that is not JSON`);
    }
    if ((body as { status?: unknown } | null)?.status !== 'ok') throw new Error(`admin ${path} answered an unexpected body`);
  }

  close(): void {
    this.agent.destroy();
    this.freshAgent.destroy();
  }

  private async attempt<T>(path: string, schema: z.ZodType<T>, token: string | undefined, requestId: string | undefined, signal: AbortSignal): Promise<AdminAnswer<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (requestId) headers['X-Request-Id'] = requestId;
    let status: number;
    let text: string;
    try {
      const res = await this.send(`${this.baseUrl}${path}`, headers, signal);
      status = res.status;
      text = await res.text();
    } catch (err) {
      if (signal.aborted) throw new AdminFailure('tiempo de espera agotado', false);
      throw new AdminFailure('conexión rechazada o interrumpida', true);
    }
    if (status >= 500 || status === 429) throw new AdminFailure(`respuesta ${status}`, RETRYABLE_STATUS.has(status));
    if (status !== 200) return { ok: false, status };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AdminFailure('respuesta que no es JSON', false);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new AdminFailure('respuesta con forma inesperada', false);
    return { ok: true, status: 200, body: parsed.data };
  }

  /**
   * One GET. Admin closes a connection left idle past its keep-alive timeout
   * (5 s by default); a request written on it as that close crosses never
   * reached admin, and the pool's other idle connections may be as stale. So
   * a reset, before any answer, is sent again once, at once, on a new
   * connection: what Node's http docs advise (request.reusedSocket) and what
   * undici does for its idempotent requests. It is not an attempt of its own:
   * not a retry, not a breaker failure. A second reset is admin's.
   */
  private async send(url: string, headers: Record<string, string>, signal: AbortSignal) {
    const init = { headers, signal, redirect: 'error' as const };
    try {
      return await fetch(url, { ...init, agent: this.agent });
    } catch (err) {
      if (signal.aborted || !CLOSED_UNDER_US.has((err as { code?: unknown }).code as string)) throw err;
      return fetch(url, { ...init, agent: this.freshAgent });
    }
  }

  private outage(err: unknown): unknown {
    if (err instanceof BrokenCircuitError) {
      return new DependencyUnavailableError(
        'El servicio de administración no responde; se ha dejado de consultar durante unos segundos. Inténtelo de nuevo en breve.',
        this.retryAfterSeconds,
      );
    }
    if (err instanceof TaskCancelledError) {
      return new DependencyUnavailableError('El servicio de administración tarda demasiado en responder. Inténtelo de nuevo en breve.', this.retryAfterSeconds);
    }
    if (err instanceof AdminFailure) {
      return new DependencyUnavailableError(`El servicio de administración no está disponible (${err.reason}). Inténtelo de nuevo en breve.`, this.retryAfterSeconds);
    }
    return err;
  }
}
