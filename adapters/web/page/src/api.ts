/**
 * The page's only way to the APIs: same-origin fetches to the web service's
 * /api, which holds the session cookie and adds the token. The page never
 * sees a token. Failures arrive as the APIs' own problem JSON and are thrown
 * as ApiError, carrying the API's words (`detail`).
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    readonly retryAfter?: number,
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** The session is over (expired, revoked or missing): the person must log in again. */
  get sessionLost(): boolean {
    return this.status === 401 && ['NO_AUTENTICADO', 'TOKEN_INVALIDO', 'TOKEN_EXPIRADO'].includes(this.code);
  }

  /** A service does not answer (503): say so, offer to retry. */
  get unavailable(): boolean {
    return this.status === 503;
  }

  /**
   * Citas is still answering an earlier copy of this write, sent with the
   * same Idempotency-Key (409 IDEMPOTENCIA_EN_CURSO): nothing is refused,
   * and the same request sent again gets that copy's answer. Not a taken
   * slot, though it is a 409 too.
   */
  get inProgress(): boolean {
    return this.status === 409 && this.code === 'IDEMPOTENCIA_EN_CURSO';
  }

  /**
   * The slot is taken (409 DOCTOR_OCUPADO, PACIENTE_OCUPADO): another hour
   * may do. The other 409s to a write to a cita are about the cita itself
   * (cancelled, changed or started meanwhile), where no hour would.
   */
  get slotTaken(): boolean {
    return this.status === 409 && (this.code === 'DOCTOR_OCUPADO' || this.code === 'PACIENTE_OCUPADO');
  }
}

/**
 * What a call that finds the session gone waits for: whether the same
 * person has logged in again (true), or someone else has (false).
 */
let onSessionLost: (error: ApiError) => Promise<boolean> = async () => false;

/**
 * Set by main.ts for each session: what to do when any call finds it gone.
 * Once the same person is back the call is sent again and its caller gets
 * that answer, as if nothing had happened: a 401 is the web's or the API's
 * refusal of the session before anything was done, so sending it again
 * does it once. Otherwise the call fails with the 401.
 */
export function whenSessionLost(handler: (error: ApiError) => Promise<boolean>): void {
  onSessionLost = handler;
}

/** `headers`: the few a route takes from the page (the Idempotency-Key of a write to a cita); the web passes on no others. */
export async function api<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method,
      headers: { ...headers, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(503, 'SIN_CONEXION', 'No hay conexión con la aplicación web. Compruebe la red e inténtelo de nuevo.', [], 5);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (res.ok) return parsed as T;
  const p = (parsed ?? {}) as { code?: string; detail?: string; title?: string; errors?: FieldProblem[] };
  const retry = Number(res.headers.get('retry-after'));
  const error = new ApiError(
    res.status,
    p.code ?? `HTTP_${res.status}`,
    p.detail || p.title || `La petición falló (${res.status}).`,
    p.errors ?? [],
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
  // `/sesion` itself (log in, who is logged in, Salir) answers for a session that is not there yet or any more;
  // /sesion/password, like any other call, is made within one.
  if (error.sessionLost && path !== '/sesion' && (await onSessionLost(error))) return api<T>(method, path, body, headers);
  throw error;
}

/** Path with a query string from the defined values. */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const q = params.toString();
  return q ? `${path}?${q}` : path;
}

export interface Page<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
}

/** Every item of a paginated list (100 a page), for lists a front desk holds in full (doctors, centers, a day's citas). */
export async function all<T>(path: string, query: Record<string, string | number | undefined> = {}, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const p = await api<Page<T>>('GET', withQuery(path, { ...query, page, page_size: 100 }));
    items.push(...p.items);
    if (items.length >= p.total || p.items.length === 0) break;
  }
  return items;
}
