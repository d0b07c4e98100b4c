import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkipReason, logIn, newContext, statusSays } from '../support/browser';
import { dayWords } from '../support/clinic-days';
import { frontDeskSuite, suiteCita } from '../support/front-desk-suite';

/**
 * A patient who changes a cita reads what happened by its day and hour: she
 * never sees a cita's number anywhere else, so "la cita 4 sustituye a la
 * cita 3" tells her nothing. Real headless Chromium on the real services,
 * all on one FixedClock; nothing sleeps.
 */
const skip = browserSkipReason();

describe('a changed cita, in the words its patient reads', { skip }, () => {
  const fd = frontDeskSuite({
    center: 'Clínica Palabras',
    doctor: { nombre: 'Dr. Claro Sencillo', especialidad: 'Odontología general' },
    patient: 'Amparo Lectora',
  });

  /** Her one Próxima cita changed by the patient to 11:30 on its day; what the status line then says. */
  async function changeTo1130(): Promise<string> {
    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, fd.patient.username, fd.patient.password);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    await page.locator('.cita-panel').getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await page.getByLabel('Hora').selectOption('11:30');
    await page.getByRole('button', { name: 'Guardar cambio' }).click();
    await statusSays(page, /Cita cambiada/);
    const status = await page.getByRole('status').innerText();

    const nueva = page.locator('.cita-panel').filter({ hasText: 'Sustituye a' });
    const anterior = page.locator('.cita-panel').filter({ hasText: 'Cambiada por' });
    assert.match(await nueva.locator('dd').filter({ hasText: /a las/ }).last().innerText(), /a las 10:00/);
    assert.match(await anterior.locator('dd').filter({ hasText: /a las 11:30/ }).last().innerText(), /a las 11:30/);
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(`${status}\n${main}`, /cita \d+/i, 'a cita number reaches the patient');
    await ctx.close();
    return status;
  }

  it('says the new and the old day and hour, in the status line and on both cards, never a cita number', async () => {
    await suiteCita(fd, '10:00', 'Revisión');
    const status = await changeTo1130();
    // The day as the page writes every day (this year's without its year), not the API's message with its year.
    const day = dayWords(fd.day, fd.clock.now());
    assert.ok(status.includes(`Cita cambiada: el ${day}, a las 11:30, con ${fd.doctor.nombre} en ${fd.center.nombre}.`), `the status line does not say the new cita: ${status}`);
    assert.ok(status.includes(`La anterior, el ${day}, a las 10:00, queda cancelada.`), `the status line does not say which cita was cancelled: ${status}`);
    assert.doesNotMatch(status, /confirmarla/, 'a cita she had not confirmed needs no new confirmation');
    await cancelHerCitas();
  });

  it('tells her a cita she had confirmed must be confirmed again once changed', async () => {
    const id = await suiteCita(fd, '10:00', 'Limpieza');
    assert.equal((await fd.sys.citas.put(`/citas/${id}`, { estado: 'Confirmada' }, fd.sys.adminToken)).status, 200);
    const status = await changeTo1130();
    assert.ok(status.includes('La nueva cita queda Programada: hay que confirmarla de nuevo.'), status);
    await cancelHerCitas();
  });

  /** Leaves her no Próxima cita, so the next test's Cambiar is on its own cita. */
  async function cancelHerCitas(): Promise<void> {
    const list = await fd.sys.citas.get(`/citas?id_paciente=${fd.patient.id}&estado=Programada`, fd.sys.adminToken);
    assert.equal(list.status, 200);
    for (const c of list.body.items) assert.equal((await fd.sys.citas.put(`/citas/${c.id_cita}`, { estado: 'Cancelada' }, fd.sys.adminToken)).status, 200);
  }
});
