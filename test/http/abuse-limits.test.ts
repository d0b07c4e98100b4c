import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startTestAdmin, type TestAdmin } from '../support/admin';
import { startTestSystem, type TestSystem } from '../support/citas';
import { burst, loop, type Shot, tallyOf } from '../support/flood';

/**
 * Abuse limits (contract, "Accounts, abuse limits", issue 12): what one
 * unauthenticated client can make the services do. Each attack is bounded in
 * count and time, runs against 127.0.0.1 only, and is judged by counting
 * (password checks performed, requests refused) rather than by timings; the
 * latency a normal user sees meanwhile is measured and printed.
 */

async function login(admin: TestAdmin, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; code?: string; retryAfter: string | null }> {
  const res = await fetch(`${admin.url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as { code?: string };
  return { status: res.status, code: answer.code, retryAfter: res.headers.get('retry-after') };
}

describe('TRUST_PROXY: the client cannot choose its address', () => {
  let admin: TestAdmin;
  before(async () => {
    admin = await startTestAdmin({ TRUST_PROXY: '1', LOGIN_MAX_FAILURES_PER_ADDRESS: '3' });
  });
  after(() => admin.close());

  it('behind one proxy, the address is the one that proxy appended: forged left-most entries do not reset the throttle', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      // What a client sends through one proxy: its own (forged) entries, then the address the proxy saw.
      const forwarded = `198.51.100.${i}, 203.0.113.9`;
      statuses.push((await login(admin, { username: `nadie${i}`, password: 'Nada-2026x' }, { 'x-forwarded-for': forwarded })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    // Another real client behind the same proxy is not blocked by that.
    assert.equal((await login(admin, { username: 'nadie', password: 'Nada-2026x' }, { 'x-forwarded-for': '203.0.113.10' })).status, 401);
  });
});

/** A raw connection to the service, to behave as no well-mannered client does. */
function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** What the server did with a socket within `deadlineMs`: when it closed it (ms after `since`), and what it answered. */
function closedWithin(socket: Socket, since: number, deadlineMs: number): Promise<{ closedAfterMs?: number; answer: string }> {
  return new Promise((resolve) => {
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ answer });
    }, deadlineMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ closedAfterMs: Date.now() - since, answer });
    });
  });
}

/** Writes one byte of `text` every `everyMs` until it is all sent or the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number): () => void {
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || socket.destroyed) return clearInterval(timer);
    socket.write(text[i++]);
  }, everyMs);
  return () => clearInterval(timer);
}

describe('slow clients cannot hold connections', () => {
  let admin: TestAdmin;
  const REQUEST_TIMEOUT_MS = 1500;
  const HEADERS_TIMEOUT_MS = 1000;
  const MAX_CONNECTIONS = 8;
  before(async () => {
    admin = await startTestAdmin({
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    });
  });
  after(() => admin.close());

  it('a body trickled one byte at a time is cut with 408 once the request timeout passes', async () => {
    const socket = await open(admin.url);
    const since = Date.now();
    const body = JSON.stringify({ username: 'lento', password: 'Lento-2026-x' });
    socket.write(`POST /auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
    const stop = trickle(socket, body, 250); // ~12 s for the whole body: it never completes before the deadline
    const seen = await closedWithin(socket, since, 10_000);
    stop();
    console.log(`  trickled body: socket closed after ${seen.closedAfterMs ?? 'más de 10000'} ms (HTTP_REQUEST_TIMEOUT_MS=${REQUEST_TIMEOUT_MS})`);
    assert.ok(seen.closedAfterMs !== undefined, 'the server still held the socket at the 10 s deadline');
    assert.match(seen.answer, /^HTTP\/1\.1 408/);
  });

  it('headers trickled one byte at a time are cut once the headers timeout passes', async () => {
    const socket = await open(admin.url);
    const since = Date.now();
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const stop = trickle(socket, `X-Relleno: ${'x'.repeat(200)}\r\n\r\n`, 100);
    const seen = await closedWithin(socket, since, 10_000);
    stop();
    console.log(`  trickled headers: socket closed after ${seen.closedAfterMs ?? 'más de 10000'} ms (HTTP_HEADERS_TIMEOUT_MS=${HEADERS_TIMEOUT_MS})`);
    assert.ok(seen.closedAfterMs !== undefined, 'the server still held the socket at the 10 s deadline');
  });

  it(`holds at most HTTP_MAX_CONNECTIONS sockets: the rest are closed at once, and service resumes when the slow ones are cut`, async () => {
    const since = Date.now();
    const sockets = await Promise.all(Array.from({ length: 3 * MAX_CONNECTIONS }, () => open(admin.url)));
    for (const s of sockets) s.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // never finished
    const outcomes = await Promise.all(sockets.map((s) => closedWithin(s, since, 10_000)));
    const closedAtOnce = outcomes.filter((o) => o.closedAfterMs !== undefined && o.closedAfterMs < HEADERS_TIMEOUT_MS / 2).length;
    const heldOpen = outcomes.filter((o) => o.closedAfterMs === undefined).length;
    console.log(`  ${sockets.length} idle sockets: ${closedAtOnce} closed at once, ${sockets.length - closedAtOnce - heldOpen} cut by the headers timeout, ${heldOpen} still open at 10 s`);
    assert.equal(heldOpen, 0, 'every slow socket is closed');
    assert.ok(closedAtOnce >= sockets.length - MAX_CONNECTIONS, `only ${closedAtOnce} refused at once`);
    const res = await fetch(`${admin.url}/health`);
    assert.equal(res.status, 200);
  });
});

/** Sends `body` (a string) as JSON; the connection may be cut by the server before it is all sent. */
async function send(url: string, method: string, body: string, token?: string): Promise<{ status: number; code?: string } | { cut: true }> {
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let code: string | undefined;
    try {
      code = (JSON.parse(text) as { code?: string }).code;
    } catch {
      code = undefined;
    }
    return { status: res.status, code };
  } catch {
    return { cut: true }; // refused while still uploading: the server did not read it
  }
}

const statusOf = (r: { status: number } | { cut: true }) => ('cut' in r ? 'cortada' : r.status);

/** Milliseconds each of `n` sequential calls of `call` took (and at least `forMs` of them), and what they answered. */
async function timed(n: number, call: () => Promise<number>, forMs = 0): Promise<{ ms: number[]; statuses: number[] }> {
  const ms: number[] = [];
  const statuses: number[] = [];
  const until = performance.now() + forMs;
  for (let i = 0; i < n || performance.now() < until; i++) {
    const t = performance.now();
    statuses.push(await call());
    ms.push(performance.now() - t);
  }
  return { ms, statuses };
}

/** Calls `call` one after another until `attack` settles (at least once): what a user sees while it runs. */
async function whileRunning<T>(attack: Promise<T>, call: () => Promise<number>): Promise<{ result: T; ms: number[]; statuses: number[] }> {
  let done = false;
  const settled = attack.finally(() => (done = true));
  const ms: number[] = [];
  const statuses: number[] = [];
  do {
    const t = performance.now();
    statuses.push(await call());
    ms.push(performance.now() - t);
  } while (!done);
  return { result: await settled, ms, statuses };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => `mediana ${median(xs).toFixed(1)} ms, máx ${Math.max(...xs).toFixed(1)} ms`;

/** A megabyte of nesting that never closes: what blocked admin's event loop for 0.3 to 1 s per request. */
const NESTED_MB = `{"username":${'['.repeat(1024 * 1024 - 16)}`;

describe('bodies: size and depth are bounded before parsing, and only after the token for authenticated routes', () => {
  let sys: TestSystem;
  let doctorId: number;
  let citaId: number;
  before(async () => {
    sys = await startTestSystem({ citasEnv: { SESSION_CHECK_SECONDS: '0' } });
    const [doctor, patient, center] = await Promise.all([sys.createDoctor(), sys.createPatient(), sys.createCenter()]);
    doctorId = doctor.id;
    // A weekday a week or two ahead, inside the default working day.
    const day = new Date(Date.now() + 8 * 86_400_000);
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() + 1);
    const cita = await sys.citas.post('/citas', { fecha: `${day.toISOString().slice(0, 10)}T10:00:00`, motivo: 'Revisión', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id }, sys.adminToken);
    assert.equal(cita.status, 201, JSON.stringify(cita.body));
    citaId = cita.body.id_cita;
  });
  after(() => sys?.close());

  it('POST /auth/login reads at most 4 KB: 413 above it, and a deep nesting below it is a cheap 400', async () => {
    const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(5000) });
    const deep = `{"username":${'['.repeat(1000)}${']'.repeat(1000)},"password":"x"}`;
    const answers = {
      '5 KB': await send(`${sys.admin.url}/auth/login`, 'POST', big),
      '1 MB anidado': await send(`${sys.admin.url}/auth/login`, 'POST', NESTED_MB),
      '1000 niveles': await send(`${sys.admin.url}/auth/login`, 'POST', deep),
    };
    assert.deepEqual(
      Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, 'cut' in v ? 'cortada' : `${v.status} ${v.code}`])),
      { '5 KB': '413 CUERPO_DEMASIADO_GRANDE', '1 MB anidado': '413 CUERPO_DEMASIADO_GRANDE', '1000 niveles': '400 JSON_DEMASIADO_ANIDADO' },
    );
  });

  it('an authenticated route refuses a missing token before reading the body: a body that never finishes still gets its 401', async () => {
    for (const [service, url] of [['admin', `${sys.admin.url}/admin/centros`], ['citas', `${sys.citas.url}/citas`]] as const) {
      const socket = await open(url);
      const since = Date.now();
      const { pathname } = new URL(url);
      socket.write(`POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{"nombre":"`);
      const seen = await closedWithin(socket, since, 5_000);
      console.log(`  ${service} POST ${pathname} sin token, cuerpo a medias: ${seen.answer.split('\r\n')[0] || 'sin respuesta'} tras ${seen.closedAfterMs ?? 'más de 5000'} ms`);
      assert.match(seen.answer, /^HTTP\/1\.1 401/, `${service} waited for a body it should not read`);
    }
  });

  it('an authenticated route other than /lote takes BODY_LIMIT (100 KB); /lote takes BULK_BODY_LIMIT (1 MB); nesting is refused on both', async () => {
    const token = sys.adminToken;
    const centro = (n: number) => JSON.stringify({ nombre: 'x'.repeat(n), direccion: 'Calle 1' });
    // 1000 items of ~300 bytes, each refused on its own (direccion over 200 characters): read and judged, nothing written.
    const lote = JSON.stringify({ items: Array.from({ length: 1000 }, (_, i) => ({ nombre: `Centro lote ${i}`, direccion: 'x'.repeat(250) })) });
    const seen = {
      'centro 200 KB': statusOf(await send(`${sys.admin.url}/admin/centros`, 'POST', centro(200_000), token)),
      'lote 280 KB': statusOf(await send(`${sys.admin.url}/admin/centros/lote`, 'POST', lote, token)),
      'centro anidado': statusOf(await send(`${sys.admin.url}/admin/centros`, 'POST', `{"nombre":${'['.repeat(50)}${']'.repeat(50)}}`, token)),
      'lote anidado': statusOf(await send(`${sys.admin.url}/admin/centros/lote`, 'POST', `{"items":[${'['.repeat(50)}${']'.repeat(50)}]}`, token)),
    };
    assert.deepEqual(seen, { 'centro 200 KB': 413, 'lote 280 KB': 200, 'centro anidado': 400, 'lote anidado': 400 });
  });

  it('while 16 clients send 1 MB nested bodies to admin and to citas, a normal user of citas keeps its answers', async () => {
    const token = sys.adminToken;
    const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const get = async (path: string) => (await fetch(`${sys.citas.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).status;
    // One read that needs admin (the doctor is looked up live), one citas answers alone (GET /citas/{id}).
    const user = async () => Math.max(await get(`/citas/disponibilidad?id_doctor=${doctorId}&fecha=${day}`), await get(`/citas/${citaId}`));
    const baseline = await timed(10, user);

    const headers = { 'content-type': 'application/json' };
    const flood = await loop(
      [
        { url: `${sys.admin.url}/auth/login`, method: 'POST', headers, body: NESTED_MB },
        { url: `${sys.citas.url}/citas`, method: 'POST', headers, body: NESTED_MB },
      ],
      16,
    );
    flood.go();
    const during = await timed(10, user, 3000);
    const tally = await flood.stop();

    console.log(
      `  usuario normal (disponibilidad + GET /citas/{id}) sin ataque: ${fmt(baseline.ms)}; durante el ataque (${during.ms.length} pares): ${fmt(during.ms)}; respuestas al ataque: ${JSON.stringify(tally)}`,
    );
    assert.deepEqual(during.statuses, during.statuses.map(() => 200), 'every request of the normal user is answered');
    assert.deepEqual(Object.keys(tally).filter((k) => !['413', '401', 'cortada'].includes(k)), [], 'no attacking body was read and parsed');
  });
});

describe('login throttling holds under concurrency', () => {
  let admin: TestAdmin;
  let token: string;
  const PER_ACCOUNT = 5;
  const PER_ADDRESS = 20;
  const PER_ACCOUNT_ANY_ADDRESS = 12;
  const PASSWORD = 'Clave-2026-correcta';
  before(async () => {
    admin = await startTestAdmin({
      TRUST_PROXY: '1', // the tests speak for many addresses through X-Forwarded-For
      LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT),
      LOGIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS),
      LOGIN_MAX_FAILURES_PER_ACCOUNT_ANY_ADDRESS: String(PER_ACCOUNT_ANY_ADDRESS),
      HTTP_MAX_CONNECTIONS: '2000', // the bursts below are about the throttle, not the connection cap
    });
    token = await admin.adminToken();
    for (const username of ['objetivo', 'otra.cuenta', 'reparto', 'usuaria.normal', 'muy.usada']) {
      const res = await admin.post('/admin/usuario', { username, password: PASSWORD, rol: 'secretaria' }, token);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
  });
  after(() => admin.close());

  const shot = (username: string, password: string, address: string): Shot => ({
    url: `${admin.url}/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });

  it('300 parallel wrong guesses for one account from one address: LOGIN_MAX_FAILURES_PER_ACCOUNT password checks, the rest 429', async () => {
    const attack = await burst(Array.from({ length: 300 }, (_, i) => shot('objetivo', `Intento-${i}-x`, '198.51.100.1')));
    const answers = tallyOf(await attack.go());
    console.log(`  300 intentos en paralelo: ${JSON.stringify(answers)} (401 = contraseña comprobada)`);
    assert.deepEqual(answers, { 401: PER_ACCOUNT, 429: 300 - PER_ACCOUNT });
    const right = await login(admin, { username: 'objetivo', password: PASSWORD }, { 'x-forwarded-for': '198.51.100.1' });
    assert.equal(right.status, 429, 'the right password does not get in once the guesses used the budget');
  });

  it('an account has a limit of its own: new addresses do not bring new guesses past LOGIN_MAX_FAILURES_PER_ACCOUNT_ANY_ADDRESS', async () => {
    const statuses: number[] = [];
    for (let address = 0; address < 5; address++) {
      for (let guess = 0; guess < PER_ACCOUNT; guess++) {
        statuses.push((await login(admin, { username: 'reparto', password: `Intento-${guess}-x` }, { 'x-forwarded-for': `203.0.113.${address}` })).status);
      }
    }
    const checks = statuses.filter((s) => s === 401).length;
    console.log(`  5 direcciones x ${PER_ACCOUNT} intentos a una cuenta: ${checks} comprobadas, ${statuses.length - checks} rechazadas con 429`);
    assert.equal(checks, PER_ACCOUNT_ANY_ADDRESS);
    assert.ok(statuses.slice(checks).every((s) => s === 429));
  });

  it('1000 parallel logins with unknown usernames from one address: LOGIN_MAX_FAILURES_PER_ADDRESS checks; another user still logs in', async () => {
    const attack = await burst(Array.from({ length: 1000 }, (_, i) => shot(`nadie.${i}`, 'Intento-2026-x', '198.51.100.2')));
    const victim = async () => (await login(admin, { username: 'usuaria.normal', password: PASSWORD }, { 'x-forwarded-for': '192.0.2.10' })).status;
    const before = await timed(3, victim);
    const during = await whileRunning(attack.go().then(tallyOf), victim);
    console.log(`  login de otra usuaria: ${fmt(before.ms)} sin ataque; ${fmt(during.ms)} en ${during.ms.length} logins durante 1000 logins desconocidos en paralelo; ataque: ${JSON.stringify(during.result)}`);
    assert.deepEqual(during.result, { 401: PER_ADDRESS, 429: 1000 - PER_ADDRESS });
    assert.deepEqual(during.statuses, during.statuses.map(() => 200));
  });

  it('400 parallel correct logins for one account: at most LOGIN_MAX_FAILURES_PER_ACCOUNT are checked at a time; another user still logs in', async () => {
    const attack = await burst(Array.from({ length: 400 }, () => shot('muy.usada', PASSWORD, '198.51.100.3')));
    const victim = async () => (await login(admin, { username: 'otra.cuenta', password: PASSWORD }, { 'x-forwarded-for': '192.0.2.11' })).status;
    const before = await timed(3, victim);
    const during = await whileRunning(attack.go().then(tallyOf), victim);
    const answers = during.result;
    console.log(`  login de otra cuenta: ${fmt(before.ms)} sin ataque; ${fmt(during.ms)} en ${during.ms.length} logins durante 400 logins correctos en paralelo; ataque: ${JSON.stringify(answers)}`);
    assert.deepEqual(during.statuses, during.statuses.map(() => 200));
    assert.ok((answers[200] ?? 0) >= 1, 'the right password does get in');
    assert.equal((answers[200] ?? 0) + (answers[429] ?? 0), 400);
    assert.ok((answers[200] ?? 0) < 400 / 4, `${answers[200]} correct logins were checked: they were not admitted a few at a time`);
  });
});

describe('password hashing waiting at any moment is bounded', () => {
  let admin: TestAdmin;
  const QUEUE = 4;
  const PASSWORD = 'Clave-2026-correcta';
  before(async () => {
    admin = await startTestAdmin({ TRUST_PROXY: '1', PASSWORD_HASH_QUEUE: String(QUEUE), HTTP_MAX_CONNECTIONS: '2000' });
    const res = await admin.post('/admin/usuario', { username: 'usuaria.normal', password: PASSWORD, rol: 'secretaria' }, await admin.adminToken());
    assert.equal(res.status, 201);
  });
  after(() => admin.close());

  it('300 logins from 300 addresses at once: beyond PASSWORD_HASH_QUEUE they are refused at once with 503 and Retry-After; a normal user waits no longer than the queue', async () => {
    const shots: Shot[] = Array.from({ length: 300 }, (_, i) => ({
      url: `${admin.url}/auth/login`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.${Math.floor(i / 250)}.${i % 250}.1` },
      body: JSON.stringify({ username: `nadie.${i}`, password: 'Intento-2026-x' }),
    }));
    const attack = await burst(shots);
    const answers: { status: number; retryAfter: string | null }[] = [];
    const victim = async () => {
      const r = await login(admin, { username: 'usuaria.normal', password: PASSWORD }, { 'x-forwarded-for': '192.0.2.20' });
      answers.push(r);
      return r.status;
    };
    const before = await timed(3, victim);
    const during = await whileRunning(attack.go().then(tallyOf), victim);
    const tally = during.result;
    console.log(
      `  login normal: ${fmt(before.ms)} sin ataque; ${fmt(during.ms)} en ${during.ms.length} logins durante el ataque (${JSON.stringify(tallyOf(during.statuses))}); ataque: ${JSON.stringify(tally)}`,
    );
    assert.deepEqual(Object.keys(tally).filter((k) => k !== '401' && k !== '503'), [], 'every attacking login was checked or refused');
    assert.ok((tally[503] ?? 0) > 0, 'the queue refused the excess');
    assert.deepEqual(during.statuses.filter((st) => st !== 200 && st !== 503), []);
    assert.ok(answers.filter((a) => a.status === 503).every((a) => Number(a.retryAfter) > 0), 'a 503 says when to retry');
    const after = await login(admin, { username: 'usuaria.normal', password: PASSWORD }, { 'x-forwarded-for': '192.0.2.20' });
    assert.equal(after.status, 200, 'a refused attempt was withdrawn: it did not count against her');
  });
});
