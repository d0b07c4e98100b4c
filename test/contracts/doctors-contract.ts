import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NewDoctor } from '../../core/domain/doctor';
import { type AdminRepositories, type AdminRepositoriesFactory, page } from './admin-repositories';
import type { Doctors } from '../../core/ports/doctors';

export function doctorsContract(name: string, factory: AdminRepositoriesFactory): void {
  describe(`Doctors contract: ${name}`, () => {
    let r: AdminRepositories;
    let n = 0;
    const addDoctor = async (over: Partial<Omit<NewDoctor, 'idUser'>> = {}) => {
      const user = await r.users.add({ username: `doc${++n}`, rol: 'medico', passwordHash: 'h', activo: true });
      return await r.doctors.add({ idUser: user.id, nombre: 'Ana García', especialidad: 'Ortodoncia', activo: true, ...over });
    };
    beforeEach(() => {
      r = factory();
    });
    afterEach(() => r.close?.());

    it('stores a doctor and finds it by id and by its user', async () => {
      const d = await addDoctor();
      assert.ok(d.id > 0);
      assert.deepEqual(await r.doctors.byId(d.id), d);
      assert.deepEqual(await r.doctors.byUserId(d.idUser), d);
      assert.equal(await r.doctors.byId(d.id + 50), undefined);
      assert.equal(await r.doctors.byUserId(9999), undefined);
    });

    it('filters by part of the name ignoring case and accents, and by specialty ignoring case', async () => {
      const ana = await addDoctor({ nombre: 'Ana García', especialidad: 'Ortodoncia' });
      const jose = await addDoctor({ nombre: 'José Martín', especialidad: 'Endodoncia' });
      await addDoctor({ nombre: 'Marta Gil', especialidad: 'Ortodoncia' });
      assert.deepEqual((await r.doctors.list({ q: 'GARCIA' }, page())).items.map((d) => d.id), [ana.id]);
      assert.deepEqual((await r.doctors.list({ q: 'jose mart' }, page())).items.map((d) => d.id), [jose.id]);
      assert.equal((await r.doctors.list({ especialidad: 'ortodoncia' }, page())).total, 2);
      assert.equal((await r.doctors.list({ especialidad: 'Orto' }, page())).total, 0, 'specialty is an exact match');
      assert.equal((await r.doctors.list({ q: '%' }, page())).total, 0, 'LIKE wildcards in q are literal');
      assert.equal((await r.doctors.list({ q: 'a', especialidad: 'Ortodoncia' }, page(1, 1))).items.length, 1);
    });

    it('filters by the whole specialty ignoring case and accents, as q does', async () => {
      const nino = await addDoctor({ nombre: 'Lucía Prat', especialidad: 'Odontopediatría' });
      await addDoctor({ nombre: 'Raúl Mora', especialidad: 'Ortodoncia' });
      const ids = async (especialidad: string) => (await r.doctors.list({ especialidad }, page())).items.map((d) => d.id);
      assert.deepEqual(await ids('ODONTOPEDIATRÍA'), [nino.id], 'uppercase with its accent');
      assert.deepEqual(await ids('odontopediatria'), [nino.id], 'without its accent');
      assert.deepEqual(await ids(' ODONTOPEDIATRIA '), [nino.id], 'uppercase without its accent, padded');
      assert.deepEqual(await ids('Odontopediatr'), [], 'still the whole specialty, not a part');
      assert.deepEqual(await ids('Periodoncia'), [], 'another specialty');
      const moved = await r.doctors.update({ ...nino, especialidad: 'Cirugía Oral' });
      assert.deepEqual(await ids('CIRUGIA ORAL'), [moved.id], 'an update is what the filter finds');
      assert.deepEqual(await ids('odontopediatria'), []);
    });

    it('filters by activo and pages in id order with the full total', async () => {
      const ids = [(await addDoctor()).id, (await addDoctor({ activo: false })).id, (await addDoctor()).id];
      assert.deepEqual((await r.doctors.list({ activo: true }, page())).items.map((d) => d.id), [ids[0], ids[2]]);
      assert.deepEqual((await r.doctors.list({ activo: false }, page())).items.map((d) => d.id), [ids[1]]);
      const p2 = await r.doctors.list({}, page(2, 2));
      assert.deepEqual({ ids: p2.items.map((d) => d.id), total: p2.total, page: p2.page }, { ids: [ids[2]], total: 3, page: 2 });
    });

    it('saves an update, and the new name is what q finds', async () => {
      const d = await addDoctor({ nombre: 'Ana García' });
      const saved = await r.doctors.update({ ...d, nombre: 'Ana Ruiz', especialidad: 'Periodoncia', activo: false });
      assert.deepEqual(saved, { ...d, nombre: 'Ana Ruiz', especialidad: 'Periodoncia', activo: false });
      assert.deepEqual(await r.doctors.byId(d.id), saved);
      assert.equal((await r.doctors.list({ q: 'garcia' }, page())).total, 0);
      assert.equal((await r.doctors.list({ q: 'ruiz' }, page())).total, 1);
    });
  });
}

/**
 * After the migration that adds especialidad_norm, on either engine: doctors
 * stored before it (ids[0] "Odontopediatría", ids[1] "Ortodoncia") are found
 * by their especialidad in any case and with or without accents.
 */
export async function especialidadSearchAfterUpgrade(doctors: Doctors, ids: number[]): Promise<void> {
  const found = async (especialidad: string) => (await doctors.list({ especialidad }, { page: 1, pageSize: 20 })).items.map((d) => d.id);
  assert.deepEqual(await found('ODONTOPEDIATRÍA'), [ids[0]]);
  assert.deepEqual(await found('odontopediatria'), [ids[0]]);
  assert.deepEqual(await found('ORTODONCIA'), [ids[1]]);
  assert.deepEqual(await found('Periodoncia'), []);
}
