import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ADMIN } from '../support/admin';
import { browserSkipReason, loggedIn } from '../support/browser';
import { frontDeskSuite } from '../support/front-desk-suite';
import { serviceDown } from '../support/service-down';

/**
 * The directory's pager (Pacientes, Doctores, Centros) when the read of the
 * page she turned to fails (admin does not answer): the page she is shown is
 * the page the pager counts from, so no page is skipped and no "Página
 * anterior" is offered on page 1. Real headless Chromium on the real
 * services; the outage is the answer of one read, played with Playwright's routing.
 */
const skip = browserSkipReason();

describe('the directory when a page cannot be read', { skip }, () => {
  const fd = frontDeskSuite();

  it('Página siguiente whose page does not answer leaves her on page 1, with its pager; once admin answers, Página siguiente shows page 2', async () => {
    const stamp = Date.now().toString(36);
    const items = Array.from({ length: 45 }, (_, i) => ({
      nombre: `Olga Caída ${String(i + 1).padStart(2, '0')}`,
      telefono: '600111222',
      username: `olga${stamp}${i}`,
      password: 'Sonrisa-2026-ok',
    }));
    const lote = await fd.sys.admin.post('/admin/pacientes/lote', { items }, fd.sys.adminToken);
    assert.equal(lote.body.created, 45, JSON.stringify(lote.body).slice(0, 300));
    const { ctx, page } = await loggedIn(fd.browser, fd.web.url, TEST_ADMIN);
    try {
      await page.getByRole('link', { name: 'Pacientes' }).click();
      await page.getByLabel('Buscar por nombre').fill('Olga Caída');
      await page.getByLabel('Buscar por nombre').press('Enter');
      const caption = page.getByRole('table').locator('caption');
      await page.getByRole('table').getByText('Pacientes: 45 (página 1 de 3)').waitFor();
      const pageTwo = (url: URL) => url.pathname === '/api/admin/admin/pacientes' && url.searchParams.get('page') === '2';
      await page.route(pageTwo, (route) => route.fulfill(serviceDown('admin')));

      const siguiente = page.getByRole('button', { name: 'Página siguiente' });
      const anterior = page.getByRole('button', { name: 'Página anterior' });
      await siguiente.click();
      await page.getByRole('alert').getByText(/admin .* no responde/).waitFor();
      await page.locator('[role=group][aria-label="Páginas"] [aria-busy]').waitFor({ state: 'hidden' });

      assert.equal(await caption.innerText(), 'Pacientes: 45 (página 1 de 3)', 'page 1 is still what the list shows');
      assert.equal(await anterior.isDisabled(), true, 'Página anterior is offered on page 1');
      assert.equal(await siguiente.isEnabled(), true, 'Página siguiente is offered again');

      await page.unroute(pageTwo);
      await siguiente.click();
      await caption.filter({ hasNotText: '(página 1 de' }).waitFor();
      assert.equal(await caption.innerText(), 'Pacientes: 45 (página 2 de 3)', 'Página siguiente from page 1 shows page 2');
      assert.equal(await anterior.isEnabled(), true);
    } finally {
      await ctx.close();
    }
  });
});
