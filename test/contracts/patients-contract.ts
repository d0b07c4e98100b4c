import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NewPatient } from '../../core/domain/patient';
import { type AdminRepositories, type AdminRepositoriesFactory, page } from './admin-repositories';

export function patientsContract(name: string, factory: AdminRepositoriesFactory): void {
  describe(`Patients contract: ${name}`, () => {
    let r: AdminRepositories;
    let n = 0;
    const addPatient = (over: Partial<Omit<NewPatient, 'idUser'>> = {}) => {
      const user = r.users.add({ username: `pac${++n}`, rol: 'paciente', passwordHash: 'h', activo: true });
      return r.patients.add({ idUser: user.id, nombre: 'Luis Pérez', telefono: '+34612345678', estado: 'ACTIVO', ...over });
    };
    beforeEach(() => {
      r = factory();
    });
    afterEach(() => r.close?.());

    it('stores a patient and finds it by id and by its user', () => {
      const p = addPatient();
      assert.deepEqual(r.patients.byId(p.id), p);
      assert.deepEqual(r.patients.byUserId(p.idUser), p);
      assert.equal(r.patients.byId(p.id + 1), undefined);
    });

    it('filters by part of the name (no case, no accents) and by estado', () => {
      const luis = addPatient({ nombre: 'Luis Pérez' });
      const eva = addPatient({ nombre: 'Eva Núñez', estado: 'INACTIVO' });
      assert.deepEqual(r.patients.list({ q: 'perez' }, page()).items.map((p) => p.id), [luis.id]);
      assert.deepEqual(r.patients.list({ q: 'NUÑ' }, page()).items.map((p) => p.id), [eva.id]);
      assert.deepEqual(r.patients.list({ estado: 'INACTIVO' }, page()).items.map((p) => p.id), [eva.id]);
      assert.deepEqual(r.patients.list({ estado: 'ACTIVO' }, page()).items.map((p) => p.id), [luis.id]);
      assert.equal(r.patients.list({}, page(1, 1)).total, 2);
    });

    it('saves an update', () => {
      const p = addPatient();
      const saved = r.patients.update({ ...p, telefono: '+34911222333', estado: 'INACTIVO' });
      assert.deepEqual(r.patients.byId(p.id), saved);
      assert.equal(saved.estado, 'INACTIVO');
    });
  });
}
