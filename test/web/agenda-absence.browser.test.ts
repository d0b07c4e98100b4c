import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { citaAt, openAgenda } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { Account } from '../support/citas';
import { longDay } from '../support/clinic-days';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';
import { serviceDown } from '../support/service-down';

/**
 * A doctor's absence in the agenda: reception and the doctor see the hours
 * he is away as such ("Ausente", with its motivo for those who may read
 * it), not as a stretch without free slots; a cita inside it stays on top
 * and can still be opened. Real headless Chromium on the real services,
 * all on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();
const AUSENTE = /^Ausente de 10:00 a 12:00, Congreso de implantología$/;

describe('a doctor\'s absence in the agenda', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Ausencias',
    doctor: { nombre: 'Dr. Ramón Fuera', especialidad: 'Implantología' },
    patient: 'Elena Dentro',
  });
  let secretaria: Account;

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
    const weekday = ((new Date(`${fd.day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const horario = await fd.sys.citas.put(
      `/agenda/${fd.doctor.id}/horario`,
      { id_centro: fd.center.id, franjas: [{ dia: weekday, desde: '09:00', hasta: '14:00' }], duracion_cita_min: 30 },
      fd.sys.adminToken,
    );
    assert.equal(horario.status, 200, JSON.stringify(horario.body));
    await suiteCita(fd, '11:00', 'Revisión de implante');
    const ausencia = await fd.sys.citas.post(
      `/agenda/${fd.doctor.id}/ausencias`,
      { desde: `${fd.day}T10:00:00`, hasta: `${fd.day}T12:00:00`, motivo: 'Congreso de implantología' },
      fd.sys.adminToken,
    );
    assert.equal(ausencia.status, 201, JSON.stringify(ausencia.body));
  });

  /** The cita inside the absence is drawn over it and opens its panel. */
  async function citaStillOpens(page: Page): Promise<void> {
    await citaAt(page, '11:00').click();
    await page.getByRole('group', { name: 'Acciones de la cita' }).or(page.locator('.cita-panel h2')).first().waitFor();
  }

  it("shows reception the doctor's absence in the day, with its motivo, and the cita inside it still opens", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    const column = page.getByRole('group', { name: `Agenda del ${longDay(fd.day)}` }).getByRole('region', { name: new RegExp(`^${fd.doctor.nombre}`) });
    await column.getByRole('note', { name: AUSENTE }).waitFor();
    assert.match(await column.getByRole('note', { name: AUSENTE }).innerText(), /Ausente de 10:00 a 12:00\s+Congreso de implantología/, 'the words are on the block, not only in its name');
    await citaStillOpens(page);
    await ctx.close();
  });

  it("shows it in the doctor's week", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await openAgenda(page, fd.center.id, fd.doctor, fd.day);
    await page.getByRole('button', { name: 'Semana' }).click();
    await page.getByRole('group', { name: `Semana de ${fd.doctor.nombre}` }).getByRole('note', { name: AUSENTE }).waitFor();
    await citaStillOpens(page);
    await ctx.close();
  });

  it('shows the doctor his own absence in Mi agenda', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.doctor);
    await page.getByRole('heading', { name: 'Mi agenda' }).waitFor();
    await page.getByLabel('Fecha').fill(fd.day);
    await page.getByRole('group', { name: `Agenda del ${longDay(fd.day)}` }).getByRole('note', { name: AUSENTE }).waitFor();
    await citaStillOpens(page);
    await ctx.close();
  });

  it('says the day could not be read when its absences cannot be, as for its citas', async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await page.route(
      (url) => url.pathname === `/api/citas/agenda/${fd.doctor.id}/ausencias`,
      (route) => route.fulfill(serviceDown('citas')),
    );
    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.getByLabel('Centro').selectOption(String(fd.center.id));
    await page.getByLabel('Doctor').selectOption(String(fd.doctor.id));
    await page.getByLabel('Fecha').fill(fd.day);
    await page.getByText(`No se ha podido leer la agenda del ${longDay(fd.day)}.`).waitFor();
    await page.getByRole('alert').getByText(/citas no responde/).waitFor();
    assert.equal(await citaAt(page, '11:00').count(), 0, 'a day drawn without its absences would show the cita as if the doctor were in');
    await ctx.close();
  });
});
