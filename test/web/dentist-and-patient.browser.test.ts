import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { clinicDateOf } from '../../core/domain/clinic-time';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, logIn, newContext, statusSays } from '../support/browser';
import { chosenHour } from '../support/booking-form';
import type { DoctorAccount } from '../support/citas';
import { addDays, dayWords, nextWeekday } from '../support/clinic-days';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * The front desk as a dentist (rol medico) and as a patient (rol paciente)
 * use it: what the contract lets each of them do and see, and what the page
 * tells them when the APIs answer. Real headless Chromium on the real
 * services, all on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const ZONE = 'Europe/Madrid';

describe('the front desk as a dentist and as a patient', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Roles', patient: 'Luis Roles' });

  /** A cita of `who` with `doctor` at `hhmm` on `day`, booked by the admin through the API. */
  async function booked(doctor: { id: number }, hhmm: string, motivo: string, who = fd.patient): Promise<number> {
    const res = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T${hhmm}:00`, motivo, id_paciente: who.id, id_doctor: doctor.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id_cita;
  }

  /** The login form the page shows when the session is gone mid-use: the reason, then the same person logs in again there. */
  async function logInAgain(page: Page, who: { username: string; password: string }): Promise<void> {
    try {
      await page.getByText(/Su sesión ha caducado o se ha cerrado/).waitFor();
    } catch {
      const said = await page.locator('[role=status], [role=alert]').allInnerTexts();
      assert.fail(`the page never asked to log in again; it says: ${JSON.stringify(said.filter(Boolean))}`);
    }
    await page.getByLabel('Usuario').fill(who.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(who.password);
    await page.getByRole('button', { name: 'Entrar' }).click();
  }

  /** Salir in another tab of the same browser: it ends the session this context's other tabs have. */
  async function salirInAnotherTab(ctx: BrowserContext): Promise<void> {
    const other = await ctx.newPage();
    await other.goto(fd.web.url);
    await other.getByRole('button', { name: 'Salir' }).click();
    await other.getByText('Ha cerrado la sesión.').waitFor();
  }

  /** `doctor` logged in, on Mis ausencias, with Desde and Hasta of a new absence typed (16:00-18:00 of `day`), not yet added. */
  async function typingAnAbsence(doctor: DoctorAccount): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, doctor.username, doctor.password);
    await page.getByRole('link', { name: 'Mis ausencias' }).click();
    await page.getByRole('heading', { name: 'Nueva ausencia' }).waitFor();
    await page.getByLabel('Desde').fill(`${fd.day}T16:00`);
    await page.getByLabel('Hasta').fill(`${fd.day}T18:00`);
    return { ctx, page };
  }

  it('a dentist who adds an absence over citas already booked is told which ones fall inside it', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Elena Congreso', especialidad: 'Ortodoncia' });
    await booked(doctor, '10:00', 'Ajuste');
    await booked(doctor, '10:30', 'Revisión');
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, doctor.username, doctor.password);
    await page.getByRole('link', { name: 'Mis ausencias' }).click();
    await page.getByRole('heading', { name: 'Nueva ausencia' }).waitFor();
    await page.getByLabel('Desde').fill(`${fd.day}T09:30`);
    await page.getByLabel('Hasta').fill(`${fd.day}T11:00`);
    await page.getByLabel('Motivo').fill('Congreso');
    await page.getByRole('button', { name: 'Añadir ausencia' }).click();
    // The API keeps them and lists them (conflictos): she must know, or two patients come to an empty chair.
    // Each by its day, hour and patient, as she knows them (never a cita's number), and what to do.
    const at = (hhmm: string) => `el ${dayWords(fd.day, fd.clock.now())}, a las ${hhmm}, de ${fd.patient.nombre}`;
    await statusSays(page, new RegExp(`Ausencia registrada\\. 2 citas ya reservadas caen dentro y siguen en pie: ${at('10:00')}; ${at('10:30')}\\. Cámbielas o cancélelas desde la agenda\\.`));
    await ctx.close();
  });

  it('a patient who opens Cambiar finds her cita\'s own hour chosen, and changing only the motivo keeps it', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Hugo Motivo', especialidad: 'Prótesis' });
    const paciente = await fd.sys.createPatient({ nombre: 'Marta Motivo' });
    const id = await booked(doctor, '10:00', 'Revisión', paciente);
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    const card = page.locator('.cita-panel').filter({ hasText: 'Revisión' });
    await card.getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    // The free slots list 10:00 as taken (by this very cita); the day's first free one must not take its place unseen.
    assert.equal(await chosenHour(page), '10:00', 'Cambiar opens on another hour than the cita\'s');
    await page.getByLabel('Motivo', { exact: true }).fill('Revisión de la prótesis');
    await page.getByRole('button', { name: 'Guardar cambio' }).click();
    await statusSays(page, /Cita cambiada/);
    const nueva = (await fd.sys.citas.get(`/citas/${id}`, fd.sys.adminToken)).body.id_cita_nueva;
    const now = (await fd.sys.citas.get(`/citas/${nueva}`, fd.sys.adminToken)).body;
    assert.equal(now.fecha.slice(0, 16), `${fd.day}T10:00`);
    assert.equal(now.motivo, 'Revisión de la prótesis');
    await ctx.close();
  });

  it('a patient who asks for her doctor\'s first free slot finds it, even when his colleagues have more free slots before it than one search lists', async () => {
    const especialidad = 'Odontopediatría';
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Óscar Solicitado', especialidad });
    // Three colleagues with a free working day (18 slots each) fill the 50 slots one search of the specialty lists.
    for (const nombre of ['Dra. Uno Libre', 'Dra. Dos Libre', 'Dra. Tres Libre']) await fd.sys.createDoctor({ nombre, especialidad });
    const today = clinicDateOf(fd.clock.now(), ZONE);
    const away = await fd.sys.citas.post(
      `/agenda/${doctor.id}/ausencias`,
      { desde: `${today}T00:00:00`, hasta: `${addDays(fd.day, 1)}T00:00:00`, motivo: 'Vacaciones' },
      fd.sys.adminToken,
    );
    assert.equal(away.status, 201, JSON.stringify(away.body));
    const back = nextWeekday(fd.day);
    const paciente = await fd.sys.createPatient({ nombre: 'Inés Fiel' });
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.locator(`select[name=id_doctor] option[value="${doctor.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByRole('button', { name: 'Primer hueco libre con este doctor' }).click();
    const nota = page.locator('form.reserva .nota');
    await nota.getByText(/Primer hueco libre|no tiene huecos/).waitFor();
    assert.match(await nota.innerText(), /^Primer hueco libre: .* a las 09:00\.$/);
    assert.equal(await page.getByLabel('Fecha').inputValue(), back);
    assert.equal(await chosenHour(page), '09:00');
    await ctx.close();
  });

  it('a dentist whose session was closed from another tab while she typed an absence logs in again and finds it registered', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Pilar Pestaña', especialidad: 'Implantología' });
    const { ctx, page } = await typingAnAbsence(doctor);
    await page.getByLabel('Motivo').fill('Curso de implantes');

    await salirInAnotherTab(ctx);

    await page.getByRole('button', { name: 'Añadir ausencia' }).click();
    await logInAgain(page, doctor);
    await statusSays(page, /Ausencia registrada/);
    await page.locator('ul.ausencias').getByText(/Curso de implantes/).waitFor();
    await ctx.close();
  });

  it('someone else who logs in on that form gets a page of their own, and the first person\'s pending absence is not sent in their name', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Ana Turno', especialidad: 'Implantología' });
    const relevo = await fd.sys.createDoctor({ nombre: 'Dr. Blas Relevo', especialidad: 'Implantología' });
    const { ctx, page } = await typingAnAbsence(doctor);
    await page.getByLabel('Motivo').fill('Guardia de Ana');
    await salirInAnotherTab(ctx);

    await page.getByRole('button', { name: 'Añadir ausencia' }).click();
    await logInAgain(page, relevo);
    await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
    assert.equal(await page.getByLabel('Doctor').inputValue(), String(relevo.id));
    assert.ok(!(await page.content()).includes('Guardia de Ana'), 'the first person\'s page is still in this one');
    for (const d of [doctor, relevo]) {
      const ausencias = await fd.sys.citas.get(`/agenda/${d.id}/ausencias`, fd.sys.adminToken);
      assert.deepEqual(ausencias.body.items, [], `an absence was registered for ${d.nombre}`);
    }
    await ctx.close();
  });

  it('a patient whose session was closed elsewhere as she changes her password is asked to log in again, and the change is then made', async () => {
    const paciente = await fd.sys.createPatient({ nombre: 'Clara Clave' });
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    await page.getByRole('link', { name: 'Contraseña' }).click();
    await page.getByLabel('Contraseña actual', { exact: true }).fill(paciente.password);
    await page.getByLabel('Contraseña nueva', { exact: true }).fill('Nueva-Clave-2026-ok');
    await page.getByLabel('Repita la contraseña nueva').fill('Nueva-Clave-2026-ok');
    await salirInAnotherTab(ctx);

    await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await logInAgain(page, paciente);
    await statusSays(page, /Contraseña cambiada/);
    assert.ok(await fd.sys.login(paciente.username, 'Nueva-Clave-2026-ok'));
    await ctx.close();
  });

  it('a patient who presses Salir while her citas are still being read stays on "Ha cerrado la sesión", not asked back by the read that then fails', async () => {
    const paciente = await fd.sys.createPatient({ nombre: 'Olga Sale' });
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    // Her next read of her citas is held until she has left; it then reaches the web without a session (401).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const asked = new Promise<void>((resolve) => (reached = resolve));
    await page.route(/\/api\/citas\/citas\?/, async (route) => {
      reached();
      await held;
      await route.continue();
    });
    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByRole('link', { name: 'Mis citas' }).click();
    await asked;
    await page.getByRole('button', { name: 'Salir' }).click();
    await page.getByText('Ha cerrado la sesión.').waitFor();
    const finished = page.waitForEvent('requestfinished', (req) => /\/api\/citas\/citas\?/.test(req.url()));
    release();
    assert.equal((await (await finished).response())?.status(), 401);
    // Whatever the page does with that answer, read in full, is done by the time a later call of its own has come back.
    await page.evaluate(() => fetch('/api/sesion').then((r) => r.status));
    assert.equal(await page.getByText(/Su sesión ha caducado/).count(), 0, 'the page says the session expired, though she left');
    assert.ok(await page.getByText('Ha cerrado la sesión.').isVisible());
    await ctx.close();
  });

  // Last: the clock moves past every session's end (TOKEN_TTL_SECONDS, 7 days).
  it('a patient whose session expires as she presses Reservar logs in again and finds the cita booked as she had typed it', async () => {
    const doctor = await fd.sys.createDoctor({ nombre: 'Dra. Sara Caducada', especialidad: 'Endodoncia' });
    const paciente = await fd.sys.createPatient({ nombre: 'Nuria Caduca' });
    const later = nextWeekday(addDays(fd.day, 14)); // still ahead once the clock has moved 8 days
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, paciente.username, paciente.password);
    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByLabel('Centro').selectOption(String(fd.center.id));
    await page.getByLabel('Fecha').fill(later);
    await page.locator('select[name=hora] option[value="10:00"]').waitFor({ state: 'attached' });
    await page.getByLabel('Hora').selectOption('10:00');
    await page.getByLabel('Motivo', { exact: true }).fill('Me duele al masticar');

    fd.clock.set(new Date(fd.clock.now().getTime() + 8 * 24 * 3600 * 1000));
    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await logInAgain(page, paciente);
    await statusSays(page, /Cita reservada: .* a las 10:00/);
    const admin = await fd.sys.login(TEST_ADMIN.username, TEST_ADMIN.password);
    const citas = (await fd.sys.citas.get(`/citas?id_paciente=${paciente.id}`, admin)).body.items;
    assert.deepEqual(
      citas.map((c: any) => [c.fecha.slice(0, 16), c.motivo]),
      [[`${later}T10:00`, 'Me duele al masticar']],
    );
    await ctx.close();
  });
});
