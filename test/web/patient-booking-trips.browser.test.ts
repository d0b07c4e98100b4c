import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, loggedIn, statusSays } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';

/**
 * What a patient trips on in Reservar, found by using the page as she
 * would on a phone: an hour she chose must be the hour booked, and a
 * refusal because of her own cita tells her what to do about it. Real
 * headless Chromium on the real services; nothing sleeps.
 */
const skip = browserSkipReason();
const PHONE = { width: 390, height: 844, mobile: true };

/** Once Hora holds the free slots read for the doctor, center and day on screen (not "Leyendo huecos libres…"). */
async function hoursRead(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const hora = (globalThis as any).document.querySelector('select[name=hora]');
    return Boolean(hora) && ![...hora.options].some((o: { textContent: string }) => /Leyendo/.test(o.textContent));
  });
}

describe('a patient booking on her phone', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Norte', patient: 'Elena Teléfono' });

  it('keeps the hour she chose when she then chooses the center, and books that hour', async () => {
    // Two centers: nothing is chosen for her. A doctor without a schedule is free at any center (the JORNADA).
    await fd.sys.createCenter({ nombre: 'Clínica Sur' });
    const doctor = await fd.sys.createDoctor({ nombre: 'Dr. Pablo Hora', especialidad: 'Endodoncia' });
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, PHONE);
    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.locator(`select[name=id_doctor] option[value="${doctor.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Doctor').selectOption(String(doctor.id));
    await page.getByLabel('Fecha').fill(fd.day);
    await page.locator('select[name=hora] option[value="11:30"]').waitFor({ state: 'attached' });
    await page.getByLabel('Hora').selectOption('11:30');
    await page.getByLabel('Motivo', { exact: true }).fill('Dolor de muela');

    await page.getByLabel('Centro').selectOption({ label: 'Clínica Norte' });
    await hoursRead(page);
    assert.equal(await page.getByLabel('Hora').inputValue(), '11:30', 'choosing the center put another hour in place of hers');

    await page.getByRole('button', { name: 'Reservar', exact: true }).click();
    await statusSays(page, /Cita reservada/);
    const mine = await fd.sys.citas.get(`/citas?id_paciente=${fd.patient.id}`, fd.sys.adminToken);
    assert.deepEqual(
      mine.body.items.map((c: { fecha: string }) => c.fecha.slice(0, 16)),
      [`${fd.day}T11:30`],
    );
    await ctx.close();
  });

  it('says an hour she already has a cita at is hers to change, not that the agenda changed', async () => {
    const busy = await fd.sys.createDoctor({ nombre: 'Dra. Ana Antes', especialidad: 'Ortodoncia' });
    const other = await fd.sys.createDoctor({ nombre: 'Dr. Luis Después', especialidad: 'Periodoncia' });
    const own = await fd.sys.citas.post(
      '/citas',
      { fecha: `${fd.day}T10:00:00`, motivo: 'Revisión', id_paciente: fd.patient.id, id_doctor: busy.id, id_centro: fd.center.id },
      fd.sys.adminToken,
    );
    assert.equal(own.status, 201);
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, PHONE);
    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    await page.locator(`select[name=id_doctor] option[value="${other.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Doctor').selectOption(String(other.id));
    await page.getByLabel('Centro').selectOption({ label: 'Clínica Norte' });
    await page.getByLabel('Fecha').fill(fd.day);
    await page.locator('select[name=hora] option[value="10:00"]').waitFor({ state: 'attached' });
    await page.getByLabel('Hora').selectOption('10:00');
    await page.getByLabel('Motivo', { exact: true }).fill('Limpieza');
    await page.getByRole('button', { name: 'Reservar', exact: true }).click();

    const line = page.locator('form.reserva .error');
    await line.getByText(/Elija otra hora/).waitFor();
    const said = (await line.textContent()) ?? '';
    assert.match(said, /Ya tiene una cita/, said);
    // Dr. Luis Después's agenda did not change: the hour is still free with him, it is she who is busy.
    assert.doesNotMatch(said, /agenda se ha actualizado|otro hueco/, said);
    await ctx.close();
  });
  it('shows each doctor by name under his specialty, so a long name and specialty are not cut off on a 360 px phone', async () => {
    const largo = await fd.sys.createDoctor({ nombre: 'Dra. María Fernanda Villalobos', especialidad: 'Cirugía oral y maxilofacial' });
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, fd.patient, { width: 360, height: 780, mobile: true });
    await page.getByRole('link', { name: 'Reservar' }).click();
    await page.getByRole('heading', { name: 'Reservar cita' }).waitFor();
    const doctor = page.getByLabel('Doctor');
    await doctor.locator(`option[value="${largo.id}"]`).waitFor({ state: 'attached' });
    await doctor.selectOption(String(largo.id));
    // The picker lists the specialty once, as a heading over its doctors; the chosen doctor reads as his name alone.
    const grupo = doctor.locator('optgroup', { has: page.locator(`option[value="${largo.id}"]`) });
    assert.equal(await grupo.getAttribute('label'), 'Cirugía oral y maxilofacial');
    const shown = await doctor.evaluate((el: any) => {
      const text = el.selectedOptions[0].textContent as string;
      const ctx2d = (globalThis as any).document.createElement('canvas').getContext('2d');
      const style = (globalThis as any).getComputedStyle(el);
      ctx2d.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return { text, fits: ctx2d.measureText(text).width <= room };
    });
    assert.equal(shown.text, 'Dra. María Fernanda Villalobos');
    assert.ok(shown.fits, `"${shown.text}" is cut off in the Doctor field`);
    await ctx.close();
  });
});
