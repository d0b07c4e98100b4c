import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { type AccessSettings, may } from '../../core/domain/access';
import { clinicDateOf, formatClinicDateTime } from '../../core/domain/clinic-time';
import { DomainError } from '../../core/domain/errors';
import { claveProblem } from '../../core/domain/idempotency';
import { PASSWORD_RULE } from '../../core/domain/password-policy';
import { ESTADO_CITA_LABEL } from '../../core/domain/appointment';
import { DIAS_JORNADA } from '../../core/domain/schedule';
import type { Clock } from '../../core/ports/clock';
import { judgedBy, parseBody } from '../http/field-problems';
import { judgePasswordChange } from '../http/password-change';
import { HttpError, sendProblem, toProblem } from '../http/problem';
import { FIELD_LIMITS } from './field-rules';
import { ownName } from './own-name';
import type { Upstream, UpstreamAnswer } from './upstream';
import { type SessionCookies, type SessionUser, sessionUserSchema, type WebSession } from './web-session';

export interface WebRoutesDeps {
  admin: Upstream;
  citas: Upstream;
  cookies: SessionCookies;
  clock: Clock;
  timeZone: string;
  /** The clinic's settings that grant permissions (RESERVA_SECRETARIA), as citas has them. */
  access: AccessSettings;
}

/**
 * Whether the person may book citas: core's access table (`cita.reservar`)
 * for their role, for themself (a patient books only for herself) and under
 * the clinic's settings, the same rule citas applies. The page reads it only
 * to leave out what would be refused (the Reservar entry, bookable free slots).
 */
function mayBook(user: SessionUser, access: AccessSettings): boolean {
  const who = { userId: user.id_user, username: user.username, rol: user.rol, idDoctor: user.id_doctor, idPaciente: user.id_paciente };
  return may(who, 'cita.reservar', { idPaciente: user.id_paciente }, access);
}

/**
 * Whether reception books in this clinic: core's access table for a
 * secretaria under the clinic's settings, as citas judges her. The page
 * tells whoever may not book (a doctor) who does, and reception is among
 * them only here.
 */
function receptionBooks(access: AccessSettings): boolean {
  return may({ userId: 0, username: '', rol: 'secretaria' }, 'cita.reservar', { idPaciente: 0 }, access);
}

/**
 * What the page may ask each API through the web service. The APIs still
 * decide who may do what with the user's token; this list only keeps the
 * web from being a relay to routes a browser has no business with
 * (metrics, docs, key publication, bulk loads).
 */
const RELAYED: Record<'admin' | 'citas', RegExp> = {
  // A user's password reset (POST /admin/usuario/{id}/password) is the Usuarios screen's; admin alone may make it.
  admin: /^\/(auth\/me|admin\/(usuario(\/\d+(\/password)?)?|(doctores|pacientes|centros)(\/\d+)?))$/,
  citas: /^\/(citas(\/disponibilidad(\/proximos)?|\/\d+(\/historial)?)?|agenda\/\d+\/(horario|ausencias(\/\d+)?))$/,
};

const loginBody = z.strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) });
/** Admin judges the new password by its policy; when this form refuses another field first, the rules that need no account speak here too. */
const passwordBody = judgedBy(
  z.strictObject({ password_actual: z.string().min(1).max(1000), password_nueva: z.string().min(1).max(1000) }),
  judgePasswordChange,
);
const loginAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number().positive(), user: sessionUserSchema });

/** Codes with which an API refuses the token itself: the session is over. */
const TOKEN_REFUSED = new Set(['NO_AUTENTICADO', 'TOKEN_INVALIDO', 'TOKEN_EXPIRADO']);

/** The web service's own forms (login, password) answer field problems as the APIs do: an absent body is an empty form. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  return parseBody(schema, value ?? {});
}

function problemCode(answer: UpstreamAnswer): string | undefined {
  try {
    return (JSON.parse(answer.body) as { code?: string }).code;
  } catch {
    return undefined;
  }
}

/** The citas routes that honour an Idempotency-Key: a booking, and a change or cancellation of one cita. */
const KEYED: Record<string, RegExp> = { POST: /^\/citas$/, PUT: /^\/citas\/\d+$/, DELETE: /^\/citas\/\d+$/ };

/**
 * The one client header the relay passes on: the Idempotency-Key of a write
 * to a cita (POST /citas, PUT and DELETE /citas/{id}), so the page's retry
 * after a lost answer gets what the first request did (the cita booked, the
 * change or cancellation made) instead of a 409 for it. Checked here by
 * core's rule, bare as the page sends it: a bad one never reaches citas.
 */
function idempotencyKeyOf(req: Request, upstream: 'admin' | 'citas', path: string): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined || upstream !== 'citas' || !KEYED[req.method]?.test(path)) return undefined;
  const problem = claveProblem(key);
  if (problem) throw new HttpError('PARAMETRO_INVALIDO', `Cabecera no válida: Idempotency-Key: ${problem}`, [{ path: 'Idempotency-Key', message: problem }]);
  return key;
}

/** Sends an API's answer on as it came: status, JSON body (problem JSON included), Retry-After and Idempotent-Replayed. */
function relay(res: Response, answer: UpstreamAnswer): void {
  res.status(answer.status);
  if (answer.retryAfter) res.set('Retry-After', answer.retryAfter);
  if (answer.replayed) res.set('Idempotent-Replayed', answer.replayed);
  if (answer.status === 204 || answer.body === '') {
    res.end();
    return;
  }
  res.type(answer.contentType).send(answer.body);
}

/**
 * The web service's own API, under /api:
 *   GET/POST/DELETE /api/sesion      who is logged in (a doctor's or patient's `nombre` too) / log in / log out
 *   POST /api/sesion/password        change one's password (and stay logged in)
 *   /api/admin/..., /api/citas/...   the two APIs, with the session's token
 */
export function webRoutes(d: WebRoutesDeps): Router {
  const router = Router({ caseSensitive: true });
  const sessionJson = (s: WebSession) => ({
    user: s.user,
    // A doctor's or patient's name for the header; absent for an admin or a secretaria, named by username.
    ...(s.nombre !== undefined ? { nombre: s.nombre } : {}),
    expira: formatClinicDateTime(new Date(s.expiresAt), d.timeZone),
    hoy: clinicDateOf(d.clock.now(), d.timeZone),
    ahora: formatClinicDateTime(d.clock.now(), d.timeZone),
    zona_horaria: d.timeZone,
    puede_reservar: mayBook(s.user, d.access),
    reserva_recepcion: receptionBooks(d.access),
    limites: FIELD_LIMITS,
    regla_contrasena: PASSWORD_RULE,
    // Core's, as citas books them: the agenda shows a doctor without a schedule on these days, never on its own guess.
    dias_jornada: DIAS_JORNADA,
    // Core's words for each estado, the ones its refusals say: the page shows no other ("No asistió", never NoAsistio).
    estados: ESTADO_CITA_LABEL,
  });

  function sessionOf(req: Request, res: Response): WebSession {
    const { session, expired } = d.cookies.read(req);
    if (session) return session;
    if (expired) {
      d.cookies.clear(res);
      throw new DomainError('TOKEN_EXPIRADO', 'Su sesión ha caducado. Inicie sesión de nuevo.');
    }
    throw new DomainError('NO_AUTENTICADO', 'No ha iniciado sesión.');
  }

  /**
   * Who a call to an API is made for: the web's request id, and the browser's
   * address (req.ip: the socket's, or a trusted proxy's X-Forwarded-For under
   * the web's TRUST_PROXY). Every call carries it: admin throttles password
   * checks per address (login and POST /auth/password alike), and without it
   * every browser would be counted as the web's one address.
   */
  const onBehalfOf = (req: Request) => ({ requestId: String(req.id), clientAddress: req.ip });

  /** Logs in with admin; on success the answer becomes the session cookie. */
  async function logIn(req: Request, res: Response, username: string, password: string): Promise<WebSession | UpstreamAnswer> {
    const answer = await d.admin.call({ method: 'POST', path: '/auth/login', body: { username, password }, ...onBehalfOf(req) });
    if (answer.status !== 200) return answer;
    const login = loginAnswer.parse(JSON.parse(answer.body));
    const nombre = await ownName(d.admin, login.user, { token: login.access_token, ...onBehalfOf(req) });
    return d.cookies.write(res, login.access_token, login.user, login.expires_in, nombre);
  }

  router.get('/sesion', (req, res) => {
    res.json(sessionJson(sessionOf(req, res)));
  });

  /** The API's logout makes a token useless at once; if admin cannot be reached, the cookie is gone from the browser anyway. */
  const endAtApi = (req: Request, token: string) =>
    d.admin.call({ method: 'POST', path: '/auth/logout', token, ...onBehalfOf(req) }).then(
      () => undefined,
      () => undefined,
    );

  router.post('/sesion', async (req, res) => {
    const body = parse(loginBody, req.body);
    const { session: replaced } = d.cookies.read(req);
    const result = await logIn(req, res, body.username, body.password);
    if (!('token' in result)) {
      relay(res, result);
      return;
    }
    // The new cookie replaces the old in this browser; a copy of the old one must not outlive it.
    if (replaced) await endAtApi(req, replaced.token);
    res.json(sessionJson(result));
  });

  router.delete('/sesion', async (req, res) => {
    const { session } = d.cookies.read(req);
    d.cookies.clear(res);
    if (session) await endAtApi(req, session.token);
    res.status(204).end();
  });

  router.post('/sesion/password', async (req, res) => {
    const session = sessionOf(req, res);
    const body = parse(passwordBody, req.body);
    const answer = await d.admin.call({ method: 'POST', path: '/auth/password', token: session.token, body, ...onBehalfOf(req) });
    if (answer.status !== 204) {
      if (answer.status === 401 && TOKEN_REFUSED.has(problemCode(answer) ?? '')) d.cookies.clear(res);
      relay(res, answer);
      return;
    }
    // Changing the password revokes every earlier token, this session's too: log in again with the new one.
    const renewed = await logIn(req, res, session.user.username, body.password_nueva).catch(() => undefined);
    if (!renewed || !('token' in renewed)) d.cookies.clear(res);
    res.status(204).end();
  });

  for (const upstream of [d.admin, d.citas]) {
    router.use(`/${upstream.name}`, async (req, res) => {
      const path = req.path;
      if (!RELAYED[upstream.name].test(path) || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method)) {
        throw new DomainError('NO_ENCONTRADO', `La aplicación web no ofrece ${req.method} /api/${upstream.name}${path}.`);
      }
      const session = sessionOf(req, res);
      const idempotencyKey = idempotencyKeyOf(req, upstream.name, path);
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      const hasBody = !['GET', 'DELETE'].includes(req.method);
      const answer = await upstream.call({
        method: req.method,
        path: `${path}${query}`,
        token: session.token,
        body: hasBody ? (req.body ?? {}) : undefined,
        idempotencyKey,
        ...onBehalfOf(req),
      });
      if (answer.status === 401 && TOKEN_REFUSED.has(problemCode(answer) ?? '')) d.cookies.clear(res);
      relay(res, answer);
    });
  }

  router.use((req, _res, next) => next(new DomainError('NO_ENCONTRADO', `No existe la ruta ${req.method} /api${req.path}.`)));
  return router;
}

/** Problem JSON for whatever a web route throws (the one error table decides the status). */
export function sendWebProblem(res: Response, err: unknown): ReturnType<typeof toProblem> {
  const problem = toProblem(err);
  sendProblem(res, problem);
  return problem;
}
