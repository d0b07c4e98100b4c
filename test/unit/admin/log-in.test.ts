import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, TooManyAttemptsError } from '../../../core/domain/errors';
import { aDoctorInput, aPatientInput, aUserInput } from '../../builders/admin-inputs';
import { anAdminWorld } from '../../builders/admin-world';
import { anAdmin } from '../../builders/principals';

const invalidCredentials = (err: unknown) => err instanceof DomainError && err.code === 'CREDENCIALES_INVALIDAS';

describe('LogIn', () => {
  it('issues a token for the right password, whatever the username casing', async () => {
    const w = anAdminWorld();
    const user = await w.createUser.execute(aUserInput({ username: 'recepcion', password: 'Clave2026segura' }), anAdmin());
    const session = await w.logIn.execute({ username: 'Recepcion', password: 'Clave2026segura', address: '10.0.0.1' });
    assert.equal(session.token, `token-${user.id}`);
    assert.deepEqual(session.user, { userId: user.id, username: 'recepcion', rol: 'secretaria' });
  });

  it('puts the doctor id in a medico session and the patient id in a paciente session', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ username: 'dra.ana', password: 'Sonrisa2026' }), anAdmin());
    const p = await w.createPatient.execute(aPatientInput({ username: 'luis.p', password: 'Muela2026x' }), anAdmin());
    assert.equal((await w.logIn.execute({ username: 'dra.ana', password: 'Sonrisa2026', address: 'a' })).user.idDoctor, d.id);
    assert.equal((await w.logIn.execute({ username: 'luis.p', password: 'Muela2026x', address: 'a' })).user.idPaciente, p.id);
  });

  it('answers an unknown user exactly like a wrong password, after verifying a dummy hash', async () => {
    const w = anAdminWorld();
    await w.createUser.execute(aUserInput({ username: 'real', password: 'Clave2026segura' }), anAdmin());
    const unknown = await w.logIn.execute({ username: 'nadie', password: 'x', address: 'a' }).catch((e: unknown) => e);
    const wrong = await w.logIn.execute({ username: 'real', password: 'mala2026', address: 'a' }).catch((e: unknown) => e);
    assert.ok(invalidCredentials(unknown) && invalidCredentials(wrong));
    assert.equal((unknown as Error).message, (wrong as Error).message);
    assert.equal(w.hasher.verified.length, 2, 'a hash is verified in both cases');
    assert.equal(w.tokens.issued.length, 0);
  });

  it('refuses a deactivated account with the same 401, even with the right password', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ username: 'baja', password: 'Sonrisa2026' }), anAdmin());
    await w.deactivateDoctor.execute(d.id, anAdmin());
    await assert.rejects(w.logIn.execute({ username: 'baja', password: 'Sonrisa2026', address: 'a' }), invalidCredentials);
  });

  it('blocks an account+address after too many failures, before checking the password, and a success resets it', async () => {
    const w = anAdminWorld(); // the fake throttle allows 3 failures
    await w.createUser.execute(aUserInput({ username: 'objetivo', password: 'Clave2026segura' }), anAdmin());
    const attempt = (password: string, address = '1.1.1.1') => w.logIn.execute({ username: 'objetivo', password, address });
    await assert.rejects(attempt('mala1'), invalidCredentials);
    await assert.rejects(attempt('mala2'), invalidCredentials);
    await attempt('Clave2026segura');
    for (const n of [1, 2, 3]) await assert.rejects(attempt(`mala${n}`), invalidCredentials);
    await assert.rejects(attempt('Clave2026segura'), (err: unknown) => err instanceof TooManyAttemptsError && err.retryAfterSeconds > 0);
    await attempt('Clave2026segura', '2.2.2.2'); // another address is not blocked by this counter
  });

  it('rehashes a password stored with old parameters on a successful login', async () => {
    const w = anAdminWorld();
    const user = w.users.add({ username: 'antiguo', rol: 'admin', passwordHash: 'v1:Clave2026segura', activo: true });
    await w.logIn.execute({ username: 'antiguo', password: 'Clave2026segura', address: 'a' });
    assert.equal(w.users.byId(user.id)?.passwordHash, 'v2:Clave2026segura');
  });
});

describe('DescribeSession', () => {
  it('confirms an active user and refuses a deactivated one or one whose role changed', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ username: 'activo1' }), anAdmin());
    const principal = { userId: d.idUser, username: 'activo1', rol: 'medico' as const, idDoctor: d.id };
    await w.session.confirm(principal);
    await assert.rejects(w.session.confirm({ ...principal, rol: 'admin' }), /ya no está activa/);
    await w.deactivateDoctor.execute(d.id, anAdmin());
    await assert.rejects(w.session.confirm(principal), (err: unknown) => err instanceof DomainError && err.code === 'TOKEN_INVALIDO');
    await assert.rejects(w.session.confirm({ ...principal, userId: 999 }), /ya no está activa/);
  });

  it('describes the session with the live doctor link', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ username: 'yo.mismo' }), anAdmin());
    assert.deepEqual(await w.session.execute({ userId: d.idUser, username: 'yo.mismo', rol: 'medico' }), {
      userId: d.idUser,
      username: 'yo.mismo',
      rol: 'medico',
      idDoctor: d.id,
    });
  });
});
