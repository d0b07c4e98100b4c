import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSkipReason, logIn, newContext, statusSays } from '../support/browser';
import { withYear } from '../support/clinic-days';
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

  it('says the new and the old day and hour, in the status line and on both cards, never a cita number', async () => {
    await suiteCita(fd, '10:00', 'Revisión');

    const ctx = await newContext(fd.browser);
    const page = await ctx.newPage();
    await logIn(page, fd.web.url, fd.patient.username, fd.patient.password);
    await page.getByRole('heading', { name: 'Mis citas', level: 1 }).waitFor();
    await page.locator('.cita-panel').getByRole('button', { name: 'Cambiar', exact: true }).click();
    await page.getByRole('heading', { name: 'Cambiar la cita' }).waitFor();
    await page.getByLabel('Hora').selectOption('11:30');
    await page.getByRole('button', { name: 'Guardar cambio' }).click();

    // The API's own message, its days with their year (withYear), as the page shows it.
    const day = withYear(fd.day);
    await statusSays(page, /Cita cambiada/);
    const status = await page.getByRole('status').innerText();
    assert.ok(status.includes(`${day}, a las 11:30`), `the status line does not say the new day and hour: ${status}`);
    assert.ok(status.includes('a las 10:00'), `the status line does not say which cita was cancelled: ${status}`);

    const nueva = page.locator('.cita-panel').filter({ hasText: 'Sustituye a' });
    const anterior = page.locator('.cita-panel').filter({ hasText: 'Cambiada por' });
    assert.match(await nueva.locator('dd').filter({ hasText: /a las/ }).last().innerText(), /a las 10:00/);
    assert.match(await anterior.locator('dd').filter({ hasText: /a las 11:30/ }).last().innerText(), /a las 11:30/);
    const main = await page.locator('main').innerText();
    assert.doesNotMatch(`${status}\n${main}`, /cita \d+/i, 'a cita number reaches the patient');
    await ctx.close();
  });
});
