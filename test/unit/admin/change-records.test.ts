import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DomainError } from '../../../core/domain/errors';
import { aCenterInput, aDoctorInput, aPatientInput, aUserInput } from '../../builders/admin-inputs';
import { anAdminWorld } from '../../builders/admin-world';
import { acting, aMedico, aPaciente, aSecretaria, anAdmin } from '../../builders/principals';
import { hasCode } from '../../support/domain-errors';


describe('updating records', () => {
  it('changes only the doctor fields sent', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ nombre: 'Ana García', especialidad: 'Ortodoncia' }), acting(anAdmin()));
    const updated = await w.updateDoctor.execute(d.id, { especialidad: ' Endodoncia ' }, acting(anAdmin()));
    assert.deepEqual(updated, { ...d, especialidad: 'Endodoncia' });
  });

  it('refuses an empty change and a blank field with 422, and an unknown id with 404', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput(), acting(anAdmin()));
    await assert.rejects(w.updateDoctor.execute(d.id, {}, acting(anAdmin())), hasCode('VALIDACION'));
    await assert.rejects(w.updateDoctor.execute(d.id, { nombre: ' ' }, acting(anAdmin())), hasCode('VALIDACION'));
    await assert.rejects(w.updateDoctor.execute(d.id + 1, { nombre: 'X' }, acting(anAdmin())), hasCode('NO_ENCONTRADO'));
    await assert.rejects(w.updatePatient.execute(1, { nombre: 'X' }, acting(anAdmin())), hasCode('NO_ENCONTRADO'));
    await assert.rejects(w.updateCenter.execute(1, {}, acting(anAdmin())), hasCode('VALIDACION'));
  });

  it('reactivating a doctor reactivates its user', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput(), acting(anAdmin()));
    await w.deactivateDoctor.execute(d.id, acting(anAdmin()));
    assert.equal((await w.users.byId(d.idUser))?.activo, false);
    await w.updateDoctor.execute(d.id, { activo: true }, acting(anAdmin()));
    assert.equal((await w.users.byId(d.idUser))?.activo, true);
  });

  it('a patient set INACTIVO by PATCH loses its login, and ACTIVO gives it back', async () => {
    const w = anAdminWorld();
    const p = await w.createPatient.execute(aPatientInput(), acting(anAdmin()));
    assert.equal((await w.updatePatient.execute(p.id, { estado: 'INACTIVO', telefono: '911 222 333' }, acting(anAdmin()))).telefono, '+34911222333');
    assert.equal((await w.users.byId(p.idUser))?.activo, false);
    await w.updatePatient.execute(p.id, { estado: 'ACTIVO' }, acting(anAdmin()));
    assert.equal((await w.users.byId(p.idUser))?.activo, true);
  });
});

describe('deactivating records', () => {
  it('keeps the doctor, marks it and its user inactive, and is idempotent', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput(), acting(anAdmin()));
    assert.equal((await w.deactivateDoctor.execute(d.id, acting(anAdmin()))).activo, false);
    assert.equal((await w.deactivateDoctor.execute(d.id, acting(anAdmin()))).activo, false);
    assert.equal((await w.doctors.byId(d.id))?.nombre, d.nombre);
    assert.equal((await w.users.byId(d.idUser))?.activo, false);
  });

  it('sets a patient INACTIVO and its user inactive', async () => {
    const w = anAdminWorld();
    const p = await w.createPatient.execute(aPatientInput(), acting(anAdmin()));
    assert.equal((await w.deactivatePatient.execute(p.id, acting(anAdmin()))).estado, 'INACTIVO');
    assert.equal((await w.users.byId(p.idUser))?.activo, false);
  });

  it('sets a center inactive; an unknown id is 404', async () => {
    const w = anAdminWorld();
    const c = await w.createCenter.execute(aCenterInput(), acting(anAdmin()));
    assert.equal((await w.deactivateCenter.execute(c.id, acting(anAdmin()))).activo, false);
    await assert.rejects(w.deactivateCenter.execute(c.id + 1, acting(anAdmin())), hasCode('NO_ENCONTRADO'));
    await assert.rejects(w.deactivatePatient.execute(77, acting(anAdmin())), hasCode('NO_ENCONTRADO'));
    await assert.rejects(w.deactivateDoctor.execute(77, acting(anAdmin())), hasCode('NO_ENCONTRADO'));
  });
});

describe('reading patient records', () => {
  it('lets admin, secretaria and medico read any patient', async () => {
    const w = anAdminWorld();
    const p = await w.createPatient.execute(aPatientInput(), acting(anAdmin()));
    for (const reader of [anAdmin(), aSecretaria(), aMedico(1)]) assert.equal((await w.readPatient.execute(p.id, reader)).id, p.id);
  });

  it('lets a patient read only their own record; another one is 404, like a missing one', async () => {
    const w = anAdminWorld();
    const mine = await w.createPatient.execute(aPatientInput(), acting(anAdmin()));
    const other = await w.createPatient.execute(aPatientInput(), acting(anAdmin()));
    assert.equal((await w.readPatient.execute(mine.id, aPaciente(mine.id))).id, mine.id);
    await assert.rejects(w.readPatient.execute(other.id, aPaciente(mine.id)), hasCode('NO_ENCONTRADO'));
    await assert.rejects(w.readPatient.execute(999, aPaciente(mine.id)), hasCode('NO_ENCONTRADO'));
  });

  it('does not let a patient list patients', async () => {
    const w = anAdminWorld();
    await assert.rejects(w.readPatient.list({}, { page: 1, pageSize: 20 }, aPaciente(1)), hasCode('PROHIBIDO'));
    assert.equal((await w.readPatient.list({}, { page: 1, pageSize: 20 }, aSecretaria())).total, 0);
  });
});

describe('BulkCreate', () => {
  it('judges every item like the single create, keeps going after failures and keeps each index', async () => {
    const w = anAdminWorld();
    const items = [aDoctorInput({ username: 'lote.a' }), aDoctorInput({ username: 'LOTE.A' }), aDoctorInput({ especialidad: '' }), aDoctorInput({ username: 'lote.b' })];
    const result = await w.bulkCreate.execute(items, (item) => w.createDoctor.execute(item, acting(anAdmin())), 'doctores.gestionar', anAdmin());
    assert.deepEqual({ created: result.created, failed: result.failed }, { created: 2, failed: 2 });
    assert.deepEqual(
      result.outcomes.map((o) => ('id' in o ? ['ok', o.index] : [(o.failure as DomainError).code, o.index])),
      [['ok', 0], ['USUARIO_DUPLICADO', 1], ['VALIDACION', 2], ['ok', 3]],
    );
    assert.equal((await w.doctors.list({}, { page: 1, pageSize: 20 })).total, 2);
  });
});

describe('SetUserActive', () => {
  it('deactivates and reactivates a secretaria, ending its sessions for good: reactivating brings no old token back', async () => {
    const w = anAdminWorld();
    const u = await w.createUser.execute(aUserInput(), acting(anAdmin()));
    const boss = anAdmin((await w.createUser.execute(aUserInput({ rol: 'admin' }), acting(anAdmin()))).id);
    const principal = { userId: u.id, username: u.username, rol: 'secretaria' as const };
    const before = { id: 'antes', generation: u.tokenGeneration };
    await w.session.confirm(principal, before);
    assert.equal((await w.setUserActive.execute(u.id, false, acting(boss))).activo, false);
    await assert.rejects(w.session.confirm(principal, before), hasCode('TOKEN_INVALIDO'));
    await w.setUserActive.execute(u.id, true, acting(boss));
    await assert.rejects(w.session.confirm(principal, before), hasCode('TOKEN_INVALIDO'));
    await w.session.confirm(principal, { id: 'después', generation: (await w.users.byId(u.id))!.tokenGeneration });
  });

  it('refuses an actor whose own account was deactivated since its token was checked (TOKEN_INVALIDO), changing nothing', async () => {
    const w = anAdminWorld();
    const [a, b] = [await w.createUser.execute(aUserInput({ rol: 'admin' }), acting(anAdmin())), await w.createUser.execute(aUserInput({ rol: 'admin' }), acting(anAdmin()))];
    await w.setUserActive.execute(b.id, false, acting(anAdmin(a.id)));
    await assert.rejects(w.setUserActive.execute(a.id, false, acting(anAdmin(b.id))), hasCode('TOKEN_INVALIDO'));
    assert.equal((await w.users.byId(a.id))?.activo, true);
  });

  it('refuses to deactivate oneself, a doctor’s or patient’s user, or an unknown id', async () => {
    const w = anAdminWorld();
    const me = await w.createUser.execute(aUserInput({ rol: 'admin' }), acting(anAdmin()));
    const d = await w.createDoctor.execute(aDoctorInput(), acting(anAdmin()));
    await assert.rejects(w.setUserActive.execute(me.id, false, acting(anAdmin(me.id))), hasCode('VALIDACION'));
    await assert.rejects(w.setUserActive.execute(d.idUser, false, acting(anAdmin(me.id))), /doctor/);
    await assert.rejects(w.setUserActive.execute(999, false, acting(anAdmin(me.id))), hasCode('NO_ENCONTRADO'));
    assert.equal((await w.users.byId(me.id))?.activo, true);
    assert.equal((await w.users.byId(d.idUser))?.activo, true);
  });
});
