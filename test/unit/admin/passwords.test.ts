import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, TooManyAttemptsError } from '../../../core/domain/errors';
import { aUserInput } from '../../builders/admin-inputs';
import { anAdminWorld } from '../../builders/admin-world';
import { acting, anAdmin, aSecretaria } from '../../builders/principals';

const fieldError = (path: string) => (err: unknown) => err instanceof DomainError && err.code === 'VALIDACION' && err.errors.some((e) => e.path === path);

describe('ChangeOwnPassword', () => {
  it('needs the current password, judges the new one by the policy (NFC), and moves the user to a new token generation', async () => {
    const w = anAdminWorld();
    const u = await w.createUser.execute(aUserInput({ username: 'propia', password: 'Clave2026segura' }), acting(anAdmin()));
    const me = { userId: u.id, username: 'propia', rol: 'secretaria' as const };
    const change = (passwordActual: string, passwordNueva: string) => w.changePassword.execute({ passwordActual, passwordNueva, address: 'a' }, acting(me));
    await assert.rejects(change('Mala2026xx', 'Nueva2027segura'), fieldError('password_actual'));
    await assert.rejects(change('Clave2026segura', 'corta1'), fieldError('password_nueva'));
    await assert.rejects(change('Clave2026segura', 'xxpropia2027'), fieldError('password_nueva'));
    assert.equal((await w.users.byId(u.id))?.tokenGeneration, 0, 'nothing changed');
    await change('Clave2026segura', 'Contraseña2027'.normalize('NFD'));
    assert.deepEqual({ hash: (await w.users.byId(u.id))?.passwordHash, generation: (await w.users.byId(u.id))?.tokenGeneration }, { hash: `v2:${'Contraseña2027'.normalize('NFC')}`, generation: 1 });
  });

  it('counts a wrong current password as a failed login of that account', async () => {
    const w = anAdminWorld(); // the fake throttle allows 3
    const u = await w.createUser.execute(aUserInput({ username: 'robada', password: 'Clave2026segura' }), acting(anAdmin()));
    const me = { userId: u.id, username: 'robada', rol: 'secretaria' as const };
    for (let i = 0; i < 3; i++) await assert.rejects(w.changePassword.execute({ passwordActual: `Mala${i}xx`, passwordNueva: 'Nueva2027segura', address: 'a' }, acting(me)), fieldError('password_actual'));
    await assert.rejects(w.changePassword.execute({ passwordActual: 'Clave2026segura', passwordNueva: 'Nueva2027segura', address: 'a' }, acting(me)), TooManyAttemptsError);
    await assert.rejects(w.logIn.execute({ username: 'robada', password: 'Clave2026segura', address: 'a' }), TooManyAttemptsError);
  });
});

describe('ResetPassword', () => {
  it('lets an admin set any user\'s password by the policy, ending that user\'s tokens; nobody else', async () => {
    const w = anAdminWorld();
    const u = await w.createUser.execute(aUserInput({ username: 'olvidadiza', password: 'Clave2026segura' }), acting(anAdmin()));
    await assert.rejects(w.resetPassword.execute(u.id, 'Nueva2027segura', acting(aSecretaria())), (err: unknown) => err instanceof DomainError && err.code === 'PROHIBIDO');
    await assert.rejects(w.resetPassword.execute(999, 'Nueva2027segura', acting(anAdmin())), (err: unknown) => err instanceof DomainError && err.code === 'NO_ENCONTRADO');
    await assert.rejects(w.resetPassword.execute(u.id, 'sinnumeros', acting(anAdmin())), fieldError('password_nueva'));
    await w.resetPassword.execute(u.id, 'Nueva2027segura', acting(anAdmin()));
    assert.deepEqual({ hash: (await w.users.byId(u.id))?.passwordHash, generation: (await w.users.byId(u.id))?.tokenGeneration }, { hash: 'v2:Nueva2027segura', generation: 1 });
    await w.logIn.execute({ username: 'olvidadiza', password: 'Nueva2027segura', address: 'a' });
  });
});
