/**
 * npm run bench:web — what the web front desk costs a browser, measured in
 * real headless Chromium against admin, citas and web in this process:
 *
 * - page weight: bytes transferred (as Chromium counts them on the wire) on
 *   the first load of the agenda, split into the page's own files and the
 *   API answers;
 * - a 100-cita week: from asking for the week view to its 100 cita blocks
 *   and their free slots on screen and clickable (time to interactive), and
 *   the same from a cold page load;
 * - with --screenshots, the main screens written to docs/screenshots/.
 *
 * Times depend on the machine and its load: read them as orders of
 * magnitude, and compare runs made one after the other.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { clinicDateOf, isoWeekday, parseLocalDate } from '../core/domain/clinic-time';
import { TEST_ADMIN } from '../test/support/admin';
import { browserSkipReason, launchChromium, logIn, newContext } from '../test/support/browser';
import { addDays } from '../test/support/clinic-days';
import { startFrontDesk } from '../test/support/web';

const SHOTS = process.argv.includes('--screenshots');
const OUT = join(__dirname, '..', 'docs', 'screenshots');

function nextMonday(day: string): string {
  let d = addDays(day, 1);
  while (isoWeekday(parseLocalDate(d)) !== 1) d = addDays(d, 1);
  return d;
}

async function bytesDuring(page: Page, action: () => Promise<void>): Promise<{ page: number; api: number; requests: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map<string, string>();
  const totals = { page: 0, api: 0, requests: 0 };
  cdp.on('Network.requestWillBeSent', (e: any) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.loadingFinished', (e: any) => {
    const url = urls.get(e.requestId) ?? '';
    totals.requests += 1;
    if (url.includes('/api/')) totals.api += e.encodedDataLength;
    else totals.page += e.encodedDataLength;
  });
  await action();
  await cdp.detach();
  return totals;
}

async function main(): Promise<void> {
  const skip = browserSkipReason();
  if (skip) {
    console.log(`bench:web no se ejecuta: ${skip}`);
    return;
  }
  const fd = await startFrontDesk({ citasEnv: { MAX_CITAS_FUTURAS: '1000' } });
  const browser = await launchChromium();
  try {
    const hoy = clinicDateOf(fd.clock.now(), 'Europe/Madrid');
    const monday = nextMonday(hoy);
    const center = await fd.sys.createCenter({ nombre: 'Clínica Centro' });
    const doctors = [];
    for (const [nombre, especialidad] of [
      ['Dra. Ana Ruiz', 'Ortodoncia'],
      ['Dr. Bruno Gil', 'Endodoncia'],
      ['Dra. Carmen Vidal', 'Odontopediatría'],
      ['Dr. Diego Soler', 'Periodoncia'],
    ]) {
      doctors.push(await fd.sys.createDoctor({ nombre, especialidad }));
    }
    const nombres = ['Luis Pérez', 'Mar Ortega', 'Sol Navarro', 'Noa Benítez', 'Iván Molina', 'Lucía Campos', 'Hugo Serrano', 'Elena Prieto', 'Pablo Rey', 'Irene Vega'];
    const patients = [];
    for (const nombre of nombres) patients.push(await fd.sys.createPatient({ nombre }));
    const times = ['09:00', '10:00', '11:30', '12:30', '16:00'];
    let n = 0;
    const bookings = [];
    for (let day = 0; day < 5; day += 1) {
      for (const doctor of doctors) {
        for (const time of times) {
          const p = patients[n % patients.length];
          n += 1;
          bookings.push({ fecha: `${addDays(monday, day)}T${time}:00`, motivo: 'Revisión', id_paciente: p.id, id_doctor: doctor.id, id_centro: center.id });
        }
      }
    }
    // Some of each estado, so the week shows every colour.
    for (const [i, b] of bookings.entries()) {
      const res = await fd.sys.citas.post('/citas', { ...b, id_paciente: patients[(i + Math.floor(i / 10)) % patients.length].id }, fd.sys.adminToken);
      if (res.status !== 201) throw new Error(`booking ${JSON.stringify(b)}: ${res.status} ${JSON.stringify(res.body)}`);
      if (i % 3 === 0) await fd.sys.citas.put(`/citas/${res.body.id_cita}`, { estado: 'Confirmada' }, fd.sys.adminToken);
    }
    console.log(`100 citas reservadas en la semana del ${monday} (4 doctores × 5 días × 5).`);

    // -- page weight: first load of the agenda (login page, login, agenda of today) --
    const ctx = await newContext(browser);
    const page = await ctx.newPage();
    const weight = await bytesDuring(page, async () => {
      await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
      await page.getByRole('group', { name: /Agenda del / }).or(page.getByText(/Ningún doctor/)).first().waitFor();
    });
    console.log(
      `Peso de la agenda en la primera carga: página ${(weight.page / 1024).toFixed(1)} KB + API ${(weight.api / 1024).toFixed(1)} KB = ${((weight.page + weight.api) / 1024).toFixed(1)} KB en ${weight.requests} peticiones (sin caché, sin compresión).`,
    );

    // -- a 100-cita week, from the agenda already open --
    await page.getByLabel('Fecha').fill(monday);
    await page.getByRole('group', { name: /Agenda del / }).first().waitFor();
    const t0 = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Semana' }).click();
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('button.bloque.cita').length >= 100, undefined, { timeout: 120_000 });
    const t1 = await page.evaluate(() => performance.now());
    const blocks = await page.locator('button.bloque').count();
    console.log(`Semana de 100 citas: ${(t1 - t0).toFixed(0)} ms desde "Semana" hasta las 100 citas y los huecos en pantalla (${blocks} botones).`);

    // -- the same week from a cold load (new page, same session) --
    const cold = await ctx.newPage();
    const c0 = Date.now();
    await cold.goto(`${fd.web.url}/#/agenda?centro=${center.id}&doctor=&fecha=${monday}&vista=semana`);
    await cold.waitForFunction(() => (globalThis as any).document.querySelectorAll('button.bloque.cita').length >= 100, undefined, { timeout: 120_000 });
    const tti = await cold.evaluate(() => performance.now());
    console.log(`Semana de 100 citas al cargar la página: ${(Date.now() - c0).toFixed(0)} ms (interactiva a los ${tti.toFixed(0)} ms de navegación).`);

    if (SHOTS) {
      await cold.setViewportSize({ width: 1400, height: 1000 });
      await cold.screenshot({ path: join(OUT, 'agenda-semana.png') });
      await page.getByRole('button', { name: 'Día' }).click();
      await page.getByRole('group', { name: /Agenda del / }).first().waitFor();
      await page.getByRole('button', { name: /^Cita 10:00 /, exact: false }).first().click();
      await page.getByRole('button', { name: 'Historial' }).click();
      await page.getByRole('region', { name: 'Historial de la cita' }).waitFor();
      await page.screenshot({ path: join(OUT, 'agenda-dia.png') });
      await page.getByRole('button', { name: /^Libre / }).first().click();
      await page.getByLabel('Paciente').fill('Luis');
      await page.getByLabel('Paciente').press('Enter');
      await page.getByRole('radio', { name: /Luis Pérez/ }).waitFor();
      await page.getByLabel('Motivo', { exact: true }).fill('Dolor de muelas');
      await page.screenshot({ path: join(OUT, 'reservar.png') });

      const phone = await newContext(browser, { width: 375, height: 812, mobile: true });
      const pp = await phone.newPage();
      await pp.goto(fd.web.url);
      await pp.getByLabel('Usuario').waitFor();
      await pp.screenshot({ path: join(OUT, 'entrar-movil.png') });
      await logIn(pp, fd.web.url, patients[0].username, patients[0].password);
      await pp.locator('.cita-panel').first().waitFor();
      await pp.screenshot({ path: join(OUT, 'mis-citas-movil.png') });
      await phone.close();
      writeFileSync(join(OUT, 'README.md'), '# Screenshots\n\nMade by `npm run bench:web -- --screenshots` (headless Chromium, synthetic data).\n');
      console.log(`Capturas en ${OUT}`);
    }
    await ctx.close();
  } finally {
    await browser.close();
    await fd.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
