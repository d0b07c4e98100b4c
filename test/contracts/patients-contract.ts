import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NewPatient } from '../../core/domain/patient';
import { type AdminRepositories, type AdminRepositoriesFactory, page } from './admin-repositories';

export function patientsContract(name: string, factory: AdminRepositoriesFactory): void {
  describe(`Patients contract: ${name}`, () => {
    let r: AdminRepositories;
    let n = 0;
    const addPatient = async (over: Partial<Omit<NewPatient, 'idUser'>> = {}) => {
      const user = await r.users.add({ username: `pac${++n}`, rol: 'paciente', passwordHash: 'h', activo: true });
      return await r.patients.add({ idUser: user.id, nombre: 'Luis Pérez', telefono: '+34612345678', estado: 'ACTIVO', ...over });
    };
    beforeEach(() => {
      r = factory();
    });
    afterEach(() => r.close?.());

    it('stores a patient and finds it by id and by its user', async () => {
      const p = await addPatient();
      assert.deepEqual(await r.patients.byId(p.id), p);
      assert.deepEqual(await r.patients.byUserId(p.idUser), p);
      assert.equal(await r.patients.byId(p.id + 1), undefined);
    });

    it('filters by part of the name (no case, no accents) and by estado', async () => {
      const luis = await addPatient({ nombre: 'Luis Pérez' });
      const eva = await addPatient({ nombre: 'Eva Núñez', estado: 'INACTIVO' });
      assert.deepEqual((await r.patients.list({ q: 'perez' }, page())).items.map((p) => p.id), [luis.id]);
      assert.deepEqual((await r.patients.list({ q: 'NUÑ' }, page())).items.map((p) => p.id), [eva.id]);
      assert.deepEqual((await r.patients.list({ estado: 'INACTIVO' }, page())).items.map((p) => p.id), [eva.id]);
      assert.deepEqual((await r.patients.list({ estado: 'ACTIVO' }, page())).items.map((p) => p.id), [luis.id]);
      assert.equal((await r.patients.list({}, page(1, 1))).total, 2);
    });

    it('saves an update', async () => {
      const p = await addPatient();
      const saved = await r.patients.update({ ...p, telefono: '+34911222333', estado: 'INACTIVO' });
      assert.deepEqual(await r.patients.byId(p.id), saved);
      assert.equal(saved.estado, 'INACTIVO');
    });
  });
}
