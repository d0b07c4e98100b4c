import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_ADMIN } from '../support/admin';
import { citaAt, openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, logIn, newContext, statusSays, WAIT_MS } from '../support/browser';
import type { Account } from '../support/citas';
import { eventually } from '../support/eventually';
import { webClient } from '../support/web';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * A booking, change or cancellation whose answer is lost on the way back:
 * citas does it, but its answer reaches the web after the web's
 * API_TIMEOUT_MS, so the page hears "citas no responde" (503). The
 * receptionist presses the button again: the page sends the same
 * Idempotency-Key, the web passes it on, and citas answers what it did
 * instead of 409 for the slot it took or the cita it already replaced or
 * cancelled. A relay between web and citas holds back the answer of the next
 * write to a cita (POST /citas, PUT /citas/{id}) when told to, and records
 * the keys it saw.
 */
const skip = browserSkipReason();
// Every read of these tests goes through the same deadline: at CI's load (11-15) an agenda read took over the
// 800 ms this once was, and the page showed "no responde" instead of the grid. A held write is now held until the
// web gives up on it, so a longer deadline costs each lost answer its own length only.
const API_TIMEOUT_MS = 3000;

interface CitaWrite {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

interface SlowCitas {
  url: string;
  /** Every write to a cita that went through: POST /citas, PUT /citas/{id}. */
  writes: CitaWrite[];
  /** The next write is done by citas, but its answer is held back until the web gives up waiting (API_TIMEOUT_MS): lost. */
  holdNextWrite(): void;
  close(): Promise<void>;
}

async function slowCitas(target: string): Promise<SlowCitas> {
  const writes: CitaWrite[] = [];
  let holdNext = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const path = req.url ?? '';
      const write = (req.method === 'POST' && path === '/citas') || (req.method === 'PUT' && /^\/citas\/\d+$/.test(path));
      if (write) writes.push({ method: req.method!, path, headers: req.headers });
      const lose = write && holdNext;
      if (write) holdNext = false;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
      try {
        const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        const text = await answer.text();
        if (lose) {
          if (!res.destroyed) await once(res, 'close');
          return;
        }
        if (res.destroyed) return;
        const passed = [...answer.headers].filter(([k]) => !['content-length', 'connection', 'keep-alive', 'transfer-encoding'].includes(k));
        res.writeHead(answer.status, Object.fromEntries(passed));
        res.end(text);
      } catch {
        res.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    writes,
    holdNextWrite: () => (holdNext = true),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('front desk: a booking, change or cancellation whose answer was lost, sent again', { skip }, () => {
  let relay: SlowCitas;
  const fd = frontDeskSuite({
    desk: {
      // As this suite has always run: tokens for a day, and citas's own retries and breaker on its calls to admin.
      adminEnv: { TOKEN_TTL_SECONDS: String(24 * 3600) },
      adminCallsAsConfigured: true,
      citasThrough: async (citasUrl) => (relay = await slowCitas(citasUrl)),
      webEnv: { API_TIMEOUT_MS: String(API_TIMEOUT_MS) },
    },
    center: 'Clínica Reintento',
    doctor: { nombre: 'Dra. Elena Reintento', especialidad: 'Ortodoncia' },
    patient: 'Iris Paciente',
  });
  let receptionist: Account;

  before(async () => {
    receptionist = await fd.sys.createSecretaria();
  });

  const citasOfTheDay = async () =>
    (await fd.sys.citas.get(`/citas?id_doctor=${fd.doctor.id}&fecha=${fd.day}&page_size=100`, fd.sys.adminToken)).body.items as {
      id_cita: number;
      motivo: string;
      estado: string;
      fecha: string;
    }[];
  const bookings = () => relay.writes.filter((w) => w.method === 'POST');
  const changesOf = (id: number) => relay.writes.filter((w) => w.method === 'PUT' && w.path === `/citas/${id}`);
  const citaOf = async (id: number) => (await fd.sys.citas.get(`/citas/${id}`, fd.sys.adminToken)).body as { estado: string; id_cita_nueva?: number };
  /** A cita of the patient's at `time` on the day, booked through the API, not the page. */
  async function booked(time: string): Promise<number> {
    const res = await fd.sys.citas.post('/citas', { fecha: `${fd.day}T${time}:00`, motivo: 'Revisión', id_paciente: fd.patient.id, id_doctor: fd.doctor.id, id_centro: fd.center.id }, fd.sys.adminToken);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id_cita;
  }
  /** The receptionist, on the agenda of the day, with the panel of the cita at `time` open. */
  async function openCita(time: string): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, receptionist.username, receptionist.password);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await citaAt(page, time).click();
    await page.getByRole('button', { name: 'Cambiar', exact: true }).waitFor();
    return { ctx, page };
  }

  it('pressing Reservar again after "no responde" shows the one cita booked, not a 409, and only one exists', async () => {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await slot(page, '10:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente').fill('Iris');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: /Iris/ }).check();
    await page.getByLabel('Motivo', { exact: true }).fill('Revisión tras corte');

    relay.holdNextWrite();
    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).waitFor({ timeout: WAIT_MS });
    // Citas did book: only its answer was lost.
    assert.equal((await eventually(citasOfTheDay, (c) => c.length === 1)).length, 1);

    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await statusSays(page, /Cita reservada: .* a las 10:00/);
    const citas = await citasOfTheDay();
    assert.equal(citas.length, 1, 'one cita, not two');
    assert.equal(citas[0].motivo, 'Revisión tras corte');
    assert.equal(bookings().length, 2);
    const [first, second] = bookings().map((w) => w.headers['idempotency-key']);
    assert.match(String(first), /^[0-9a-f-]{36}$/);
    assert.equal(second, first, 'the retry carried the same Idempotency-Key');
    await ctx.close();
  });

  it('the web passes a valid Idempotency-Key on to citas, and refuses a malformed one itself (400)', async () => {
    const client = webClient(fd.web.url);
    assert.equal((await client.post('/api/sesion', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).status, 200);
    const body = { fecha: `${fd.day}T12:00:00`, motivo: 'Por la web', id_paciente: fd.patient.id, id_doctor: fd.doctor.id, id_centro: fd.center.id };
    const key = { 'idempotency-key': 'web-clave-1' };
    const first = await client.request('POST', '/api/citas/citas', body, key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const again = await client.request('POST', '/api/citas/citas', body, key);
    assert.equal(again.status, 201);
    assert.equal(again.body.id_cita, first.body.id_cita);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const before = relay.writes.length;
    const bad = await client.request('POST', '/api/citas/citas', body, { 'idempotency-key': 'con espacio' });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(bad.body.code, 'PARAMETRO_INVALIDO');
    assert.equal(relay.writes.length, before, 'never reached citas');

    // The same for a change of a cita: PUT /api/citas/citas/{id}.
    const cancel = { estado: 'Cancelada', motivo_cancelacion: 'Por la web' };
    const cancelKey = { 'idempotency-key': 'web-clave-2' };
    const cancelled = await client.request('PUT', `/api/citas/citas/${first.body.id_cita}`, cancel, cancelKey);
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
    const cancelledAgain = await client.request('PUT', `/api/citas/citas/${first.body.id_cita}`, cancel, cancelKey);
    assert.equal(cancelledAgain.status, 200, JSON.stringify(cancelledAgain.body));
    assert.equal(cancelledAgain.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(changesOf(first.body.id_cita).map((w) => w.headers['idempotency-key']), ['web-clave-2', 'web-clave-2']);
    const writes = relay.writes.length;
    const badChange = await client.request('PUT', `/api/citas/citas/${first.body.id_cita}`, cancel, { 'idempotency-key': 'a,b' });
    assert.equal(badChange.status, 400, JSON.stringify(badChange.body));
    assert.equal(badChange.body.code, 'PARAMETRO_INVALIDO');
    assert.equal(relay.writes.length, writes, 'never reached citas');
  });

  it('pressing Guardar cambio again after "no responde" shows the change made, not 409 CITA_REEMPLAZADA, and makes one new cita', async () => {
    const id = await booked('11:00');
    const { ctx, page } = await openCita('11:00');
    await page.getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await page.getByLabel('Hora').selectOption('11:30');

    relay.holdNextWrite();
    await page.getByRole('button', { name: 'Guardar cambio' }).click();
    await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).waitFor({ timeout: WAIT_MS });
    // Citas did change it: only its answer was lost.
    assert.equal((await eventually(() => citaOf(id), (c) => c.estado === 'Cancelada')).estado, 'Cancelada');

    await page.getByRole('button', { name: 'Guardar cambio' }).click();
    await statusSays(page, /Cita cambiada/);
    const { id_cita_nueva: nueva } = await citaOf(id);
    assert.ok(nueva);
    const active = (await citasOfTheDay()).filter((c) => c.estado === 'Programada' && c.fecha.slice(11, 16) === '11:30');
    assert.deepEqual(active.map((c) => c.id_cita), [nueva], 'one new cita, not two');
    const [first, second] = changesOf(id).map((w) => w.headers['idempotency-key']);
    assert.equal(changesOf(id).length, 2);
    assert.match(String(first), /^[0-9a-f-]{36}$/);
    assert.equal(second, first, 'the retry carried the same Idempotency-Key');
    await ctx.close();
  });

  /**
   * citas answers a copy of a write that is still being answered with 409
   * IDEMPOTENCIA_EN_CURSO (Retry-After: 1) only when its database refuses
   * the key's second row (docs/citas.md), which a test cannot bring about on
   * cue: the page's first write to `path` gets that answer from a stub
   * (Playwright's route interception); every later one goes through. Returns
   * the Idempotency-Key of every write the page sent there.
   */
  async function firstWriteInProgress(page: Page, method: string, path: string): Promise<string[]> {
    const keys: string[] = [];
    await page.route(
      (url) => url.pathname === path,
      async (route) => {
        const request = route.request();
        if (request.method() !== method) return route.continue();
        keys.push(String(request.headers()['idempotency-key']));
        if (keys.length > 1) return route.continue();
        return route.fulfill({
          status: 409,
          headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
          body: JSON.stringify({
            type: 'about:blank',
            title: 'Conflict',
            status: 409,
            code: 'IDEMPOTENCIA_EN_CURSO',
            detail: 'Otra petición con esa Idempotency-Key se está atendiendo. Reintente en un momento para recibir su respuesta.',
          }),
        });
      },
    );
    return keys;
  }

  it('a Reservar whose first press is still being answered (409 IDEMPOTENCIA_EN_CURSO) says so, keeps the chosen hour, and the next press sends the same key and books', async () => {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await slot(page, '09:30').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente', { exact: true }).fill('Iris');
    await page.getByLabel('Paciente', { exact: true }).press('Enter');
    await page.getByRole('radio', { name: /Iris/ }).check();
    await page.getByLabel('Motivo', { exact: true }).fill('Empaste');
    const keys = await firstWriteInProgress(page, 'POST', '/api/citas/citas');

    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    const error = page.locator('form.reserva .error');
    await error.filter({ hasText: /\S/ }).waitFor();
    const said = await error.textContent();
    assert.match(String(said), /todavía se está procesando/, 'it says the first press is still being processed');
    assert.doesNotMatch(String(said), /elija otro hueco|Idempotency-Key/i, 'not a taken slot, and no header names for a receptionist');
    assert.match(String(said), /Reservar/, 'it says which button to press again');
    assert.equal(await page.getByLabel('Hora').inputValue(), '09:30', 'the hour she chose is still chosen');

    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await statusSays(page, /Cita reservada: .* a las 09:30/);
    assert.equal(keys.length, 2);
    assert.match(keys[0], /^[0-9a-f-]{36}$/);
    assert.equal(keys[1], keys[0], 'the second press carried the first press\'s Idempotency-Key');
    assert.equal((await citasOfTheDay()).filter((c) => c.fecha.slice(11, 16) === '09:30').length, 1);
    await ctx.close();
  });

  it('a Confirmar cancelación whose first press is still being answered (409 IDEMPOTENCIA_EN_CURSO) says so, and the next press sends the same key and cancels', async () => {
    const id = await booked('12:30');
    const { ctx, page } = await openCita('12:30');
    await page.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.getByLabel('Motivo de cancelación').fill('Se va de viaje');
    const keys = await firstWriteInProgress(page, 'PUT', `/api/citas/citas/${id}`);

    await page.getByRole('button', { name: 'Confirmar cancelación' }).click();
    const error = page.locator('.cita-panel .error');
    await error.filter({ hasText: /\S/ }).waitFor();
    const said = await error.textContent();
    assert.match(String(said), /todavía se está procesando/, 'it says the first press is still being processed');
    assert.doesNotMatch(String(said), /Idempotency-Key/i, 'no header names for a receptionist');
    assert.match(String(said), /Confirmar cancelación/, 'it says which button to press again');

    await page.getByRole('button', { name: 'Confirmar cancelación' }).click();
    await statusSays(page, /Cita cancelada/);
    assert.equal((await citaOf(id)).estado, 'Cancelada');
    assert.equal(keys.length, 2);
    assert.equal(keys[1], keys[0], 'the second press carried the first press\'s Idempotency-Key');
    await ctx.close();
  });

  it('pressing Confirmar cancelación again after "no responde" shows the cita cancelled, not "ya cancelada"', async () => {
    const id = await booked('13:00');
    const { ctx, page } = await openCita('13:00');
    await page.getByRole('button', { name: 'Cancelar', exact: true }).click();
    await page.getByLabel('Motivo de cancelación').fill('Avisó por teléfono');

    relay.holdNextWrite();
    await page.getByRole('button', { name: 'Confirmar cancelación' }).click();
    await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).waitFor({ timeout: WAIT_MS });
    assert.equal((await eventually(() => citaOf(id), (c) => c.estado === 'Cancelada')).estado, 'Cancelada', 'citas did cancel it');

    await page.getByRole('button', { name: 'Confirmar cancelación' }).click();
    await statusSays(page, /Cita cancelada/);
    await page.locator('.cita-panel .estado', { hasText: 'Cancelada' }).waitFor();
    const keys = changesOf(id).map((w) => w.headers['idempotency-key']);
    assert.equal(keys.length, 2);
    assert.match(String(keys[0]), /^[0-9a-f-]{36}$/);
    assert.equal(keys[1], keys[0], 'the retry carried the same Idempotency-Key');
    await ctx.close();
  });
});
