/**
 * A stand-in admin service for the loader's tests, over real HTTP on
 * loopback: what the loader's rows meet (creates, 409s, paginated lists),
 * with no Argon2 cost per row. The loader's suites that need the real rules
 * start the real services instead (test/e2e/loader*.e2e.test.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalisePhone } from '../../core/domain/patient';
import { searchKey } from '../../core/domain/text';
import { main } from '../../loader/main';
import { FakeLoaderClock } from '../fakes/fake-loader-clock';
import { type LoopbackServer, listenOnLoopback } from './loopback-server';

export type CenterFate =
  | 'answered'
  | 'lost-after-commit'
  | '503-after-commit'
  | 'lost-before-commit'
  | '503-before-commit'
  | 'cut-after-commit'
  | 'cut-before-commit';
export type AccountFate =
  | 'answered'
  | 'unanswered-after-commit'
  | '503-after-commit'
  | 'cut-after-commit'
  | 'cut-before-commit'
  | 'lost-after-commit'
  | 'lost-before-commit';
/**
 * Admin after a crash, until it comes back (FakeAdmin.comeBack): nothing
 * listening on its port ('refusing'), or something answering 503 in its
 * place, to every /admin request ('503': a proxy before a dead admin, or
 * admin up without its database) or to its creates only ('503-to-creates':
 * reads work).
 */
export type Outage = 'refusing' | '503' | '503-to-creates';
/**
 * How GET /admin/usuario fails: true or 'http-500' answers 500 ERROR_INTERNO;
 * 'not-json' answers 200 with a page that is not JSON (a proxy's error page);
 * 'cut-midway' begins a 200 and drops the connection halfway through its
 * body; 'dropped' drops the connection without answering (on every attempt).
 */
export type UsersUnreadable = boolean | 'http-500' | 'not-json' | 'cut-midway' | 'dropped';

interface FakeUser {
  id_user: number;
  username: string;
  rol: string;
  activo: boolean;
}
interface FakeDoctor {
  id_doctor: number;
  id_user: number;
  nombre: string;
  especialidad: string;
  activo: boolean;
}
interface FakePatient {
  id_paciente: number;
  id_user: number;
  nombre: string;
  telefono: string;
  estado: string;
}

/**
 * The admin service as far as the loader's rows go: creates that answer 409
 * USUARIO_DUPLICADO for a username already held (ignoring case, as admin
 * does), phones stored as admin stores them (+34XXXXXXXXX), paginated lists,
 * and a log of every request.
 */
export class FakeAdmin {
  users: FakeUser[] = [{ id_user: 1, username: 'admin', rol: 'admin', activo: true }];
  doctors: FakeDoctor[] = [];
  patients: FakePatient[] = [];
  centers: { id_centro: number; nombre: string; direccion: string; activo: boolean }[] = [];
  /** Every request, as `METHOD /path` without the query. */
  readonly requests: string[] = [];
  /** GET /admin/usuario cannot be read (UsersUnreadable says how; true: it answers 500). */
  usersUnreadable: UsersUnreadable = false;
  /** How many answers to GET /admin/usuario fail as usersUnreadable says before it answers again (a hiccup: 1); all of them unless set. */
  usersUnreadableAnswers = Infinity;
  /** GET /admin/centros answers 500. */
  centersUnreadable = false;
  /**
   * What becomes of a POST /admin/centros: answered 201; stored and then the
   * connection lost before any answer, or answered 503 with Retry-After
   * (on PostgreSQL, a COMMIT whose answer never reached admin); or the
   * connection lost, or a 503 answered, before it was stored; or its answer
   * begun and the connection dropped halfway through its body, after it was
   * stored (a 201 cut short) or before (a 503 cut short).
   */
  centerFate: (center: { nombre: string }) => CenterFate = () => 'answered';
  /**
   * What becomes of a create of an account (usuario, doctor, paciente) once
   * stored: answered 201 (409 when the username is taken); never answered (a
   * hung request: all the loader gets is its timeout); or answered 503 with
   * Retry-After (a COMMIT whose answer never reached admin); or its answer
   * (201, or 409 when the username is taken) begun and the connection
   * dropped halfway through its body. 'cut-before-commit' is asked before
   * storing: a 503 cut short, nothing stored. 'lost-after-commit' stores it
   * and drops the connection before any answer begins (admin crashing right
   * after its commit); 'lost-before-commit' drops it without storing.
   */
  accountFate: (path: string, body: Record<string, string>) => AccountFate = () => 'answered';
  /** The Retry-After of a create's 503, in seconds. */
  retryAfter503 = '0';
  /** Runs once a create's 503 is on its way to the loader (the test's Ctrl-C while the loader waits it out). */
  after503: (() => void) | undefined;
  /** Runs once, right after the first page of users is sent: someone else creating an account meanwhile. */
  afterUsersListed: (() => void) | undefined;
  /** Down since goDown, until comeBack. */
  down: Outage | undefined;
  url = '';
  private server!: LoopbackServer;
  private nextId = 100;

  async start(): Promise<this> {
    this.server = await listenOnLoopback((req, res) => void this.handle(req, res));
    this.url = this.server.url;
    return this;
  }

  /** Admin crashes: every open connection dropped unanswered, and then `outage` until comeBack. */
  goDown(outage: Outage): void {
    this.down = outage;
    if (outage === 'refusing') void this.server.close();
  }

  /** Admin is back, on the same port, with what it stored before it went down. */
  async comeBack(): Promise<void> {
    if (this.down === 'refusing') this.server = await listenOnLoopback((req, res) => void this.handle(req, res), Number(new URL(this.url).port));
    this.down = undefined;
  }

  stop(): Promise<void> {
    return this.server.close();
  }

  /** An account created behind the loader's back, as admin's own routes would. */
  addUser(username: string, rol: string): FakeUser {
    const user = { id_user: this.nextId++, username: username.toLowerCase(), rol, activo: true };
    this.users.push(user);
    return user;
  }

  addDoctor(nombre: string, especialidad: string, username: string): FakeDoctor {
    const doctor = { id_doctor: this.nextId++, id_user: this.addUser(username, 'medico').id_user, nombre, especialidad, activo: true };
    this.doctors.push(doctor);
    return doctor;
  }

  addPatient(nombre: string, telefono: string, username: string): FakePatient {
    const patient = {
      id_paciente: this.nextId++,
      id_user: this.addUser(username, 'paciente').id_user,
      nombre,
      telefono: normalisePhone(telefono) ?? telefono,
      estado: 'ACTIVO',
    };
    this.patients.push(patient);
    return patient;
  }

  count(request: string): number {
    return this.requests.filter((r) => r === request).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    this.requests.push(`${method} ${path}`);
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as Record<string, string>) : {};
    const send = (status: number, answer: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    };
    const page = (items: unknown[]): void => {
      const size = Math.min(100, Number(url.searchParams.get('page_size') ?? 20));
      const number = Number(url.searchParams.get('page') ?? 1);
      send(200, { items: items.slice((number - 1) * size, number * size), page: number, page_size: size, total: items.length });
    };
    const taken = (): boolean => this.users.some((u) => u.username === body.username?.trim().toLowerCase());
    const duplicate = (): void =>
      send(409, { status: 409, code: 'USUARIO_DUPLICADO', detail: `Ya existe un usuario con el nombre "${body.username}".` });

    if (path === '/health') return send(200, { status: 'ok' });
    if (path === '/auth/login') {
      return send(200, { access_token: 't1', token_type: 'Bearer', expires_in: 3600, user: { id_user: 1, username: 'admin', rol: 'admin' } });
    }
    const unavailable = (): void => {
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': this.retryAfter503 });
      res.end(JSON.stringify({ status: 503, code: 'SERVICIO_NO_DISPONIBLE', detail: 'La base de datos no responde ahora.' }), () => this.after503?.());
    };
    if (this.down === '503' || (this.down === '503-to-creates' && method === 'POST')) return unavailable(); // login and /health came first
    /** The answer's head and half its body, then the connection dropped: what a crash or a proxy cutting it does. */
    const cutShort = (status: number, answer: unknown): void => {
      const text = JSON.stringify(answer);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)), () => req.socket.destroy());
    };
    // asked once a request: a test's fate may hold for one create only
    const fate = method === 'POST' && ['/admin/usuario', '/admin/doctores', '/admin/pacientes'].includes(path) ? this.accountFate(path, body) : 'answered';
    const created = (answer: unknown): void => {
      if (fate === '503-after-commit') return unavailable();
      if (fate === 'lost-after-commit') return void req.socket.destroy();
      if (fate === 'cut-after-commit') return cutShort(201, answer);
      if (fate === 'answered') send(201, answer);
    };
    if (fate === 'lost-before-commit') return void req.socket.destroy();
    if (fate === 'cut-before-commit') {
      return cutShort(503, { status: 503, code: 'SERVICIO_NO_DISPONIBLE', detail: 'La base de datos no responde ahora.' });
    }
    if (fate === 'cut-after-commit' && taken()) {
      // the username was taken before: the 409 is the answer cut short
      return cutShort(409, { status: 409, code: 'USUARIO_DUPLICADO', detail: `Ya existe un usuario con el nombre "${body.username}".` });
    }
    if (method === 'POST' && path === '/admin/usuario') {
      if (taken()) return duplicate();
      const user = this.addUser(body.username, body.rol);
      return created({ id_user: user.id_user, username: user.username, rol: user.rol });
    }
    if (method === 'POST' && path === '/admin/doctores') {
      if (taken()) return duplicate();
      return created(this.addDoctor(body.nombre, body.especialidad, body.username));
    }
    if (method === 'POST' && path === '/admin/pacientes') {
      if (taken()) return duplicate();
      const patient = this.addPatient(body.nombre, body.telefono, body.username);
      patient.estado = body.estado ?? 'ACTIVO';
      return created(patient);
    }
    if (method === 'POST' && path === '/admin/centros') {
      const fate = this.centerFate(body as { nombre: string });
      if (fate === 'lost-before-commit') return void req.socket.destroy();
      if (fate === '503-before-commit') return unavailable();
      if (fate === 'cut-before-commit') return cutShort(503, { status: 503, code: 'SERVICIO_NO_DISPONIBLE', detail: 'La base de datos no responde ahora.' });
      const center = { id_centro: this.nextId++, nombre: body.nombre, direccion: body.direccion, activo: true };
      this.centers.push(center);
      if (fate === 'lost-after-commit') return void req.socket.destroy();
      if (fate === '503-after-commit') return unavailable();
      if (fate === 'cut-after-commit') return cutShort(201, center);
      return send(201, center);
    }
    if (path === '/admin/usuario') {
      const unreadable = this.usersUnreadableAnswers > 0 && this.usersUnreadable;
      if (unreadable) this.usersUnreadableAnswers--;
      if (unreadable === true || unreadable === 'http-500') return send(500, { status: 500, code: 'ERROR_INTERNO', detail: 'Error interno.' });
      if (unreadable === 'not-json') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Bad gateway</body></html>');
      if (unreadable === 'cut-midway') return cutShort(200, { items: this.users, page: 1, page_size: 100, total: this.users.length });
      if (unreadable === 'dropped') return void req.socket.destroy();
      page(this.users);
      const then = this.afterUsersListed;
      this.afterUsersListed = undefined;
      return then?.();
    }
    if (path === '/admin/doctores') return page(this.doctors);
    if (path === '/admin/pacientes') return page(this.patients);
    if (path === '/admin/centros') {
      if (this.centersUnreadable) return send(500, { status: 500, code: 'ERROR_INTERNO', detail: 'Error interno.' });
      // q: part of the name, ignoring case and accents, as admin's filter
      const q = searchKey(url.searchParams.get('q') ?? '');
      return page(this.centers.filter((c) => searchKey(c.nombre).includes(q)));
    }
    send(404, { status: 404, code: 'NO_ENCONTRADO', detail: 'fake' });
  }
}

/**
 * `npm run load` against the fake (no cita, no schedules: the fake is admin
 * only), with what it printed and its clock (the waits it asked for, none
 * spent); `interrupt` is its Ctrl-C, as main.ts wires SIGINT.
 */
export async function runCli(
  args: string[],
  admin: FakeAdmin,
  interrupt?: AbortSignal,
): Promise<{ code: number; out: string; err: string; clock: FakeLoaderClock }> {
  let out = '';
  let err = '';
  const clock = new FakeLoaderClock();
  const code = await main([...args, '--no-cita', '--no-horarios'], { ADMIN_URL: admin.url, CITAS_URL: admin.url }, {
    out: { write: (t: string) => (out += t), isTTY: false },
    err: { write: (t: string) => (err += t), isTTY: false },
    interrupt,
    clock,
  });
  return { code, out, err, clock };
}
