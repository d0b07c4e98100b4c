import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FixedClock } from '../fakes/fixed-clock';
import { adminRouteInventory, citasRouteInventory } from '../support/route-inventory';
import { type ApiResponse, type HttpClient, httpClient, startTestSystem, type TestSystem } from '../support/citas';
import { firstMondayNextYear } from '../support/clinic-days';
import { forgeries, realSigner } from '../support/tokens';
import { type Actor, ACTORS, MATRIX, type Row, rowKey, type Service, type World } from './authorization-matrix';

/**
 * Runs THE authorization matrix (authorization-matrix.ts) against both real
 * services in-process: every row for every role, every forged token against
 * every route, and the inventory check that no mounted route lacks a row.
 * Both services run on one FixedClock: tokens are issued, verified and
 * re-confirmed by it, and time passes only when a test moves it.
 */

const method = (row: Row) => row.route.split(' ')[0];
/** How long citas trusts its last live confirmation of a token (SESSION_CHECK_SECONDS). */
const SESSION_CHECK_SECONDS = 60;
const clock = new FixedClock();
/** Moves both services past SESSION_CHECK_SECONDS: citas's confirmations are stale. */
const sessionCheckGoesStale = () => clock.advanceMinutes(SESSION_CHECK_SECONDS / 60 + 1);
const PASSWORD = 'Matriz-Cuenta-2026';

function isProblem(res: ApiResponse): string | undefined {
  const type = res.headers.get('content-type') ?? '';
  if (!type.startsWith('application/problem+json')) return `content-type ${type}`;
  const b = res.body;
  if (!b || typeof b !== 'object') return 'cuerpo vacío';
  for (const k of ['type', 'title', 'detail', 'code']) if (typeof b[k] !== 'string' || b[k] === '') return `falta ${k}`;
  if (b.status !== res.status) return `status ${b.status} != ${res.status}`;
  if (!Array.isArray(b.errors)) return 'falta errors';
  return undefined;
}

/** Monday-to-Friday clinic slots 09:00..13:30, from a Monday in the clock's next year; each call a new one. */
function slotGenerator(): { day: string; next(): string } {
  const day = firstMondayNextYear(clock.now(), 3);
  const d = new Date(`${day}T00:00:00Z`);
  let i = 0;
  return {
    day,
    next() {
      if (i === 10) {
        i = 0;
        do d.setUTCDate(d.getUTCDate() + 1);
        while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
      }
      const minutes = 9 * 60 + 30 * i++;
      const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
      const mm = String(minutes % 60).padStart(2, '0');
      return `${d.toISOString().slice(0, 10)}T${hh}:${mm}:00`;
    },
  };
}

describe('authorization matrix: every route x every role, both services', () => {
  let sys: TestSystem;
  let world: World;
  const tokens = {} as Record<Actor, string>;
  const credentials = {} as Record<Actor, { username: string; password: string }>;
  const clients = {} as Record<Service, HttpClient>;

  before(async () => {
    sys = await startTestSystem({
      citasEnv: { MAX_CITAS_FUTURAS: '1000', SESSION_CHECK_SECONDS: String(SESSION_CHECK_SECONDS) },
      adminOverrides: { clock },
      citasOverrides: { clock },
    });
    clients.admin = httpClient(sys.admin.url);
    clients.citas = sys.citas;
    const adminToken = sys.adminToken;
    const especialidad = `Matriz ${Date.now()}`;
    const otherPatientNombre = 'Bárbara Ajena Zubizarreta';
    const [secretaria, ownDoctor, otherDoctor, scheduleDoctor, ownPatient, otherPatient, center] = await Promise.all([
      sys.createSecretaria(),
      sys.createDoctor({ especialidad }),
      sys.createDoctor({ especialidad }),
      sys.createDoctor({ especialidad }),
      sys.createPatient(),
      sys.createPatient({ nombre: otherPatientNombre }),
      sys.createCenter(),
    ]);
    tokens.admin = adminToken;
    credentials.admin = sys.admin.config.bootstrap;
    credentials.secretaria = secretaria;
    credentials.medico = ownDoctor;
    credentials.paciente = ownPatient;
    [tokens.secretaria, tokens.medico, tokens.paciente] = await Promise.all([secretaria.token(), ownDoctor.token(), ownPatient.token()]);
    const idOf = async (token: string) => (await clients.admin.get('/auth/me', token)).body.id_user as number;
    const user = {} as Record<Actor, number>;
    for (const a of ACTORS) user[a] = await idOf(tokens[a]);
    const otherUser = await idOf(await otherPatient.token());

    const slots = slotGenerator();
    let absenceOffset = 0;
    let n = 0;
    const ok = <T>(res: ApiResponse<T>, status: number, what: string): T => {
      if (res.status !== status) throw new Error(`fixture ${what}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const book = async (whose: 'own' | 'other') => {
      const [p, d] = whose === 'own' ? [ownPatient.id, ownDoctor.id] : [otherPatient.id, otherDoctor.id];
      const res = await sys.citas.post('/citas', { fecha: slots.next(), motivo: 'motivo-privado', id_paciente: p, id_doctor: d, id_centro: center.id }, adminToken);
      return ok(res, 201, 'cita').id_cita as number;
    };
    const absenceDay = () => {
      const d = new Date(`${slots.day}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 400 + absenceOffset++);
      return d.toISOString().slice(0, 10);
    };
    world = {
      ids: {
        ownDoctor: ownDoctor.id,
        otherDoctor: otherDoctor.id,
        scheduleDoctor: scheduleDoctor.id,
        ownPatient: ownPatient.id,
        otherPatient: otherPatient.id,
        center: center.id,
        otherUser,
        ownCita: await book('own'),
        otherCita: await book('other'),
        user,
      },
      ownDoctorNombre: ownDoctor.nombre,
      otherPatientNombre,
      especialidad,
      login: { username: secretaria.username, password: secretaria.password },
      day: slots.day,
      slot: () => slots.next(),
      absenceDay,
      unique: (prefix) => `${prefix}.${++n}.${process.pid}`,
      fresh: {
        user: async () => {
          const account = await sys.createSecretaria();
          return (await clients.admin.get('/auth/me', await account.token())).body.id_user as number;
        },
        session: (actor) => sys.login(credentials[actor].username, credentials[actor].password),
        account: async (actor) => {
          const username = `matriz.${actor}.${++n}.${process.pid}`;
          const created =
            actor === 'medico'
              ? await clients.admin.post('/admin/doctores', { nombre: 'Dra. Cuenta Nueva', especialidad: 'Matriz', username, password: PASSWORD }, adminToken)
              : actor === 'paciente'
                ? await clients.admin.post('/admin/pacientes', { nombre: 'Paciente Cuenta Nueva', telefono: '600000003', username, password: PASSWORD }, adminToken)
                : await clients.admin.post('/admin/usuario', { username, password: PASSWORD, rol: actor }, adminToken);
          ok(created, 201, `cuenta ${actor}`);
          return { token: await sys.login(username, PASSWORD), password: PASSWORD };
        },
        doctor: async () => (await sys.createDoctor()).id,
        patient: async () => (await sys.createPatient()).id,
        center: async () => (await sys.createCenter()).id,
        cita: book,
        absence: async (whose) => {
          const doctor = whose === 'own' ? ownDoctor.id : otherDoctor.id;
          const day = absenceDay();
          const res = await sys.citas.post(`/agenda/${doctor}/ausencias`, { desde: day, hasta: day }, adminToken);
          return ok(res, 201, 'ausencia').id_ausencia as number;
        },
      },
    };
  });
  after(() => sys?.close());

  it('every route the two apps mount has a row, and every row names a mounted route (deny by default)', () => {
    const mounted = [...adminRouteInventory().map((r) => `admin ${r}`), ...citasRouteInventory().map((r) => `citas ${r}`)];
    const rows = new Set(MATRIX.map(rowKey));
    const missing = mounted.filter((r) => !rows.has(r));
    assert.deepEqual(missing, [], `rutas montadas sin fila en la matriz de autorización: ${missing.join(', ')}`);
    const stale = [...rows].filter((r) => !mounted.includes(r));
    assert.deepEqual(stale, [], `filas de la matriz que no corresponden a ninguna ruta montada: ${stale.join(', ')}`);
    assert.ok(mounted.length >= 40, `inventario sospechosamente corto (${mounted.length})`);
  });

  for (const row of MATRIX) {
    it(`${rowKey(row)}${row.label ? ` [${row.label}]` : ''}`, async () => {
      const seen = {} as Record<Actor, number>;
      const problems: string[] = [];
      for (const actor of ACTORS) {
        const client = clients[row.service];
        const req = await row.request(world, actor);
        // A refused write must leave its target as it was: snapshot it (as admin) first.
        const target = /^\/(citas\/\d+|admin\/(doctores|pacientes|centros)\/\d+)$/.test(req.path) && method(row) !== 'GET' ? req.path : undefined;
        const before = target ? (await client.get(target, tokens.admin)).body : undefined;
        const res = await client.request(method(row), req.path, req.body, req.token ?? tokens[actor]);
        seen[actor] = res.status;
        const where = `${actor} ${method(row)} ${req.path}`;
        if (res.status >= 500) problems.push(`${where}: ${res.status} ${JSON.stringify(res.body)}`);
        if (res.status >= 400) {
          const bad = isProblem(res);
          if (bad) problems.push(`${where}: no es problem+json (${bad})`);
          if (target) {
            const after = (await client.get(target, tokens.admin)).body;
            if (JSON.stringify(after) !== JSON.stringify(before)) problems.push(`${where}: rechazada (${res.status}) pero cambió ${target}`);
          }
        }
        if ((actor === 'paciente' || res.status >= 400) && actor !== 'admin' && actor !== 'secretaria' && JSON.stringify(res.body ?? '').includes(world.otherPatientNombre)) {
          problems.push(`${where}: la respuesta contiene datos de otro paciente`);
        }
        if (res.status < 300 && row.check) {
          try {
            row.check(res.body, world, actor);
          } catch (err) {
            problems.push(`${where}: ${(err as Error).message}`);
          }
        }
      }
      assert.deepEqual(seen, row.expect, `estados por rol de ${rowKey(row)} ${row.label ?? ''}`);
      assert.deepEqual(problems, []);
    });
  }

  it('forged, tampered, expired and misaddressed tokens get 401 problem JSON on every authenticated route of both services', async () => {
    const signer = realSigner(sys.admin.dataDir);
    const subject = { sub: String(world.ids.user.admin), username: 'admin', rol: 'admin' };
    // Control: the signer works, so each forgery below is refused for its own flaw, not because the key is wrong.
    const control = `Bearer ${signer.sign({ ...subject, iat: Math.floor(clock.now().getTime() / 1000) })}`;
    assert.equal((await clients.admin.request('GET', '/auth/me', undefined, undefined, { authorization: control })).status, 200);
    assert.equal((await clients.citas.request('GET', '/citas', undefined, undefined, { authorization: control })).status, 200);

    const cases = forgeries(signer, subject, clock.now());
    const firstRowPerRoute = new Map<string, Row>();
    for (const row of MATRIX) if (!firstRowPerRoute.has(rowKey(row))) firstRowPerRoute.set(rowKey(row), row);
    const wrong: string[] = [];
    for (const row of firstRowPerRoute.values()) {
      const req = await row.request(world, 'admin');
      for (const forgery of cases) {
        const headers: Record<string, string> = forgery.authorization ? { authorization: forgery.authorization } : {};
        const res = await clients[row.service].request(method(row), req.path, req.body, undefined, headers);
        const expected = row.public ? row.expect.admin : 401;
        const where = `${row.service} ${method(row)} ${req.path} con "${forgery.name}"`;
        if (res.status !== expected) wrong.push(`${where}: ${res.status} (esperado ${expected})`);
        else if (!row.public) {
          const bad = isProblem(res);
          if (bad) wrong.push(`${where}: ${bad}`);
          if (!/^Bearer/.test(res.headers.get('www-authenticate') ?? '')) wrong.push(`${where}: sin WWW-Authenticate: Bearer`);
        }
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('a deactivated patient: admin refuses the token at once (401); citas refuses bookings at once and everything else once its check is stale', async () => {
    const patient = await sys.createPatient();
    const token = await patient.token();
    const booking = () =>
      sys.citas.post(
        '/citas',
        { fecha: world.slot(), motivo: 'Baja', id_paciente: patient.id, id_doctor: world.ids.ownDoctor, id_centro: world.ids.center },
        token,
      );
    const first = await booking();
    assert.equal(first.status, 201, 'control: antes de la baja reserva');
    const cita = first.body.id_cita;

    assert.equal((await clients.admin.request('DELETE', `/admin/pacientes/${patient.id}`, undefined, tokens.admin)).status, 200);

    const me = await clients.admin.get('/auth/me', token);
    assert.equal(me.status, 401);
    assert.equal(me.body.code, 'TOKEN_INVALIDO');
    assert.equal((await clients.admin.get('/admin/doctores', token)).status, 401);

    // Citas verifies the signature offline, then asks admin about the patient with the caller's token:
    // admin refuses the credential, so the booking is a 401 (log in again), never a 201.
    const again = await booking();
    assert.equal(again.status, 401, JSON.stringify(again.body));
    assert.equal(isProblem(again), undefined);
    // A change needs admin too (the new slot is checked live): refused the same way.
    const change = await sys.citas.put(`/citas/${cita}`, { fecha: world.slot() }, token);
    assert.equal(change.status, 401, JSON.stringify(change.body));
    // Reads and cancellations need no directory data, but citas re-confirms the account once its last check is stale.
    sessionCheckGoesStale();
    assert.equal((await sys.citas.get('/citas', token)).status, 401);
    assert.equal((await sys.citas.put(`/citas/${cita}`, { estado: 'Cancelada' }, token)).status, 401);
  });

  it('a deactivated secretaria loses citas too: at once if citas never confirmed her token, within SESSION_CHECK_SECONDS if it had', async () => {
    const [fresh, busy] = await Promise.all([sys.createSecretaria(), sys.createSecretaria()]);
    const [freshToken, busyToken] = await Promise.all([fresh.token(), busy.token()]);
    assert.equal((await sys.citas.get('/citas', busyToken)).status, 200, 'control: citas acepta y confirma su token');
    const cita = await world.fresh.cita('other');
    for (const token of [freshToken, busyToken]) {
      const idUser = (await clients.admin.get('/auth/me', token)).body.id_user;
      assert.equal((await clients.admin.request('DELETE', `/admin/usuario/${idUser}`, undefined, tokens.admin)).status, 200);
      assert.equal((await clients.admin.get('/auth/me', token)).status, 401, 'admin ya no acepta el token');
    }
    sessionCheckGoesStale();
    const seen: Record<string, number> = {};
    for (const [who, token] of [['nunca confirmada', freshToken], ['confirmada antes', busyToken]] as const) {
      seen[`${who}: GET /citas`] = (await sys.citas.get('/citas', token)).status;
      seen[`${who}: cancelar`] = (await sys.citas.put(`/citas/${cita}`, { estado: 'Cancelada' }, token)).status;
    }
    assert.deepEqual(seen, {
      'nunca confirmada: GET /citas': 401,
      'nunca confirmada: cancelar': 401,
      'confirmada antes: GET /citas': 401,
      'confirmada antes: cancelar': 401,
    });
    assert.equal((await sys.citas.get(`/citas/${cita}`, tokens.admin)).body.estado, 'Programada');
  });

  it('a deactivated doctor: admin answers 401 to their token, and so does every citas route that asks admin', async () => {
    const doctor = await sys.createDoctor();
    const token = await doctor.token();
    await clients.admin.request('DELETE', `/admin/doctores/${doctor.id}`, undefined, tokens.admin);
    assert.equal((await clients.admin.get('/auth/me', token)).status, 401);
    // Anything that asks admin (availability of a doctor) is refused with the caller's token.
    const slots = await sys.citas.get(`/citas/disponibilidad?id_doctor=${world.ids.otherDoctor}&fecha=${world.day}`, token);
    assert.equal(slots.status, 401, JSON.stringify(slots.body));
  });
});
