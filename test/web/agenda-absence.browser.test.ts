import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { citaAt, openAgenda } from '../support/agenda-page';
import { browserSkipReason, loggedIn } from '../support/browser';
import type { Account, DoctorAccount } from '../support/citas';
import { addDays, dayWords } from '../support/clinic-days';
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
  /** Away all of fd.day: one who works at the suite's center that weekday, one who works only at another, one with no schedule at all. */
  let aqui: DoctorAccount;
  let otraSede: DoctorAccount;
  let sinHorario: DoctorAccount;

  /** A whole-day absence of `doctor` from `from` to `to` (days, both included), through the API. */
  async function away(doctor: DoctorAccount, from: string, to: string, motivo: string): Promise<void> {
    const res = await fd.sys.citas.post(`/agenda/${doctor.id}/ausencias`, { desde: from, hasta: to, motivo }, fd.sys.adminToken);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }

  before(async () => {
    secretaria = await fd.sys.createSecretaria();
    const weekday = ((new Date(`${fd.day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const lejos = await fd.sys.createCenter({ nombre: 'Clínica Lejana' });
    aqui = await fd.sys.createDoctor({ nombre: 'Dra. Aurora Aquí', especialidad: 'Endodoncia' });
    otraSede = await fd.sys.createDoctor({ nombre: 'Dr. Otón Sede', especialidad: 'Periodoncia' });
    sinHorario = await fd.sys.createDoctor({ nombre: 'Dr. Simón Libre', especialidad: 'Odontopediatría' });
    for (const [doctor, idCentro] of [[aqui, fd.center.id], [otraSede, lejos.id]] as const) {
      const res = await fd.sys.citas.put(`/agenda/${doctor.id}/horario`, { id_centro: idCentro, franjas: [{ dia: weekday, desde: '09:00', hasta: '14:00' }] }, fd.sys.adminToken);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    for (const doctor of [aqui, otraSede, sinHorario]) await away(doctor, fd.day, fd.day, 'Baja médica');
    // Her weekend off too, as a holiday would be typed: it is no working day of hers, so it brings no column.
    const saturday = addDays(fd.day, 6 - weekday);
    await away(aqui, saturday, addDays(saturday, 1), 'Puente');
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
    const column = page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` }).getByRole('region', { name: new RegExp(`^${fd.doctor.nombre}`) });
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
    await page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` }).getByRole('note', { name: AUSENTE }).waitFor();
    await citaStillOpens(page);
    await ctx.close();
  });

  it("draws an absent doctor's column only where he works that day: at this center, or anywhere with no schedule at all", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.getByLabel('Centro').selectOption(String(fd.center.id));
    await page.getByLabel('Fecha').fill(fd.day);
    const day = page.getByRole('group', { name: `Agenda del ${dayWords(fd.day, fd.clock.now())}` });
    const column = (d: DoctorAccount) => day.getByRole('region', { name: new RegExp(`^${d.nombre}`) });
    await column(aqui).getByRole('note', { name: /^Ausente todo el día, Baja médica$/ }).waitFor();
    // Without a schedule he can be booked at any center on a working day: reception expects to see him away here.
    await column(sinHorario).getByRole('note', { name: /^Ausente todo el día, Baja médica$/ }).waitFor();
    await column(fd.doctor).waitFor();
    assert.equal(await column(otraSede).count(), 0, 'a doctor who works only at another center has no column here');

    await page.getByRole('button', { name: 'Semana' }).click();
    await page.getByRole('group', { name: `Semana de ${aqui.nombre}` }).getByRole('note', { name: /^Ausente todo el día, Baja médica$/ }).waitFor();
    assert.equal(await page.getByRole('group', { name: `Semana de ${otraSede.nombre}` }).count(), 0, 'nor a week here');
    await ctx.close();
  });

  it("brings no Saturday or Sunday into a doctor's week for an absence alone", async () => {
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, secretaria);
    await page.getByRole('link', { name: 'Agenda' }).click();
    await page.getByLabel('Centro').selectOption(String(fd.center.id));
    await page.getByLabel('Doctor').selectOption(String(aqui.id));
    await page.getByLabel('Fecha').fill(fd.day);
    await page.getByRole('button', { name: 'Semana' }).click();
    const week = page.getByRole('group', { name: `Semana de ${aqui.nombre}` });
    await week.getByRole('note', { name: /^Ausente todo el día, Baja médica$/ }).waitFor();
    assert.equal(await week.getByRole('region').count(), 5, 'Monday to Friday only');
    assert.equal(await week.getByRole('note', { name: /Puente/ }).count(), 0);
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
    await page.getByText(`No se ha podido leer la agenda del ${dayWords(fd.day, fd.clock.now())}.`).waitFor();
    await page.getByRole('alert').getByText(/citas no responde/).waitFor();
    assert.equal(await citaAt(page, '11:00').count(), 0, 'a day drawn without its absences would show the cita as if the doctor were in');
    await ctx.close();
  });
});
