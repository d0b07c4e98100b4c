import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NewCenter } from '../../core/domain/center';
import { type AdminRepositories, type AdminRepositoriesFactory, page } from './admin-repositories';

export function centersContract(name: string, factory: AdminRepositoriesFactory): void {
  describe(`Centers contract: ${name}`, () => {
    let r: AdminRepositories;
    const addCenter = async (over: Partial<NewCenter> = {}) => await r.centers.add({ nombre: 'Clínica Sol', direccion: 'Calle Mayor 1', activo: true, ...over });
    beforeEach(() => {
      r = factory();
    });
    afterEach(() => r.close?.());

    it('stores a center and finds it by id', async () => {
      const c = await addCenter();
      assert.deepEqual(await r.centers.byId(c.id), c);
      assert.equal(await r.centers.byId(c.id + 1), undefined);
    });

    it('filters by part of the name and by activo', async () => {
      const sol = await addCenter({ nombre: 'Clínica Sol' });
      const mar = await addCenter({ nombre: 'Centro del Mar', activo: false });
      assert.deepEqual((await r.centers.list({ q: 'clinica' }, page())).items.map((c) => c.id), [sol.id]);
      assert.deepEqual((await r.centers.list({ activo: false }, page())).items.map((c) => c.id), [mar.id]);
      assert.equal((await r.centers.list({}, page())).total, 2);
    });

    it('saves an update', async () => {
      const c = await addCenter();
      const saved = await r.centers.update({ ...c, direccion: 'Gran Vía 2', activo: false });
      assert.deepEqual(await r.centers.byId(c.id), { ...c, direccion: 'Gran Vía 2', activo: false });
      assert.deepEqual(saved, await r.centers.byId(c.id));
    });
  });
}
