import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../../core/domain/errors';
import { aCenterInput, aDoctorInput, aPatientInput, aUserInput } from '../../builders/admin-inputs';
import { anAdminWorld } from '../../builders/admin-world';
import { aMedico, aPaciente, aSecretaria, anAdmin } from '../../builders/principals';

const hasCode = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;

describe('updating records', () => {
  it('changes only the doctor fields sent', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ nombre: 'Ana García', especialidad: 'Ortodoncia' }), anAdmin());
    const updated = await w.updateDoctor.execute(d.id, { especialidad: ' Endodoncia ' }, anAdmin());
    assert.deepEqual(updated, { ...d, especialidad: 'Endodoncia' });
  });

  it('refuses an empty change and a blank field with 422, and an unknown id with 404', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput(), anAdmin());
    await assert.rejects(w.updateDoctor.execute(d.id, {}, anAdmin()), hasCode('VALIDACION'));
    await assert.rejects(w.updateDoctor.execute(d.id, { nombre: ' ' }, anAdmin()), hasCode('VALIDACION'));
    await assert.rejects(w.updateDoctor.execute(d.id + 1, { nombre: 'X' }, anAdmin()), hasCode('NO_ENCONTRADO'));
    await assert.rejects(w.updatePatient.execute(1, { nombre: 'X' }, anAdmin()), hasCode('NO_ENCONTRADO'));
    await assert.rejects(w.updateCenter.execute(1, {}, anAdmin()), hasCode('VALIDACION'));
  });

  it('reactivating a doctor reactivates its user', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput(), anAdmin());
    await w.deactivateDoctor.execute(d.id, anAdmin());
    assert.equal((await w.users.byId(d.idUser))?.activo, false);
    await w.updateDoctor.execute(d.id, { activo: true }, anAdmin());
    assert.equal((await w.users.byId(d.idUser))?.activo, true);
  });

  it('a patient set INACTIVO by PATCH loses its login, and ACTIVO gives it back', async () => {
    const w = anAdminWorld();
    const p = await w.createPatient.execute(aPatientInput(), anAdmin());
    assert.equal((await w.updatePatient.execute(p.id, { estado: 'INACTIVO', telefono: '911 222 333' }, anAdmin())).telefono, '+34911222333');
    assert.equal((await w.users.byId(p.idUser))?.activo, false);
    await w.updatePatient.execute(p.id, { estado: 'ACTIVO' }, anAdmin());
    assert.equal((await w.users.byId(p.idUser))?.activo, true);
  });
});

describe('deactivating records', () => {
  it('keeps the doctor, marks it and its user inactive, and is idempotent', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput(), anAdmin());
    assert.equal((await w.deactivateDoctor.execute(d.id, anAdmin())).activo, false);
    assert.equal((await w.deactivateDoctor.execute(d.id, anAdmin())).activo, false);
    assert.equal((await w.doctors.byId(d.id))?.nombre, d.nombre);
    assert.equal((await w.users.byId(d.idUser))?.activo, false);
  });

  it('sets a patient INACTIVO and its user inactive', async () => {
    const w = anAdminWorld();
    const p = await w.createPatient.execute(aPatientInput(), anAdmin());
    assert.equal((await w.deactivatePatient.execute(p.id, anAdmin())).estado, 'INACTIVO');
    assert.equal((await w.users.byId(p.idUser))?.activo, false);
  });

  it('sets a center inactive; an unknown id is 404', async () => {
    const w = anAdminWorld();
    const c = await w.createCenter.execute(aCenterInput(), anAdmin());
    assert.equal((await w.deactivateCenter.execute(c.id, anAdmin())).activo, false);
    await assert.rejects(w.deactivateCenter.execute(c.id + 1, anAdmin()), hasCode('NO_ENCONTRADO'));
    await assert.rejects(w.deactivatePatient.execute(77, anAdmin()), hasCode('NO_ENCONTRADO'));
    await assert.rejects(w.deactivateDoctor.execute(77, anAdmin()), hasCode('NO_ENCONTRADO'));
  });
});

describe('reading patient records', () => {
  it('lets admin, secretaria and medico read any patient', async () => {
    const w = anAdminWorld();
    const p = await w.createPatient.execute(aPatientInput(), anAdmin());
    for (const reader of [anAdmin(), aSecretaria(), aMedico(1)]) assert.equal((await w.readPatient.execute(p.id, reader)).id, p.id);
  });

  it('lets a patient read only their own record; another one is 404, like a missing one', async () => {
    const w = anAdminWorld();
    const mine = await w.createPatient.execute(aPatientInput(), anAdmin());
    const other = await w.createPatient.execute(aPatientInput(), anAdmin());
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
    const result = await w.bulkCreate.execute(items, (item) => w.createDoctor.execute(item, anAdmin()), 'doctores.gestionar', anAdmin());
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
    const u = await w.createUser.execute(aUserInput(), anAdmin());
    const boss = anAdmin((await w.createUser.execute(aUserInput({ rol: 'admin' }), anAdmin())).id);
    const principal = { userId: u.id, username: u.username, rol: 'secretaria' as const };
    const before = { id: 'antes', generation: u.tokenGeneration };
    await w.session.confirm(principal, before);
    assert.equal((await w.setUserActive.execute(u.id, false, boss)).activo, false);
    await assert.rejects(w.session.confirm(principal, before), hasCode('TOKEN_INVALIDO'));
    await w.setUserActive.execute(u.id, true, boss);
    await assert.rejects(w.session.confirm(principal, before), hasCode('TOKEN_INVALIDO'));
    await w.session.confirm(principal, { id: 'después', generation: (await w.users.byId(u.id))!.tokenGeneration });
  });

  it('refuses an actor whose own account was deactivated since its token was checked (TOKEN_INVALIDO), changing nothing', async () => {
    const w = anAdminWorld();
    const [a, b] = [await w.createUser.execute(aUserInput({ rol: 'admin' }), anAdmin()), await w.createUser.execute(aUserInput({ rol: 'admin' }), anAdmin())];
    await w.setUserActive.execute(b.id, false, anAdmin(a.id));
    await assert.rejects(w.setUserActive.execute(a.id, false, anAdmin(b.id)), hasCode('TOKEN_INVALIDO'));
    assert.equal((await w.users.byId(a.id))?.activo, true);
  });

  it('refuses to deactivate oneself, a doctor’s or patient’s user, or an unknown id', async () => {
    const w = anAdminWorld();
    const me = await w.createUser.execute(aUserInput({ rol: 'admin' }), anAdmin());
    const d = await w.createDoctor.execute(aDoctorInput(), anAdmin());
    await assert.rejects(w.setUserActive.execute(me.id, false, anAdmin(me.id)), hasCode('VALIDACION'));
    await assert.rejects(w.setUserActive.execute(d.idUser, false, anAdmin(me.id)), /doctor/);
    await assert.rejects(w.setUserActive.execute(999, false, anAdmin(me.id)), hasCode('NO_ENCONTRADO'));
    assert.equal((await w.users.byId(me.id))?.activo, true);
    assert.equal((await w.users.byId(d.idUser))?.activo, true);
  });
});
