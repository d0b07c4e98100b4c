import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../core/domain/errors';
import type { Principal } from '../../../core/domain/roles';
import { aCenterInput, aDoctorInput, aPatientInput, aUserInput } from '../../builders/admin-inputs';
import { anAdminWorld } from '../../builders/admin-world';
import { acting, aMedico, aPaciente, aSecretaria, anAdmin } from '../../builders/principals';

const forbidden = (err: unknown) => err instanceof DomainError && err.code === 'PROHIBIDO';
const NOT_ADMINS: [string, Principal][] = [
  ['secretaria', aSecretaria()],
  ['medico', aMedico(1)],
  ['paciente', aPaciente(1)],
];

/**
 * The role-only admin operations ask access.ts themselves (`*.gestionar`),
 * not only the HTTP route's role gate: a caller that is not an admin is
 * refused with PROHIBIDO and nothing is written.
 */
describe('managing the directory is for admins only, in the use cases too', () => {
  for (const [rol, who] of NOT_ADMINS) {
    it(`refuses a ${rol} every create, and writes nothing`, async () => {
      const w = anAdminWorld();
      await assert.rejects(w.createUser.execute(aUserInput(), acting(who)), forbidden);
      await assert.rejects(w.createDoctor.execute(aDoctorInput(), acting(who)), forbidden);
      await assert.rejects(w.createPatient.execute(aPatientInput(), acting(who)), forbidden);
      await assert.rejects(w.createCenter.execute(aCenterInput(), acting(who)), forbidden);
      assert.equal(await w.users.count(), 1, 'the acting admin alone');
      assert.equal((await w.centers.list({}, { page: 1, pageSize: 20 })).total, 0);
    });

    it(`refuses a ${rol} every update and deactivation, and changes nothing`, async () => {
      const w = anAdminWorld();
      const d = await w.createDoctor.execute(aDoctorInput(), acting(anAdmin()));
      const p = await w.createPatient.execute(aPatientInput(), acting(anAdmin()));
      const c = await w.createCenter.execute(aCenterInput(), acting(anAdmin()));
      await assert.rejects(w.updateDoctor.execute(d.id, { nombre: 'Otro Nombre' }, acting(who)), forbidden);
      await assert.rejects(w.updatePatient.execute(p.id, { nombre: 'Otro Nombre' }, acting(who)), forbidden);
      await assert.rejects(w.updateCenter.execute(c.id, { nombre: 'Otro Nombre' }, acting(who)), forbidden);
      await assert.rejects(w.deactivateDoctor.execute(d.id, acting(who)), forbidden);
      await assert.rejects(w.deactivatePatient.execute(p.id, acting(who)), forbidden);
      await assert.rejects(w.deactivateCenter.execute(c.id, acting(who)), forbidden);
      assert.deepEqual(await w.doctors.byId(d.id), d);
      assert.deepEqual(await w.patients.byId(p.id), p);
      assert.deepEqual(await w.centers.byId(c.id), c);
      assert.equal((await w.users.byId(d.idUser))?.activo, true);
      assert.equal((await w.users.byId(p.idUser))?.activo, true);
    });

    it(`refuses a ${rol} a whole batch at once, before any item is tried`, async () => {
      const w = anAdminWorld();
      let tried = 0;
      const createOne = async () => ({ id: ++tried });
      await assert.rejects(w.bulkCreate.execute([1, 2], createOne, 'doctores.gestionar', who), forbidden);
      assert.equal(tried, 0);
    });
  }
});
