import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal } from '../../core/domain/roles';
import { DescribeSession } from '../../core/use-cases/describe-session';
import { type ApiResponse, startTestAdmin, type TestAdmin } from '../support/admin';
import { TEST_PASSWORD } from '../support/citas';
import { holdFirstCall } from '../support/held-requests';
import { describeWithPostgres } from '../support/postgres';

/**
 * An admin's write meeting an event that ends her token, on each storage
 * engine: her deactivation, an admin's reset of her password, her own
 * logout. The request's session check (is she still active, still admin,
 * is this token of her current generation and not logged out) runs before
 * the write; the event may land in between. Each race is set up by holding
 * one request where it stands (holdFirstCall), never by sleeping:
 *
 * - the write held just after its session check read her account, until the
 *   event commits: the write is refused as the session check would refuse
 *   it then (401 TOKEN_INVALIDO) and nothing changes;
 * - the event held at its own session check until the write commits:
 *   the write stands, and the event lands after it.
 *
 * What a user would notice otherwise: a record created, changed or closed,
 * or a password reset, by a token that was already shut out.
 */

/** The admin who writes, and is deactivated mid-request. */
interface Actor {
  id: number;
  username: string;
  token: string;
}

interface Write {
  name: string;
  /** The record the write works on (its id, or 0 for a create), made before the race with the bootstrap admin's token. */
  prepare(): Promise<number>;
  send(id: number, me: Actor): Promise<ApiResponse>;
  /** Its success status. */
  ok: number;
  /** What a user sees of the write's record, read with the bootstrap admin's token. */
  look(id: number, me: Actor): Promise<unknown>;
}

/** What ends her token while her write is in flight, sent by the bootstrap admin ('root') or by her with that very token ('her'). */
interface TokenEnd {
  name: string;
  by: 'root' | 'her';
  send(me: Actor): Promise<ApiResponse>;
  ok: number;
  /** What a user sees of the event once it landed, and what that must be. */
  landed(me: Actor): Promise<unknown>;
  shows: unknown;
  /** Writes whose every trace the event replaces (a reset after her own change of password): only their answer says they stood. */
  overwrites?: string[];
  /**
   * Writes that end her token themselves (her own password change): an event
   * sent with that token and let go after them is refused as the token's end
   * says (401 TOKEN_INVALIDO), its job already done.
   */
  refusedAfter?: string[];
}

const OWN_NEW_PASSWORD = 'Propia-Nueva-2027';
const RESET_PASSWORD = 'Repuesta-A-La-Jefa-2027';

function racesOn(start: () => Promise<TestAdmin>): void {
  let admin: TestAdmin;
  let root: string;
  let rootId: number;
  let n = 0;
  before(async () => {
    admin = await start();
    root = await admin.adminToken();
    rootId = (await admin.get('/auth/me', root)).body.id_user;
  });
  after(() => admin?.close());

  const unique = (what: string) => `${what}${String(++n).padStart(4, '0')}`;
  const send = (method: string, path: string, body: unknown, token: string) => admin.request(method, path, body, token);
  const created = async (path: string, body: unknown, id: string) => {
    const res = await admin.post(path, body, root);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body[id] as number;
  };
  const read = async (path: string) => (await admin.get(path, root)).body;
  /** Every user's username and activo, read page by page (the race leaves many accounts). */
  const usernames = async () => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const body = await read(`/admin/usuario?page_size=100&page=${page}`);
      seen.push(...body.items.map((u: { username: string }) => u.username));
      if (seen.length >= body.total) return seen;
    }
  };
  const secretaria = () => created('/admin/usuario', { username: unique('sec.'), password: TEST_PASSWORD, rol: 'secretaria' }, 'id_user');
  const doctor = () => created('/admin/doctores', { nombre: `Dra. ${unique('Doctora ')}`, especialidad: 'Ortodoncia', username: unique('doc.'), password: TEST_PASSWORD }, 'id_doctor');
  const patient = () => created('/admin/pacientes', { nombre: unique('Paciente Carrera '), telefono: '600123456', username: unique('pac.'), password: TEST_PASSWORD }, 'id_paciente');
  const center = () => created('/admin/centros', { nombre: unique('Centro Carrera '), direccion: 'Calle Mayor 1' }, 'id_centro');
  /** A name the write would create, and how many records carry it. */
  const named = (path: string, nombre: string) => async () => (await read(`${path}?q=${encodeURIComponent(nombre)}`)).total;

  const writes: Write[] = [
    (() => {
      let username = '';
      return {
        name: 'POST /admin/usuario',
        prepare: async () => ((username = unique('nueva.')), 0),
        send: (_, { token }) => send('POST', '/admin/usuario', { username, password: TEST_PASSWORD, rol: 'secretaria' }, token),
        ok: 201,
        look: async () => (await usernames()).includes(username),
      };
    })(),
    {
      name: 'PATCH /admin/usuario/{id}',
      prepare: secretaria,
      send: (id, { token }) => send('PATCH', `/admin/usuario/${id}`, { activo: false }, token),
      ok: 200,
      look: async (id) => (await read(`/admin/usuario/${id}`)).activo,
    },
    {
      name: 'DELETE /admin/usuario/{id}',
      prepare: secretaria,
      send: (id, { token }) => send('DELETE', `/admin/usuario/${id}`, undefined, token),
      ok: 200,
      look: async (id) => (await read(`/admin/usuario/${id}`)).activo,
    },
    (() => {
      let username = '';
      let session = '';
      return {
        name: 'POST /admin/usuario/{id}/password',
        prepare: async () => {
          username = unique('olvido.');
          const id = await created('/admin/usuario', { username, password: TEST_PASSWORD, rol: 'secretaria' }, 'id_user');
          session = await admin.login(username, TEST_PASSWORD);
          return id;
        },
        send: (id, { token }) => send('POST', `/admin/usuario/${id}/password`, { password_nueva: 'Repuesta-Por-Admin-2027' }, token),
        ok: 204,
        // A reset ends the user's sessions: hers, opened before, still working or not.
        look: async () => (await admin.get('/auth/me', session)).status,
      };
    })(),
    ...(['doctores', 'pacientes', 'centros'] as const).flatMap((what): Write[] => {
      const make = { doctores: doctor, pacientes: patient, centros: center }[what];
      let nombre = '';
      const body = () =>
        ({
          doctores: { nombre, especialidad: 'Endodoncia', username: unique('doc.'), password: TEST_PASSWORD },
          pacientes: { nombre, telefono: '600123457', username: unique('pac.'), password: TEST_PASSWORD },
          centros: { nombre, direccion: 'Calle Nueva 2' },
        })[what];
      const change = { doctores: { especialidad: 'Periodoncia' }, pacientes: { telefono: '611222333' }, centros: { direccion: 'Plaza Cambiada 3' } }[what];
      return [
        {
          name: `POST /admin/${what}`,
          prepare: async () => ((nombre = unique(`Nuevo Registro ${what} `)), 0),
          send: (_, { token }) => send('POST', `/admin/${what}`, body(), token),
          ok: 201,
          look: () => named(`/admin/${what}`, nombre)(),
        },
        {
          name: `POST /admin/${what}/lote`,
          prepare: async () => ((nombre = unique(`Lote Registro ${what} `)), 0),
          send: (_, { token }) => send('POST', `/admin/${what}/lote`, { items: [body()] }, token),
          ok: 200,
          look: () => named(`/admin/${what}`, nombre)(),
        },
        {
          name: `PATCH /admin/${what}/{id}`,
          prepare: make,
          send: (id, { token }) => send('PATCH', `/admin/${what}/${id}`, change, token),
          ok: 200,
          look: (id) => read(`/admin/${what}/${id}`),
        },
        {
          name: `DELETE /admin/${what}/{id}`,
          prepare: make,
          send: (id, { token }) => send('DELETE', `/admin/${what}/${id}`, undefined, token),
          ok: 200,
          look: (id) => read(`/admin/${what}/${id}`),
        },
      ];
    }),
    (() => {
      let username = '';
      return {
        name: 'POST /admin/usuario/lote',
        prepare: async () => ((username = unique('lote.')), 0),
        send: (_, { token }) => send('POST', '/admin/usuario/lote', { items: [{ username, password: TEST_PASSWORD, rol: 'secretaria' }] }, token),
        ok: 200,
        look: async () => (await usernames()).includes(username),
      };
    })(),
    {
      name: 'POST /auth/password (her own)',
      prepare: async () => 0,
      send: (_, { token }) => send('POST', '/auth/password', { password_actual: TEST_PASSWORD, password_nueva: OWN_NEW_PASSWORD }, token),
      ok: 204,
      // Whether the password she chose is hers: active again (if the event deactivated her), she logs in with it or not.
      look: async (_, me) => {
        const reactivated = await send('PATCH', `/admin/usuario/${me.id}`, { activo: true }, root);
        assert.equal(reactivated.status, 200, JSON.stringify(reactivated.body));
        return (await admin.post('/auth/login', { username: me.username, password: OWN_NEW_PASSWORD })).status;
      },
    },
  ];

  /** An admin who will be deactivated mid-request: her id and a token. */
  async function actor(): Promise<Actor> {
    const username = unique('jefa.');
    const id = await created('/admin/usuario', { username, password: TEST_PASSWORD, rol: 'admin' }, 'id_user');
    return { id, username, token: await admin.login(username, TEST_PASSWORD) };
  }
  const ends: TokenEnd[] = [
    {
      name: 'deactivation',
      by: 'root',
      send: (me) => send('DELETE', `/admin/usuario/${me.id}`, undefined, root),
      ok: 200,
      landed: async (me) => (await read(`/admin/usuario/${me.id}`)).activo,
      shows: false,
    },
    {
      name: 'password reset',
      by: 'root',
      send: (me) => send('POST', `/admin/usuario/${me.id}/password`, { password_nueva: RESET_PASSWORD }, root),
      ok: 204,
      landed: async (me) => (await admin.post('/auth/login', { username: me.username, password: RESET_PASSWORD })).status,
      shows: 200,
      overwrites: ['POST /auth/password (her own)'],
    },
    {
      name: 'logout',
      by: 'her',
      send: (me) => send('POST', '/auth/logout', undefined, me.token),
      ok: 204,
      landed: async (me) => (await admin.get('/auth/me', me.token)).status,
      shows: 401,
      refusedAfter: ['POST /auth/password (her own)'],
    },
  ];
  /** The answer of a request that must first reach the held call; fails if it is answered without ever getting there. */
  const heldOrAnswered = (held: Promise<void>, answer: Promise<ApiResponse>) =>
    Promise.race([held, answer.then((res) => assert.fail(`answered ${res.status} before reaching the held call: ${JSON.stringify(res.body)}`))]);
  /** Each refusal in the answer: the one of a single write, or one per item of a /lote. */
  const refusals = (res: ApiResponse) =>
    Array.isArray(res.body?.results) ? res.body.results.map((r: { status: number; error?: { code: string } }) => `${r.status} ${r.error?.code}`) : [`${res.status} ${res.body?.code}`];

  for (const end of ends) {
    for (const write of writes) {
      it(`${write.name}, its check held until its admin's ${end.name} commits: 401 TOKEN_INVALIDO and nothing changes`, async () => {
        const [me, id] = await Promise.all([actor(), write.prepare()]);
        const before = await write.look(id, me);
        // Held once the request's session check has passed: her account still active, her token still good.
        const hold = holdFirstCall(DescribeSession.prototype, 'confirm', (principal) => (principal as Principal).userId === me.id, 'end');
        const answer = write.send(id, me);
        try {
          await heldOrAnswered(hold.held, answer);
          const ended = await end.send(me);
          assert.equal(ended.status, end.ok, JSON.stringify(ended.body));
        } finally {
          hold.release();
        }
        const res = await answer;
        assert.deepEqual(refusals(res), ['401 TOKEN_INVALIDO'], JSON.stringify(res.body));
        assert.deepEqual(await write.look(id, me), before);
      });

      it(`${write.name}, its admin's ${end.name} held until the write commits: the write stands`, async () => {
        const [me, id] = await Promise.all([actor(), write.prepare()]);
        const before = await write.look(id, me);
        // Held once the event's own session check has passed.
        const sender = end.by === 'root' ? rootId : me.id;
        const hold = holdFirstCall(DescribeSession.prototype, 'confirm', (principal) => (principal as Principal).userId === sender, 'end');
        const ended = end.send(me);
        let res: ApiResponse;
        try {
          await heldOrAnswered(hold.held, ended);
          res = await write.send(id, me);
        } finally {
          hold.release();
        }
        assert.equal(res.status, write.ok, JSON.stringify(res.body));
        if (Array.isArray(res.body?.results)) assert.equal(res.body.created, 1, JSON.stringify(res.body));
        const endedRes = await ended;
        const expected = end.refusedAfter?.includes(write.name) ? [401, 'TOKEN_INVALIDO'] : [end.ok, undefined];
        assert.deepEqual([endedRes.status, endedRes.body?.code], expected, JSON.stringify(endedRes.body));
        assert.deepEqual(await end.landed(me), end.shows);
        if (!end.overwrites?.includes(write.name)) assert.notDeepEqual(await write.look(id, me), before);
      });
    }
  }
}

describe('admin writes against the end of their admin\'s token (SQLite)', () => racesOn(() => startTestAdmin()));

describeWithPostgres('admin writes against the end of their admin\'s token (PostgreSQL)', (pg) =>
  racesOn(async () => startTestAdmin({ ADMIN_DATABASE_URL: await pg().createDatabase('admin'), ADMIN_DATABASE_POOL: '4' })),
);
