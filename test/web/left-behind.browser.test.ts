import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, logIn, newContext } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';
import { holdFirst } from '../support/held-requests';

/**
 * A page she left while it was still loading stays left: on a slow network
 * the agenda (the first page after logging in) can still be waiting for its
 * doctors and centers when she presses Pacientes. Route interception holds
 * that answer until she is on Pacientes; nothing sleeps.
 */
const skip = browserSkipReason();

describe('front desk: a page left while it loads', { skip }, () => {
  const fd = frontDeskSuite({ center: 'Clínica Lenta', doctor: { nombre: 'Dr. Tomás Espera', especialidad: 'Endodoncia' } });

  it('the agenda answered after she went to Pacientes leaves her there: the address says Pacientes, a reload shows it, and the agenda reads no citas', async () => {
    const ctx = await newContext(fd.browser);
    try {
      const page = await ctx.newPage();
      const centros = await holdFirst(page, 'GET', (url) => url.pathname === '/api/admin/admin/centros');
      const citasReads: string[] = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/api/citas/citas') citasReads.push(r.url());
      });
      await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
      // The page is drawn before the held read reaches the route: wait for it there, then count it.
      await centros.reached;
      assert.equal(centros.count(), 1, 'the agenda is waiting for its centers');

      await page.getByRole('link', { name: 'Pacientes' }).click();
      await page.getByRole('button', { name: 'Nuevo paciente' }).waitFor();
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/admin/admin/centros');
      centros.release();
      await (await answered).finished();
      // The page's own turns after the answer (its body read, the agenda's code after it), not a wait for time.
      for (let turn = 0; turn < 5; turn++) {
        await page.evaluate(() => new Promise((r) => setTimeout(r, 0)).then(() => new Promise((r) => (globalThis as any).requestAnimationFrame(r))));
      }

      assert.match(new URL(page.url()).hash, /^#\/pacientes/, 'the address is still the page she is on');
      assert.deepEqual(citasReads, [], 'the agenda she left read nothing more');
      await page.getByRole('heading', { name: 'Pacientes', level: 1 }).waitFor();
      await page.reload();
      await page.getByRole('button', { name: 'Nuevo paciente' }).waitFor();
      assert.match(new URL(page.url()).hash, /^#\/pacientes/, 'a reload shows the page she was on');
    } finally {
      await ctx.close();
    }
  });

  it('the whole list of Pacientes answered after her search leaves her search on screen, and the focus where she put it', async () => {
    const buscada = await fd.sys.createPatient({ nombre: 'Nerea Buscada' });
    await fd.sys.createPatient({ nombre: 'Otro Paciente' });
    const ctx = await newContext(fd.browser);
    try {
      const page = await ctx.newPage();
      await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
      const whole = await holdFirst(page, 'GET', (url) => url.pathname === '/api/admin/admin/pacientes' && !url.searchParams.has('q'));
      await page.getByRole('link', { name: 'Pacientes' }).click();
      await page.getByRole('button', { name: 'Nuevo paciente' }).waitFor();
      await whole.reached;
      assert.equal(whole.count(), 1, 'the whole list is on its way');

      await page.getByLabel('Buscar por nombre').fill('Nerea');
      await page.getByLabel('Buscar por nombre').press('Enter');
      const editar = page.getByRole('button', { name: `Editar ${buscada.nombre}` });
      await editar.focus();
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/admin/admin/pacientes' && !new URL(r.url()).searchParams.has('q'));
      whole.release();
      await (await answered).finished();
      for (let turn = 0; turn < 5; turn++) {
        await page.evaluate(() => new Promise((r) => setTimeout(r, 0)).then(() => new Promise((r) => (globalThis as any).requestAnimationFrame(r))));
      }

      assert.equal(await page.getByRole('table').locator('caption').innerText(), 'Pacientes: 1 (página 1 de 1)', 'her search is still what the list shows');
      assert.equal(await page.getByRole('button', { name: 'Editar Otro Paciente' }).count(), 0);
      assert.equal(await editar.evaluate((el: any) => el === el.ownerDocument.activeElement), true, 'the focus is still on the Editar she was on');
    } finally {
      await ctx.close();
    }
  });

  it("the one patient's coming citas, read after she moved on to Editar, leave her focus there and the ficha unopened", async () => {
    const sola = await fd.sys.createPatient({ nombre: 'Úrsula Sola' });
    const ctx = await newContext(fd.browser);
    try {
      const page = await ctx.newPage();
      await logIn(page, fd.web.url, TEST_ADMIN.username, TEST_ADMIN.password);
      await page.getByRole('link', { name: 'Pacientes' }).click();
      await page.getByRole('button', { name: 'Nuevo paciente' }).waitFor();
      const citas = await holdFirst(page, 'GET', (url) => url.pathname === '/api/citas/citas' && url.searchParams.get('id_paciente') === String(sola.id));
      await page.getByLabel('Buscar por nombre').fill('Úrsula Sola');
      await page.getByLabel('Buscar por nombre').press('Enter');
      await citas.reached;
      const editar = page.getByRole('button', { name: `Editar ${sola.nombre}` });
      await editar.focus();
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/citas/citas');
      citas.release();
      await (await answered).finished();
      for (let turn = 0; turn < 5; turn++) {
        await page.evaluate(() => new Promise((r) => setTimeout(r, 0)).then(() => new Promise((r) => (globalThis as any).requestAnimationFrame(r))));
      }
      assert.equal(await editar.evaluate((el: any) => el === el.ownerDocument.activeElement), true, 'the focus is still on the Editar she was on');
      assert.equal(await page.getByRole('region', { name: `Próximas citas de ${sola.nombre}` }).count(), 0, 'her citas did not open under her');
    } finally {
      await ctx.close();
    }
  });
});
