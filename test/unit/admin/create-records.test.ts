import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../../../core/domain/errors';
import { aCenterInput, aDoctorInput, aPatientInput, aUserInput } from '../../builders/admin-inputs';
import { anAdminWorld } from '../../builders/admin-world';
import { acting, anAdmin } from '../../builders/principals';
import { hasCode } from '../../support/domain-errors';


describe('CreateUser', () => {
  it('creates an admin or secretaria storing the hash, never the password', async () => {
    const w = anAdminWorld();
    const user = await w.createUser.execute(aUserInput({ username: 'Recepcion1', password: 'Clave2026segura', rol: 'secretaria' }), acting(anAdmin()));
    assert.equal(user.username, 'recepcion1');
    assert.equal((await w.users.byId(user.id))?.passwordHash, 'v2:Clave2026segura');
    assert.equal(user.activo, true);
  });

  it('refuses medico and paciente: those users come with their doctor or patient record', async () => {
    const w = anAdminWorld();
    await assert.rejects(w.createUser.execute(aUserInput({ rol: 'medico' as never }), acting(anAdmin())), hasCode('VALIDACION'));
    assert.equal(await w.users.count(), 1, 'the acting admin alone');
  });

  it('refuses a taken username (any casing) with USUARIO_DUPLICADO before spending a hash', async () => {
    const w = anAdminWorld();
    await w.createUser.execute(aUserInput({ username: 'pepe' }), acting(anAdmin()));
    const hashesBefore = w.hasher.hashes;
    await assert.rejects(w.createUser.execute(aUserInput({ username: 'PEPE' }), acting(anAdmin())), hasCode('USUARIO_DUPLICADO'));
    assert.equal(w.hasher.hashes, hashesBefore);
  });

  it('refuses a weak password and a bad username together, naming both fields', async () => {
    const w = anAdminWorld();
    await assert.rejects(
      w.createUser.execute(aUserInput({ username: 'a b', password: 'corta' }), acting(anAdmin())),
      (err: unknown) => err instanceof ValidationError && ['username', 'password'].every((p) => err.errors.some((e) => e.path === p)),
    );
  });
});

describe('CreateDoctor', () => {
  it('creates the doctor and its medico user together', async () => {
    const w = anAdminWorld();
    const doctor = await w.createDoctor.execute(aDoctorInput({ nombre: ' Ana  García ', username: 'ana.garcia' }), acting(anAdmin()));
    assert.deepEqual(doctor, { id: doctor.id, idUser: doctor.idUser, nombre: 'Ana García', especialidad: 'Ortodoncia', activo: true });
    const user = await w.users.byId(doctor.idUser);
    assert.equal(user?.rol, 'medico');
    assert.equal(user?.username, 'ana.garcia');
  });

  it('leaves neither row when the doctor cannot be written after the user was', async () => {
    const w = anAdminWorld();
    w.doctors.failNextAdd = new Error('disco lleno');
    await assert.rejects(w.createDoctor.execute(aDoctorInput({ username: 'sin.doctor' }), acting(anAdmin())), /disco lleno/);
    assert.equal(await w.users.byUsername('sin.doctor'), undefined);
    assert.equal(await w.users.count(), 1, 'the acting admin alone');
  });

  it('reports a blank especialidad together with the account problems, and writes nothing', async () => {
    const w = anAdminWorld();
    await assert.rejects(
      w.createDoctor.execute(aDoctorInput({ especialidad: '  ', password: 'sinnumeros' }), acting(anAdmin())),
      (err: unknown) => err instanceof ValidationError && err.errors.some((e) => e.path === 'especialidad') && err.errors.some((e) => e.path === 'password'),
    );
    assert.equal(await w.users.count(), 1, 'the acting admin alone');
  });

  it('refuses a username already used by any account', async () => {
    const w = anAdminWorld();
    await w.createUser.execute(aUserInput({ username: 'dup.name' }), acting(anAdmin()));
    await assert.rejects(w.createDoctor.execute(aDoctorInput({ username: 'Dup.Name' }), acting(anAdmin())), hasCode('USUARIO_DUPLICADO'));
    assert.equal((await w.doctors.list({}, { page: 1, pageSize: 10 })).total, 0);
  });
});

describe('CreatePatient', () => {
  it('creates an ACTIVO patient by default, with a normalised phone and an active paciente user', async () => {
    const w = anAdminWorld();
    const p = await w.createPatient.execute(aPatientInput({ telefono: '+34 612 345 678' }), acting(anAdmin()));
    assert.equal(p.estado, 'ACTIVO');
    assert.equal(p.telefono, '+34612345678');
    assert.deepEqual({ rol: (await w.users.byId(p.idUser))?.rol, activo: (await w.users.byId(p.idUser))?.activo }, { rol: 'paciente', activo: true });
  });

  it('gives an INACTIVO patient an inactive user, who cannot log in', async () => {
    const w = anAdminWorld();
    const p = await w.createPatient.execute(aPatientInput({ estado: 'INACTIVO', username: 'dormido', password: 'Muela2026x' }), acting(anAdmin()));
    assert.equal((await w.users.byId(p.idUser))?.activo, false);
    await assert.rejects(w.logIn.execute({ username: 'dormido', password: 'Muela2026x', address: 'a' }), hasCode('CREDENCIALES_INVALIDAS'));
  });

  it('refuses a phone that is not Spanish', async () => {
    const w = anAdminWorld();
    await assert.rejects(w.createPatient.execute(aPatientInput({ telefono: '+44 20 7946 0958' }), acting(anAdmin())), hasCode('VALIDACION'));
    assert.equal(await w.users.count(), 1, 'the acting admin alone');
  });
});

describe('CreateCenter', () => {
  it('creates an active center with trimmed fields', async () => {
    const w = anAdminWorld();
    const c = await w.createCenter.execute(aCenterInput({ nombre: ' Clínica  Sol ' }), acting(anAdmin()));
    assert.deepEqual(c, { id: c.id, nombre: 'Clínica Sol', direccion: 'Calle Mayor 1, Madrid', activo: true });
  });
});
