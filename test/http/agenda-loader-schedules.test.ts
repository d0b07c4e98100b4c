import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../loader/api-client';
import { loadSchedules } from '../../loader/load-schedules';
import { DEFAULT_CONCURRENCY } from '../../loader/pool';
import { startTestSystem, type TestSystem } from '../support/citas';

describe('loader step: weekly schedules for the loaded doctors', () => {
  let sys: TestSystem;
  let api: ApiClient;
  before(async () => {
    sys = await startTestSystem();
    api = new ApiClient({
      adminUrl: sys.admin.url,
      citasUrl: sys.citas.url,
      credentials: { username: process.env.ADMIN_BOOTSTRAP_USERNAME ?? 'admin', password: process.env.ADMIN_BOOTSTRAP_PASSWORD ?? 'OdontoCare2026!' },
    });
  });
  after(async () => {
    api?.close();
    await sys?.close();
  });

  it('sets a schedule for each active doctor through the API, and leaves them alone on a second run', async () => {
    const [d1, d2, d3] = [await sys.createDoctor(), await sys.createDoctor(), await sys.createDoctor()];
    await sys.createCenter();
    await sys.createCenter();
    const first = await loadSchedules(api, { concurrency: DEFAULT_CONCURRENCY });
    assert.deepEqual(first.failed, []);
    assert.deepEqual([...new Set(first.set.map((s) => s.idDoctor))].sort(), [d1.id, d2.id, d3.id].sort());
    const horario = await sys.citas.get(`/agenda/${d2.id}/horario`, sys.adminToken);
    assert.equal(horario.body.horarios.length, 2, 'the second doctor works at two centers');

    const second = await loadSchedules(api, { concurrency: DEFAULT_CONCURRENCY });
    assert.deepEqual(second.set, []);
    assert.equal(second.skipped.length, 3);
  });
});
