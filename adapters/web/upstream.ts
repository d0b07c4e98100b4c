// undici's own fetch and Agent, from one package: the global fetch offers no
// connect deadline (its undici's is 10 s, past API_TIMEOUT_MS), and an Agent
// handed to it must match the undici inside each Node (6 in Node 20 and 22,
// 7 in 24), which is not kept across majors (8's broke 6's fetch).
// Loading undici makes its Agent the process's global dispatcher when none is
// set yet (its lib/global.js, which even a deep import of its fetch loads),
// so in Node 20 and 22 the global fetch then runs on undici 7's Agent. That
// is undici's documented sharing, and 7 keeps the older handler interface
// those Nodes' fetch speaks; nothing in the web process uses the global fetch,
// and the in-process web tests drive the page's calls through it, so an
// undici that broke it fails them.
import { Agent, fetch, type RequestInit, type Response } from 'undici';
import { DependencyUnavailableError } from '../../core/domain/errors';
import type { Clock } from '../../core/ports/clock';
import { connectionNeverMade } from './connection-never-made';
import { InstanceRotation, type InstanceTry } from './instance-rotation';
import { notJsonReason, thrownReason, type UpstreamFailure } from './upstream-failure';

/** What admin or citas answered, relayed as is. */
export interface UpstreamAnswer {
  status: number;
  /** The answer's JSON text ('' for 204). */
  body: string;
  contentType: string;
  /** Retry-After of a 429 or 503, passed on to the page. */
  retryAfter?: string;
  /** Idempotent-Replayed of a write to a cita sent again with its Idempotency-Key, passed on to the page. */
  replayed?: string;
}

export interface UpstreamRequest {
  method: string;
  /** Path and query, e.g. "/citas?fecha=2027-06-07". */
  path: string;
  token?: string;
  body?: unknown;
  /** The web's request id, so one action can be followed through the three logs. */
  requestId?: string;
  /** The browser's address, sent as X-Forwarded-For (the APIs believe it only from the web: their TRUST_PROXY). */
  clientAddress?: string;
  /** The page's Idempotency-Key for a write to a cita (web-routes.ts checks it first), so a retry answers what was already done. */
  idempotencyKey?: string;
}

/**
 * One of the two APIs, reached over HTTP only (ADMIN_URL, CITAS_URL). No
 * retries: the page offers "Reintentar" and tells the person what happened.
 * A refused connection, a timeout or an answer that is not JSON is an outage:
 * DependencyUnavailableError, which the problem table makes a 503 with
 * Retry-After and a message naming the service.
 *
 * Several instances of one API (CITAS_URL=citas,citas-2 on one database)
 * take turns (InstanceRotation). A request goes on to the next instance only
 * when no connection to the one tried could be made (connectionNeverMade):
 * once one was, the request may have been applied, so whatever happens next
 * is the outage above, never a second send (a booking made twice). A connect
 * that hangs (a host dropping packets) is given up after connectTimeoutMs
 * and is one of those never made. How each try ended is told to the rotation,
 * which decides who is passed over for the next requests (a frozen instance
 * costs the requests sent to it before one has been held past the connect
 * deadline, not every other one). With one URL this is the single call
 * it always was.
 */
export class Upstream {
  private readonly rotation: InstanceRotation;
  /** This API's connections; each connect is abandoned after connectTimeoutMs (UND_ERR_CONNECT_TIMEOUT), before any byte of the request is written. */
  private readonly dispatcher: Agent;

  constructor(
    /** How the person knows it: "admin" (personas y accesos) or "citas". */
    readonly name: 'admin' | 'citas',
    baseUrls: string | readonly string[],
    private readonly timeoutMs: number,
    /** When a failed instance may be tried first again, and how long a request has been held (the rotation's rules). */
    clock: Clock,
    /**
     * How long one instance may take to accept the connection (API_CONNECT_TIMEOUT_MS); undici checks it twice a second, so it
     * may end up to 500 ms later. Also how long one may hold a request before the rotation sees it as stuck: a deadline the
     * operator already set for "an instance this slow is not there", far above citas' answers (milliseconds).
     */
    connectTimeoutMs: number,
    /** Told of every instance that gave no usable answer, and why (the operator's log line: upstream-failure.ts). */
    private readonly onFailure: (failure: UpstreamFailure) => void = () => {},
  ) {
    this.rotation = new InstanceRotation(typeof baseUrls === 'string' ? [baseUrls] : baseUrls, clock, connectTimeoutMs);
    this.dispatcher = new Agent({ connect: { timeout: connectTimeoutMs } });
  }

  async call(req: UpstreamRequest): Promise<UpstreamAnswer> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.token) headers.authorization = `Bearer ${req.token}`;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (req.requestId) headers['x-request-id'] = req.requestId;
    if (req.clientAddress) headers['x-forwarded-for'] = req.clientAddress;
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    // One deadline for the whole call (API_TIMEOUT_MS): every instance tried and the answer's body, not a fresh one per instance.
    const signal = AbortSignal.timeout(this.timeoutMs);
    const init: RequestInit = {
      method: req.method,
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      redirect: 'manual',
      signal,
      dispatcher: this.dispatcher,
    };
    const { res, sent, baseUrl } = await this.send(req.path, init, req.requestId);
    let body: string;
    try {
      body = await res.text();
    } catch (err) {
      // The head came, then the deadline ran out or the connection dropped before the whole answer.
      this.rotation.record(sent, 'unanswered');
      this.failed(baseUrl, `answer cut short: ${thrownReason(err, this.timeoutMs)}`, req.requestId);
      throw this.unavailable();
    }
    this.rotation.record(sent, 'answered');
    const contentType = res.headers.get('content-type') ?? '';
    if (body !== '' && !contentType.includes('json')) {
      this.failed(baseUrl, notJsonReason(res.status, contentType), req.requestId);
      throw this.unavailable();
    }
    return {
      status: res.status,
      body,
      contentType: contentType || 'application/json',
      retryAfter: res.headers.get('retry-after') ?? undefined,
      replayed: res.headers.get('idempotent-replayed') ?? undefined,
    };
  }

  /**
   * The response's head from the first instance that could be connected to,
   * in the rotation's order, within init's one deadline, and that try, for
   * the caller to record once the body is read. Anything but a connection
   * never made ends it there: the request may have been applied.
   */
  private async send(path: string, init: RequestInit, requestId?: string): Promise<{ res: Response; sent: InstanceTry; baseUrl: string }> {
    const instances = this.rotation.order();
    for (const [i, baseUrl] of instances.entries()) {
      const sent = this.rotation.begin(baseUrl);
      try {
        return { res: await fetch(`${baseUrl}${path}`, init), sent, baseUrl };
      } catch (err) {
        const neverMade = connectionNeverMade(err);
        this.rotation.record(sent, neverMade ? 'unreachable' : 'unanswered');
        const last = !neverMade || i === instances.length - 1;
        this.failed(baseUrl, `${thrownReason(err, this.timeoutMs)}${last ? '' : '; the next instance is tried'}`, requestId);
        if (last) throw this.unavailable();
      }
    }
    throw this.unavailable();
  }

  /** GET /health answered 200: the service is up. */
  async ping(): Promise<void> {
    const res = await this.call({ method: 'GET', path: '/health' });
    if (res.status !== 200) throw this.unavailable();
  }

  private failed(url: string, reason: string, reqId?: string): void {
    this.onFailure({ api: this.name, url, reason, ...(reqId ? { reqId } : {}) });
  }

  private unavailable(): DependencyUnavailableError {
    const what = this.name === 'admin' ? 'El servicio admin (usuarios, doctores, pacientes y centros)' : 'El servicio de citas';
    return new DependencyUnavailableError(`${what} no responde en este momento. Inténtelo de nuevo en unos segundos.`, 5);
  }
}
