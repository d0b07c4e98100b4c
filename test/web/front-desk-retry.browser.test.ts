import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { clinicDateOf } from '../../core/domain/clinic-time';
import { TEST_ADMIN } from '../support/admin';
import { openAgenda, slot } from '../support/agenda-page';
import { browserSkipReason, launchChromium, logIn, newContext, statusSays, WAIT_MS } from '../support/browser';
import type { CenterRecord, DoctorAccount, PatientAccount } from '../support/citas';
import { nextWeekday } from '../support/clinic-days';
import { eventually } from '../support/eventually';
import { FixedClock } from '../fakes/fixed-clock';
import { startTestSystem, type TestSystem } from '../support/citas';
import { startTestWeb, type TestWeb, webClient } from '../support/web';

/**
 * A booking whose answer is lost on the way back: citas books, but its answer
 * reaches the web after the web's API_TIMEOUT_MS, so the page hears "citas no
 * responde" (503). The receptionist presses Reservar again: the page sends
 * the same Idempotency-Key, the web passes it on, and citas answers the cita
 * it booked instead of 409 for the slot it took. A relay between web and
 * citas holds back the answer of the next POST /citas when told to, and
 * records the keys it saw.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';
const API_TIMEOUT_MS = 800;

interface SlowCitas {
  url: string;
  /** Headers of every POST /citas that went through. */
  bookings: IncomingHttpHeaders[];
  /** The next POST /citas's answer is held back this long (past the web's timeout). */
  holdNextBooking(ms: number): void;
  close(): Promise<void>;
}

async function slowCitas(target: string): Promise<SlowCitas> {
  const bookings: IncomingHttpHeaders[] = [];
  let hold = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const booking = req.method === 'POST' && req.url === '/citas';
      if (booking) bookings.push(req.headers);
      const delay = booking ? hold : 0;
      if (booking) hold = 0;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
      try {
        const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        const text = await answer.text();
        if (delay) await new Promise((r) => setTimeout(r, delay));
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
    bookings,
    holdNextBooking: (ms) => (hold = ms),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

describe('front desk: a booking whose answer was lost, booked again', { skip }, () => {
  const clock = new FixedClock(new Date());
  let sys: TestSystem;
  let relay: SlowCitas;
  let web: TestWeb;
  let browser: Browser;
  let day: string;
  let center: CenterRecord;
  let doctor: DoctorAccount;
  let patient: PatientAccount;

  before(async () => {
    sys = await startTestSystem({ adminOverrides: { clock }, citasOverrides: { clock }, adminEnv: { TOKEN_TTL_SECONDS: String(24 * 3600) } });
    relay = await slowCitas(sys.citas.url);
    web = await startTestWeb(sys.admin.url, relay.url, { API_TIMEOUT_MS: String(API_TIMEOUT_MS) }, clock);
    browser = await launchChromium();
    day = nextWeekday(clinicDateOf(clock.now(), ZONE));
    center = await sys.createCenter({ nombre: 'Clínica Reintento' });
    doctor = await sys.createDoctor({ nombre: 'Dra. Elena Reintento', especialidad: 'Ortodoncia' });
    patient = await sys.createPatient({ nombre: 'Iris Paciente' });
  });
  after(async () => {
    await browser?.close();
    await web?.close();
    await relay?.close();
    await sys?.close();
  });

  const citasOfTheDay = async () =>
    (await sys.citas.get(`/citas?id_doctor=${doctor.id}&fecha=${day}&page_size=100`, sys.adminToken)).body.items as { id_cita: number; motivo: string }[];

  it('pressing Reservar again after "no responde" shows the one cita booked, not a 409, and only one exists', async () => {
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    await logIn(page, web.url, TEST_ADMIN.username, TEST_ADMIN.password);
    await openAgenda(page, center.id, doctor, day);
    await slot(page, '10:00').click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Paciente').fill('Iris');
    await page.getByLabel('Paciente').press('Enter');
    await page.getByRole('radio', { name: /Iris/ }).check();
    await page.getByLabel('Motivo', { exact: true }).fill('Revisión tras corte');

    relay.holdNextBooking(API_TIMEOUT_MS * 3);
    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Servicio no disponible' }).waitFor({ timeout: WAIT_MS });
    // Citas did book: only its answer was lost.
    assert.equal((await eventually(citasOfTheDay, (c) => c.length === 1)).length, 1);

    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await statusSays(page, /Cita reservada: .* a las 10:00/);
    const citas = await citasOfTheDay();
    assert.equal(citas.length, 1, 'one cita, not two');
    assert.equal(citas[0].motivo, 'Revisión tras corte');
    assert.equal(relay.bookings.length, 2);
    const [first, second] = relay.bookings.map((h) => h['idempotency-key']);
    assert.match(String(first), /^[0-9a-f-]{36}$/);
    assert.equal(second, first, 'the retry carried the same Idempotency-Key');
    await ctx.close();
  });

  it('the web passes a valid Idempotency-Key on to citas, and refuses a malformed one itself (400)', async () => {
    const client = webClient(web.url);
    assert.equal((await client.post('/api/sesion', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).status, 200);
    const body = { fecha: `${day}T12:00:00`, motivo: 'Por la web', id_paciente: patient.id, id_doctor: doctor.id, id_centro: center.id };
    const key = { 'idempotency-key': 'web-clave-1' };
    const first = await client.request('POST', '/api/citas/citas', body, key);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    const again = await client.request('POST', '/api/citas/citas', body, key);
    assert.equal(again.status, 201);
    assert.equal(again.body.id_cita, first.body.id_cita);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const before = relay.bookings.length;
    const bad = await client.request('POST', '/api/citas/citas', body, { 'idempotency-key': 'con espacio' });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.equal(bad.body.code, 'PARAMETRO_INVALIDO');
    assert.equal(relay.bookings.length, before, 'never reached citas');
  });
});
