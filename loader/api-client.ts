import http from 'node:http';
import https from 'node:https';
import { type LoaderClock, systemClock } from './clock';

/**
 * The loader's view of the two services: JSON over HTTP with one keep-alive
 * connection pool, a bearer token obtained by logging in as the admin of
 * usuarios.csv, one fresh login when the token expires mid-run, and a
 * request answered 429 or 503 sent again after its Retry-After (LATER).
 *
 * Plain node:http, not node-fetch as citas' AdminClient: the loader runs on
 * the machine whose cores hash its rows, and over a run of a few hundred
 * requests (cold code) node-fetch cost 1.6-1.8 ms of CPU a request against
 * 0.56 for node:http, the loader's largest share of CPU per record. What the
 * loader needs of it is small: one JSON answer, a timeout, one retry.
 */
export type Service = 'admin' | 'citas';

export interface FieldProblem {
  path: string;
  message: string;
}

/** Any answer of the API, success or problem: the caller decides what a status means. */
export interface ApiAnswer {
  status: number;
  body: unknown;
  /**
   * Set on an answer that says nothing of whether the request was carried
   * out (a 5xx, or a 429/503 given back) when an earlier attempt of it may
   * have been: that one was sent whole and its connection lost before any
   * answer began (a crash right after a commit looks so). The caller looks
   * for the record rather than take this answer as the request's.
   */
  afterLoss?: true;
}

/** The RFC 9457 problem fields the loader reports. */
export interface ProblemInfo {
  code: string;
  detail: string;
  errors: FieldProblem[];
}

export function problemOf(answer: ApiAnswer): ProblemInfo {
  const body = (answer.body ?? {}) as Partial<ProblemInfo>;
  return {
    code: typeof body.code === 'string' ? body.code : `HTTP_${answer.status}`,
    detail: typeof body.detail === 'string' ? body.detail : `Respuesta ${answer.status} inesperada.`,
    errors: Array.isArray(body.errors) ? body.errors : [],
  };
}

/** A service cannot be reached at all: the run stops, nothing more can go in. */
export class ServiceUnreachableError extends Error {
  constructor(
    readonly service: Service,
    readonly url: string,
    reason: string,
  ) {
    super(`No se puede conectar con el servicio ${service} en ${url} (${reason}). ¿Está arrancado? La dirección se cambia con ${urlVariable(service)}.`);
    this.name = 'ServiceUnreachableError';
  }
}

/**
 * A request sent, and no answer begun within the timeout: the service may
 * have carried it out (a create made, its answer never sent) or not, and
 * only it can say. The run stops as for a service unreachable (each further
 * row would wait the timeout out too), without sending it again; a create's
 * row says its outcome is unknown (load.ts).
 */
export class UnansweredError extends ServiceUnreachableError {
  /** The timeout as the messages say it: "30 s", "1,5 s". */
  readonly waited: string;
  constructor(service: Service, url: string, timeoutMs: number) {
    super(service, url, 'sin respuesta a tiempo');
    this.waited = `${(timeoutMs / 1000).toLocaleString('es-ES')} s`;
    this.message =
      `El servicio ${service} en ${url} no respondió en ${this.waited} (sin respuesta a tiempo): puede estar colgado o desbordado. ` +
      `Compruebe su /health y su registro antes de volver a cargar. El plazo se cambia con --timeout-ms (LOADER_TIMEOUT_MS); la dirección, con ${urlVariable(service)}.`;
    this.name = 'UnansweredError';
  }
}

/**
 * A request whose answer had begun (its status line came) when the
 * connection dropped or the time ran out halfway through its body. The
 * service took the request and carried it out as far as that status says,
 * so the request is not sent again and the run stops, as when a service
 * cannot be reached; a create's row is then looked for (load.ts), since
 * only the record tells what became of it.
 */
export class AnswerCutError extends ServiceUnreachableError {
  constructor(
    service: Service,
    url: string,
    /** The status of the answer that was cut short. */
    readonly status: number,
    reason: string,
    /** An earlier attempt of the request was sent whole and its connection lost unanswered: it may have been carried out. */
    readonly afterLoss = false,
  ) {
    super(service, url, reason);
    this.message =
      `La conexión con el servicio ${service} en ${url} se cortó a mitad de una respuesta (${status}, ${reason}): puede haberse caído o reiniciado, ` +
      `o algo entre medias cortó la conexión. Compruebe su /health y su registro antes de volver a cargar. La dirección se cambia con ${urlVariable(service)}.`;
    this.name = 'AnswerCutError';
  }
}

/**
 * A request that may have reached the service (sent whole, and its
 * connection lost before any answer began: what a crash right after a
 * commit looks like) and that could not be sent again, the service not
 * reachable (or, for a create asked findMade before the resend, its lookup
 * not reachable). Whether it was carried out is not known; the run stops as
 * for a service unreachable, and a create's row is looked for first
 * (load.ts), as after an answer cut short.
 */
export class LostAnswerError extends ServiceUnreachableError {
  constructor(unreachable: ServiceUnreachableError) {
    super(unreachable.service, unreachable.url, 'sin respuesta');
    this.message = unreachable.message;
    this.name = 'LostAnswerError';
  }
}

function urlVariable(service: Service): string {
  return service === 'admin' ? 'ADMIN_URL' : 'CITAS_URL';
}

/** The admin of usuarios.csv could not log in: nothing can be sent. */
export class LoginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoginError';
  }
}

export interface ApiClientOptions {
  adminUrl: string;
  citasUrl: string;
  credentials: { username: string; password: string };
  /** Sockets per service; the loader keeps this equal to its concurrency. */
  maxSockets?: number;
  /** How long a request may go without its whole answer (DEFAULT_TIMEOUT_MS; --timeout-ms, LOADER_TIMEOUT_MS). */
  timeoutMs?: number;
  /**
   * Ctrl-C: a request waiting to be sent again (LATER) stops waiting and
   * its last answer is given back, so nothing is sent after it and the run
   * can report at once; a create with a findMade asks it first (a read,
   * not a resend), as it does before giving back any 503.
   */
  interrupt?: AbortSignal;
  /** How long a request, or a service answering nothing else, may be waited out (WAIT_BUDGET_MS; tests shorten it). */
  waitBudgetMs?: number;
  /** What the waits for Retry-After read and spend (the machine's unless a test gives its own). */
  clock?: LoaderClock;
}

/** How a request is sent, beyond its method, path and body. */
export interface Sending {
  /** Go with the request and with each resend of it (a booking's Idempotency-Key). */
  headers?: Record<string, string>;
  /**
   * For a create the API cannot recognise when it arrives twice (a center:
   * no unique key, so no 409 and no Idempotency-Key). Asked before each
   * resend, since each follows an attempt whose outcome is unknown: a
   * connection lost once the request was sent, or a 503, which admin also
   * answers when its database lost the answer to a COMMIT that went in; and
   * before such an answer is given back instead of sent again (Ctrl-C, a
   * wait too long, the waiting budget spent). It
   * gives the answer the lost attempt had (the record found made), or
   * undefined when nothing was made and the request may go again; it throws
   * when it cannot tell, and the request is not sent again.
   */
  findMade?: () => Promise<ApiAnswer | undefined>;
}

const AUTH_FAILURES = new Set(['TOKEN_EXPIRADO', 'TOKEN_INVALIDO', 'NO_AUTENTICADO']);

/** The account the loader is logged in as (the `user` of the login answer). */
export interface SessionUser {
  id_user: number;
  username: string;
  rol: string;
}

export class ApiClient {
  private token: string | undefined;
  private pendingLogin: Promise<string> | undefined;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  /** One-off connections for the retry after a stale kept-alive socket. */
  private readonly freshHttpAgent = new http.Agent({ keepAlive: false });
  private readonly freshHttpsAgent = new https.Agent({ keepAlive: false });
  /** Logins after the first one (a token that expired mid-run). */
  relogins = 0;
  /** Who the loader is logged in as, once logged in. */
  session: SessionUser | undefined;
  /** Since when each service has answered every request "later" (LATER), while it still does. */
  private readonly laterSince = new Map<Service, number>();

  constructor(private readonly options: ApiClientOptions) {
    const maxSockets = options.maxSockets ?? 8;
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
  }

  private get clock(): LoaderClock {
    return this.options.clock ?? systemClock;
  }

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  baseUrl(service: Service): string {
    return (service === 'admin' ? this.options.adminUrl : this.options.citasUrl).replace(/\/+$/, '');
  }

  /** Logs in (once, however many requests ask at the same time) and returns the token. */
  login(): Promise<string> {
    this.pendingLogin ??= this.doLogin().finally(() => (this.pendingLogin = undefined));
    return this.pendingLogin;
  }

  async get(service: Service, path: string): Promise<ApiAnswer> {
    return this.send(service, 'GET', path);
  }

  async post(service: Service, path: string, body: unknown, how: Sending = {}): Promise<ApiAnswer> {
    return this.send(service, 'POST', path, body, how);
  }

  async send(service: Service, method: string, path: string, body?: unknown, how: Sending = {}): Promise<ApiAnswer> {
    const token = this.token ?? (await this.login());
    const answer = await this.raw(service, method, path, body, token, how);
    if (answer.status !== 401 || !AUTH_FAILURES.has(problemOf(answer).code)) return answer;
    // The token expired (or the keys rotated): log in again, once, and retry this request once.
    if (this.token === token) {
      this.token = undefined;
      this.relogins++;
    }
    const fresh = this.token ?? (await this.login());
    return this.raw(service, method, path, body, fresh, how);
  }

  /** GET without a token: /health, /ready. */
  async probe(service: Service, path: string): Promise<ApiAnswer> {
    return this.raw(service, 'GET', path, undefined, undefined);
  }

  close(): void {
    for (const agent of [this.httpAgent, this.httpsAgent, this.freshHttpAgent, this.freshHttpsAgent]) agent.destroy();
  }

  private async doLogin(): Promise<string> {
    const { username, password } = this.options.credentials;
    const answer = await this.raw('admin', 'POST', '/auth/login', { username, password }, undefined);
    if (answer.status === 200) {
      const { access_token: token, user } = answer.body as { access_token?: unknown; user?: SessionUser };
      if (typeof token === 'string') {
        this.session = user;
        return (this.token = token);
      }
    }
    const problem = problemOf(answer);
    throw new LoginError(`El admin "${username}" de usuarios.csv no puede iniciar sesión en ${this.baseUrl('admin')}: ${problem.code} — ${problem.detail}`);
  }

  private async raw(service: Service, method: string, path: string, body: unknown, token: string | undefined, how: Sending = {}): Promise<ApiAnswer> {
    const url = `${this.baseUrl(service)}${path}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { ...how.headers, accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (token) headers.authorization = `Bearer ${token}`;
    const budget = this.options.waitBudgetMs ?? WAIT_BUDGET_MS;
    let waited = 0;
    let lost = false;
    for (let resends = 0; ; resends++) {
      const exchanged = await this.delivered(service, url, method, headers, payload, how.findMade);
      if ('made' in exchanged) return exchanged.made;
      const { retryAfter } = exchanged;
      if (exchanged.lost) lost = true;
      // A 5xx or a "later" tells nothing of an attempt that may have been carried out before its connection was lost.
      const unsaid = exchanged.answer.status >= 500 || LATER.has(exchanged.answer.status);
      const answer: ApiAnswer = lost && unsaid ? { ...exchanged.answer, afterLoss: true } : exchanged.answer;
      if (!LATER.has(answer.status)) {
        this.laterSince.delete(service);
        return answer;
      }
      // The budget holds for this request and for the service's whole spell of "later": once the service has said
      // nothing else for that long it is down, not busy, and each row after it would wait the budget out again.
      const now = this.clock.now().getTime();
      const since = this.laterSince.get(service) ?? now;
      this.laterSince.set(service, since);
      const wait = resends < MAX_RESENDS ? waitMs(retryAfter, resends, now) : undefined;
      let givingUp = wait === undefined || waited + wait > budget || now - since + wait > budget;
      if (wait !== undefined && !givingUp) {
        try {
          await this.clock.sleep(wait, this.options.interrupt);
        } catch {
          givingUp = true; // Ctrl-C: the request is not sent again
        }
        waited += wait;
      }
      // A 503 may follow a commit (admin's database lost the COMMIT's answer): a create with no key of its own asks
      // before it is sent again, and before the 503 is given back as its answer, which would say it is not there.
      const made = await how.findMade?.();
      if (made) return made;
      if (givingUp) return answer;
    }
  }

  /** One answer to the request, sent again once on a new connection when the kept-alive one turns out closed. */
  private async delivered(
    service: Service,
    url: string,
    method: string,
    headers: http.OutgoingHttpHeaders,
    payload: string | undefined,
    findMade: Sending['findMade'],
  ): Promise<Exchanged | { made: ApiAnswer }> {
    // Whether an attempt may have reached the service: sent whole, then its connection lost before any answer.
    let lost = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return { ...(await this.exchange(url, method, headers, payload, attempt === 1)), ...(lost && { lost }) };
      } catch (err) {
        lost ||= err instanceof LostAfterSending;
        // If this one cannot be sent again, or its lookup cannot be made, the service may hold what it did.
        const unreachable = (cause: ServiceUnreachableError): ServiceUnreachableError => (lost ? new LostAnswerError(cause) : cause);
        // A kept-alive socket the server closed while idle fails at once with a
        // reset: the request never arrived, so retry once on a new connection.
        // But a server that took the request and then dropped the connection
        // fails alike, so a create with no key of its own asks first.
        if (attempt === 1 && !(err instanceof AnswerCutShort) && isStaleSocket(err)) {
          let made;
          try {
            made = await findMade?.();
          } catch (lookup) {
            throw lookup instanceof ServiceUnreachableError ? unreachable(lookup) : lookup;
          }
          if (made) return { made };
          continue;
        }
        if (err instanceof AnswerCutShort) throw new AnswerCutError(service, this.baseUrl(service), err.status, reasonOf(err), lost);
        if ((err as Error).name === 'TimeoutError') throw new UnansweredError(service, this.baseUrl(service), this.timeoutMs);
        throw unreachable(new ServiceUnreachableError(service, this.baseUrl(service), reasonOf(err)));
      }
    }
  }

  /** One request and its whole answer (a JSON body, or its text), within the timeout. */
  private exchange(url: string, method: string, headers: http.OutgoingHttpHeaders, payload: string | undefined, keptAlive: boolean): Promise<Exchanged> {
    const secure = url.startsWith('https:');
    const agent = keptAlive ? (secure ? this.httpsAgent : this.httpAgent) : secure ? this.freshHttpsAgent : this.freshHttpAgent;
    return new Promise((resolve, reject) => {
      let answering: number | undefined;
      let sent = false;
      const request = (secure ? https : http).request(url, { method, headers, agent }, (response) => {
        answering = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          clearTimeout(timer);
          resolve({
            answer: { status: response.statusCode ?? 0, body: parsed(Buffer.concat(chunks).toString('utf8')) },
            retryAfter: response.headers['retry-after'],
          });
        });
        response.on('error', (err) => fail(err));
        response.on('close', () => {
          if (!response.complete) fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        });
      });
      const fail = (err: Error): void => {
        clearTimeout(timer);
        request.destroy();
        // once the answer has begun the request did arrive: a lost connection then is never a stale socket to retry on
        if (answering !== undefined) return reject(new AnswerCutShort(err, answering));
        // sent whole and then lost: on a stale socket it never arrived, but it may have, and been carried out
        reject(sent && err.name !== 'TimeoutError' ? new LostAfterSending(err) : err);
      };
      const timer = setTimeout(() => fail(Object.assign(new Error('sin respuesta a tiempo'), { name: 'TimeoutError' })), this.timeoutMs);
      request.on('error', fail);
      request.on('finish', () => (sent = true));
      request.end(payload);
    });
  }
}

/**
 * How long a request may go without its whole answer unless told otherwise:
 * a create waits for its Argon2id hash behind at most --concurrency others,
 * under a second a row even on a machine at load average 25 (README: 146
 * rows in 20.5 s), so 30 s means the service is stuck, not slow.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

interface Exchanged {
  answer: ApiAnswer;
  retryAfter: string | undefined;
  /** An earlier attempt was sent whole and its connection lost before any answer (LostAfterSending); delivered() sets it. */
  lost?: true;
}

/**
 * Answers that say "not now, later", with the wait in Retry-After: admin's
 * password-hash queue is full (503; --concurrency above it, staff logging in
 * during the load), a database away for a moment (503), too many logins (429).
 * Mostly the request was not carried out, so it is sent again after that
 * wait instead of failing its row; where it was (a 503 after a COMMIT whose
 * answer was lost), the resend is recognised: an account comes back 409 and
 * is found to be the row's (existing-accounts.ts), a booking carries its
 * Idempotency-Key, a center is looked for first (Sending.findMade).
 */
const LATER = new Set([429, 503]);
/** A wait asked for longer than this is not a busy moment (an account locked after failed logins): the answer is given back. */
const LONGEST_WAIT_MS = 30_000;
/**
 * Waiting for one request, in all, before its last answer is given back (its
 * row then fails with it); and how long a service may answer nothing but
 * "later" before its answers are given back at once, until it answers
 * something else.
 */
const WAIT_BUDGET_MS = 120_000;
/** Resends of one request at most, whatever the waits (a service answering Retry-After: 0 each time). */
const MAX_RESENDS = 30;

/**
 * How long to wait before sending again: Retry-After (seconds, or an HTTP
 * date, from `now`), or without it 1 s doubling; a quarter more at random, so
 * the rows refused together do not all come back together. Undefined: do
 * not wait.
 */
function waitMs(retryAfter: string | undefined, resends: number, now: number): number | undefined {
  const asked = retryAfter === undefined ? undefined : /^\s*\d+\s*$/.test(retryAfter) ? Number(retryAfter) * 1000 : Date.parse(retryAfter) - now;
  const base = asked === undefined || Number.isNaN(asked) ? 1000 * 2 ** resends : Math.max(0, asked);
  return base > LONGEST_WAIT_MS ? undefined : base * (1 + Math.random() / 4);
}

/** The answer's text as JSON, or the text itself when it is not JSON (the caller reports the status). */
function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** A connection lost (or, once an answer has begun, the time up): what was in flight, and the error's code for isStaleSocket. */
class LostConnection extends Error {
  readonly code: string | undefined;
  constructor(cause: Error & { code?: string }) {
    super(cause.message);
    this.name = cause.name;
    this.code = cause.code;
  }
}

/** Lost after the answer had begun (with `status`): the request did arrive. */
class AnswerCutShort extends LostConnection {
  constructor(
    cause: Error & { code?: string },
    readonly status: number,
  ) {
    super(cause);
  }
}

/** Lost after the request was sent whole, before any answer began: the service may have carried it out. */
class LostAfterSending extends LostConnection {}

function isStaleSocket(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === 'ECONNRESET' || e.code === 'EPIPE' || /socket hang up/i.test(e.message ?? '');
}

function reasonOf(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'sin respuesta a tiempo';
  return e.code ?? e.message ?? 'error de red';
}
