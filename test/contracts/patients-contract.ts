import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NewPatient } from '../../core/domain/patient';
import type { Patients } from '../../core/ports/patients';
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

    it('finds several patients at once by their accounts (id_user) or their ids (id_paciente), combined with the other filters; an id of no patient adds none', async () => {
      const luis = await addPatient({ nombre: 'Luis Pérez' });
      await addPatient({ nombre: 'Ana Gil' });
      const eva = await addPatient({ nombre: 'Eva Núñez', estado: 'INACTIVO' });
      const ids = async (filter: Parameters<Patients['list']>[0]) => (await r.patients.list(filter, page())).items.map((p) => p.id);
      for (const [key, of] of [['idUsers', (p: typeof luis) => p.idUser], ['ids', (p: typeof luis) => p.id]] as const) {
        assert.deepEqual(await ids({ [key]: [of(eva), of(luis), 999_999] }), [luis.id, eva.id], key);
        assert.deepEqual(await ids({ [key]: [of(eva), of(luis)], estado: 'ACTIVO' }), [luis.id], key);
        assert.deepEqual(await ids({ [key]: [] }), [], key);
      }
    });

    it('filters by the digits the phone contains, ignoring spaces, dashes, dots, parentheses and the +34 or 0034 prefix', async () => {
      const luis = await addPatient({ nombre: 'Luis Pérez', telefono: '+34612345678' });
      const eva = await addPatient({ nombre: 'Eva Núñez', telefono: '+34911222333', estado: 'INACTIVO' });
      const found = async (telefono: string) => (await r.patients.list({ telefono }, page())).items.map((p) => p.id);
      // As a receptionist types what the caller id shows, or what the caller dictates.
      for (const asked of ['612345678', '612 34 56 78', '612-34-56-78', '612.345.678', '(612) 345 678', '+34 612 34 56 78', '+34612345678', '0034 612 345 678', '34612345678', '5678', '345 67']) {
        assert.deepEqual(await found(asked), [luis.id], asked);
      }
      assert.deepEqual(await found('(91) 122-23'), [eva.id]);
      assert.deepEqual(await found('+34'), [luis.id, eva.id]);
      assert.deepEqual(await found('600 000'), []);
      // Contained in order, not scattered: 6-1-2 ... 8 is no match for 6128.
      assert.deepEqual(await found('6128'), []);
    });

    it('combines the phone filter with q, estado and pagination', async () => {
      const luis = await addPatient({ nombre: 'Luis Pérez', telefono: '+34612345678' });
      const lucia = await addPatient({ nombre: 'Lucía Pérez', telefono: '+34612345679' });
      const eva = await addPatient({ nombre: 'Eva Núñez', telefono: '+34612345670', estado: 'INACTIVO' });
      const ids = async (filter: Parameters<typeof r.patients.list>[0]) => (await r.patients.list(filter, page())).items.map((p) => p.id);
      assert.deepEqual(await ids({ telefono: '61234567' }), [luis.id, lucia.id, eva.id]);
      assert.deepEqual(await ids({ telefono: '61234567', estado: 'ACTIVO' }), [luis.id, lucia.id]);
      assert.deepEqual(await ids({ telefono: '61234567', estado: 'INACTIVO' }), [eva.id]);
      assert.deepEqual(await ids({ telefono: '61234567', q: 'lucia' }), [lucia.id]);
      assert.deepEqual(await ids({ telefono: '5679', q: 'luis' }), []);
      const second = await r.patients.list({ telefono: '612 345 67', estado: 'ACTIVO' }, page(2, 1));
      assert.deepEqual({ ids: second.items.map((p) => p.id), total: second.total }, { ids: [lucia.id], total: 2 });
    });

    it('finds a patient by the phone an update gave it, and no longer by the old one', async () => {
      const p = await addPatient({ telefono: '+34612345678' });
      await r.patients.update({ ...p, telefono: '+34911222333' });
      assert.deepEqual((await r.patients.list({ telefono: '911 222 333' }, page())).items.map((x) => x.id), [p.id]);
      assert.deepEqual((await r.patients.list({ telefono: '612 345 678' }, page())).items.map((x) => x.id), []);
    });

    it('saves an update', async () => {
      const p = await addPatient();
      const saved = await r.patients.update({ ...p, telefono: '+34911222333', estado: 'INACTIVO' });
      assert.deepEqual(await r.patients.byId(p.id), saved);
      assert.equal(saved.estado, 'INACTIVO');
    });
  });
}

/**
 * After the migration that adds telefono_norm, on either engine: patients
 * stored before it (ids[0] "+34 612 34 56 78"-like, ids[1] "+34911222333")
 * are found by the digits of their phone, and an update keeps the key current.
 */
export async function phoneSearchAfterUpgrade(patients: Patients, ids: number[]): Promise<void> {
  const found = async (telefono: string) => (await patients.list({ telefono }, { page: 1, pageSize: 20 })).items.map((p) => p.id);
  assert.deepEqual(await found('612 34 56 78'), [ids[0]]);
  assert.deepEqual(await found('0034 911 222 333'), [ids[1]]);
  assert.deepEqual(await found('5678'), [ids[0]]);
  assert.deepEqual(await found('600'), []);
  const eva = (await patients.byId(ids[1]))!;
  await patients.update({ ...eva, telefono: '+34600111222' });
  assert.deepEqual(await found('600 111'), [ids[1]]);
  assert.deepEqual(await found('911 222'), []);
}
