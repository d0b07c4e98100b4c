import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, TooManyAttemptsError } from '../../../core/domain/errors';
import { aDoctorInput, aPatientInput, aUserInput } from '../../builders/admin-inputs';
import { anAdminWorld } from '../../builders/admin-world';
import { acting, anAdmin } from '../../builders/principals';
import { FakeTokenVerifier } from '../../fakes/fake-token-issuer';
import { hasCode } from '../../support/domain-errors';

const invalidCredentials = (err: unknown) => err instanceof DomainError && err.code === 'CREDENCIALES_INVALIDAS';

describe('LogIn', () => {
  it('issues a token for the right password, whatever the username casing', async () => {
    const w = anAdminWorld();
    const user = await w.createUser.execute(aUserInput({ username: 'recepcion', password: 'Clave2026segura' }), acting(anAdmin()));
    const session = await w.logIn.execute({ username: 'Recepcion', password: 'Clave2026segura', address: '10.0.0.1' });
    assert.equal(session.token, `token-${user.id}`);
    assert.deepEqual(session.user, { userId: user.id, username: 'recepcion', rol: 'secretaria' });
  });

  it('puts the doctor id in a medico session and the patient id in a paciente session', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ username: 'dra.ana', password: 'Sonrisa2026' }), acting(anAdmin()));
    const p = await w.createPatient.execute(aPatientInput({ username: 'luis.p', password: 'Muela2026x' }), acting(anAdmin()));
    assert.equal((await w.logIn.execute({ username: 'dra.ana', password: 'Sonrisa2026', address: 'a' })).user.idDoctor, d.id);
    assert.equal((await w.logIn.execute({ username: 'luis.p', password: 'Muela2026x', address: 'a' })).user.idPaciente, p.id);
  });

  it('answers an unknown user exactly like a wrong password, after verifying a dummy hash', async () => {
    const w = anAdminWorld();
    await w.createUser.execute(aUserInput({ username: 'real', password: 'Clave2026segura' }), acting(anAdmin()));
    const unknown = await w.logIn.execute({ username: 'nadie', password: 'x', address: 'a' }).catch((e: unknown) => e);
    const wrong = await w.logIn.execute({ username: 'real', password: 'mala2026', address: 'a' }).catch((e: unknown) => e);
    assert.ok(invalidCredentials(unknown) && invalidCredentials(wrong));
    assert.equal((unknown as Error).message, (wrong as Error).message);
    assert.equal(w.hasher.verified.length, 2, 'a hash is verified in both cases');
    assert.equal(w.tokens.issued.length, 0);
  });

  it('refuses a deactivated account with the same 401, even with the right password', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ username: 'baja', password: 'Sonrisa2026' }), acting(anAdmin()));
    await w.deactivateDoctor.execute(d.id, acting(anAdmin()));
    await assert.rejects(w.logIn.execute({ username: 'baja', password: 'Sonrisa2026', address: 'a' }), invalidCredentials);
  });

  it('checks at most the limit of passwords when many guesses for one account arrive together', async () => {
    const w = anAdminWorld(); // the fake throttle allows 3 failures per account and address
    await w.createUser.execute(aUserInput({ username: 'objetivo', password: 'Clave2026segura' }), acting(anAdmin()));
    const guesses = Array.from({ length: 300 }, (_, i) => w.logIn.execute({ username: 'objetivo', password: `mala${i}`, address: '1.1.1.1' }));
    const outcomes = await Promise.allSettled(guesses);
    const refused = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof TooManyAttemptsError).length;
    assert.deepEqual({ checked: w.hasher.verified.length, refused }, { checked: 3, refused: 297 });
  });

  it('does not count an attempt whose password could not be checked', async () => {
    const w = anAdminWorld();
    await w.createUser.execute(aUserInput({ username: 'ocupada', password: 'Clave2026segura' }), acting(anAdmin()));
    const busy = new Error('ocupado');
    const verify = w.hasher.verify.bind(w.hasher);
    w.hasher.verify = async () => {
      throw busy;
    };
    for (let i = 0; i < 5; i++) await assert.rejects(w.logIn.execute({ username: 'ocupada', password: 'mala', address: 'a' }), busy);
    w.hasher.verify = verify;
    await w.logIn.execute({ username: 'ocupada', password: 'Clave2026segura', address: 'a' });
  });

  it('blocks an account+address after too many failures, before checking the password, and a success resets it', async () => {
    const w = anAdminWorld(); // the fake throttle allows 3 failures
    await w.createUser.execute(aUserInput({ username: 'objetivo', password: 'Clave2026segura' }), acting(anAdmin()));
    const attempt = (password: string, address = '1.1.1.1') => w.logIn.execute({ username: 'objetivo', password, address });
    await assert.rejects(attempt('mala1'), invalidCredentials);
    await assert.rejects(attempt('mala2'), invalidCredentials);
    await attempt('Clave2026segura');
    for (const n of [1, 2, 3]) await assert.rejects(attempt(`mala${n}`), invalidCredentials);
    await assert.rejects(attempt('Clave2026segura'), (err: unknown) => err instanceof TooManyAttemptsError && err.retryAfterSeconds > 0);
    await attempt('Clave2026segura', '2.2.2.2'); // another address is not blocked by this counter
  });

  it('compares passwords after Unicode NFC normalization: the same word typed on another keyboard is the same password', async () => {
    const w = anAdminWorld();
    const composed = 'Contraseña2026'.normalize('NFC'); // ñ as one code point
    const decomposed = composed.normalize('NFD'); // n + combining tilde
    assert.notEqual(composed, decomposed);
    await w.createUser.execute(aUserInput({ username: 'nfc.alta', password: decomposed }), acting(anAdmin()));
    await w.logIn.execute({ username: 'nfc.alta', password: composed, address: 'a' });
    await w.createUser.execute(aUserInput({ username: 'nfc.otra', password: composed }), acting(anAdmin()));
    await w.logIn.execute({ username: 'nfc.otra', password: decomposed, address: 'a' });
    assert.equal((await w.users.byUsername('nfc.alta'))?.passwordHash, `v2:${composed}`, 'stored as NFC');
  });

  it('still accepts a password hashed before normalization, as it was typed, and stores it normalized from then on', async () => {
    const w = anAdminWorld();
    const decomposed = 'Contraseña2026'.normalize('NFD');
    const user = await w.users.add({ username: 'nfc.antigua', rol: 'secretaria', passwordHash: `v2:${decomposed}`, activo: true });
    await w.logIn.execute({ username: 'nfc.antigua', password: decomposed, address: 'a' });
    assert.equal((await w.users.byId(user.id))?.passwordHash, `v2:${decomposed.normalize('NFC')}`);
    await w.logIn.execute({ username: 'nfc.antigua', password: decomposed.normalize('NFC'), address: 'a' });
  });

  it('rehashes a password stored with old parameters on a successful login', async () => {
    const w = anAdminWorld();
    const user = await w.users.add({ username: 'antiguo', rol: 'admin', passwordHash: 'v1:Clave2026segura', activo: true });
    await w.logIn.execute({ username: 'antiguo', password: 'Clave2026segura', address: 'a' });
    assert.equal((await w.users.byId(user.id))?.passwordHash, 'v2:Clave2026segura');
  });
});

describe('DescribeSession', () => {
  it('confirms an active user and refuses a deactivated one or one whose role changed', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ username: 'activo1' }), acting(anAdmin()));
    const principal = { userId: d.idUser, username: 'activo1', rol: 'medico' as const, idDoctor: d.id };
    const session = { id: 's1', generation: 0 };
    await w.session.confirm(principal, session);
    await assert.rejects(w.session.confirm({ ...principal, rol: 'admin' }, session), /ya no está activa/);
    await w.deactivateDoctor.execute(d.id, acting(anAdmin()));
    await assert.rejects(w.session.confirm(principal, session), (err: unknown) => err instanceof DomainError && err.code === 'TOKEN_INVALIDO');
    await assert.rejects(w.session.confirm({ ...principal, userId: 999 }, session), /ya no está activa/);
  });

  it('refuses a logged-out token and a token of an earlier generation, and only those', async () => {
    const w = anAdminWorld();
    const u = await w.createUser.execute(aUserInput({ username: 'sesiones', password: 'Clave2026segura' }), acting(anAdmin()));
    const principal = { userId: u.id, username: 'sesiones', rol: 'secretaria' as const };
    const [uno, dos] = [await w.logIn.execute({ username: 'sesiones', password: 'Clave2026segura', address: 'a' }), await w.logIn.execute({ username: 'sesiones', password: 'Clave2026segura', address: 'a' })];
    const sessionOf = async (token: string) => (await new FakeTokenVerifier(w.tokens, w.clock).verify(token)).session;
    const [s1, s2] = [await sessionOf(uno.token), await sessionOf(dos.token)];
    await w.logOut.execute(principal, s1);
    await assert.rejects(w.session.confirm(principal, s1), /sesión se cerró/);
    await w.session.confirm(principal, s2);
    await w.changePassword.execute({ passwordActual: 'Clave2026segura', passwordNueva: 'Nueva2027segura', address: 'a' }, acting(principal));
    await assert.rejects(w.session.confirm(principal, s2), /contraseña cambió/);
    const tres = await w.logIn.execute({ username: 'sesiones', password: 'Nueva2027segura', address: 'a' });
    await w.session.confirm(principal, await sessionOf(tres.token));
  });

  it('describes a session only by the same rule as the session check: not for a logged-out token, an earlier generation or a changed role', async () => {
    const w = anAdminWorld();
    const u = await w.createUser.execute(aUserInput({ username: 'quien.soy', password: 'Clave2026segura' }), acting(anAdmin()));
    const principal = { userId: u.id, username: 'quien.soy', rol: 'secretaria' as const };
    const sessionOf = async (token: string) => (await new FakeTokenVerifier(w.tokens, w.clock).verify(token)).session;
    const [s1, s2] = [
      await sessionOf((await w.logIn.execute({ username: 'quien.soy', password: 'Clave2026segura', address: 'a' })).token),
      await sessionOf((await w.logIn.execute({ username: 'quien.soy', password: 'Clave2026segura', address: 'a' })).token),
    ];
    assert.equal((await w.session.execute(principal, s1)).username, 'quien.soy');
    await w.logOut.execute(principal, s1);
    await assert.rejects(w.session.execute(principal, s1), hasCode('TOKEN_INVALIDO'));
    await assert.rejects(w.session.execute({ ...principal, rol: 'admin' }, s2), hasCode('TOKEN_INVALIDO'));
    await w.changePassword.execute({ passwordActual: 'Clave2026segura', passwordNueva: 'Nueva2027segura', address: 'a' }, acting({ ...principal, session: s2 }));
    await assert.rejects(w.session.execute(principal, s2), hasCode('TOKEN_INVALIDO'));
  });

  it('describes the session with the live doctor link', async () => {
    const w = anAdminWorld();
    const d = await w.createDoctor.execute(aDoctorInput({ username: 'yo.mismo' }), acting(anAdmin()));
    assert.deepEqual(await w.session.execute({ userId: d.idUser, username: 'yo.mismo', rol: 'medico' }, { id: 's1', generation: 0 }), {
      userId: d.idUser,
      username: 'yo.mismo',
      rol: 'medico',
      idDoctor: d.id,
    });
  });
});
