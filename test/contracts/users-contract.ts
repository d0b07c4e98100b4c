import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../core/domain/errors';
import type { NewUser } from '../../core/domain/user';
import { type AdminRepositories, type AdminRepositoriesFactory, page } from './admin-repositories';

const aUser = (over: Partial<NewUser> = {}): NewUser => ({ username: 'ana', rol: 'secretaria', passwordHash: 'h1', activo: true, ...over });

/** The Users port's behaviour, which the fake and the SQLite adapter must share. */
export function usersContract(name: string, factory: AdminRepositoriesFactory): void {
  describe(`Users contract: ${name}`, () => {
    let r: AdminRepositories;
    beforeEach(() => {
      r = factory();
    });
    afterEach(() => r.close?.());

    it('stores a user under its lowercase username and finds it by id and by any casing of the name', async () => {
      const added = await r.users.add(aUser({ username: 'Ana.Lopez' }));
      assert.ok(added.id > 0);
      assert.equal(added.username, 'ana.lopez');
      assert.deepEqual(await r.users.byId(added.id), { id: added.id, username: 'ana.lopez', rol: 'secretaria', passwordHash: 'h1', activo: true, tokenGeneration: 0 });
      assert.equal(added.tokenGeneration, 0);
      assert.equal((await r.users.byUsername('ANA.LOPEZ'))?.id, added.id);
      assert.equal(await r.users.byUsername('nadie'), undefined);
      assert.equal(await r.users.byId(added.id + 100), undefined);
    });

    it('refuses a username already taken in another casing with USUARIO_DUPLICADO', async () => {
      await r.users.add(aUser({ username: 'pepe' }));
      await assert.rejects(
        () => r.users.add(aUser({ username: 'PEPE', rol: 'admin' })),
        (err: unknown) => err instanceof DomainError && err.code === 'USUARIO_DUPLICADO',
      );
      assert.equal(await r.users.count(), 1);
    });

    it('lists in id order, one page at a time, filtered by role', async () => {
      for (const n of ['uno', 'dos', 'tres']) await r.users.add(aUser({ username: n }));
      await r.users.add(aUser({ username: 'boss', rol: 'admin' }));
      const second = await r.users.list({}, page(2, 2));
      assert.deepEqual(second.items.map((u) => u.username), ['tres', 'boss']);
      assert.equal(second.total, 4);
      assert.equal(second.pageSize, 2);
      const admins = await r.users.list({ rol: 'admin' }, page());
      assert.deepEqual(admins.items.map((u) => u.username), ['boss']);
      assert.equal(admins.total, 1);
      assert.equal(await r.users.count(), 4);
    });

    it('saves activation changes and a new password hash', async () => {
      const u = await r.users.add(aUser());
      await r.users.setActive(u.id, false);
      assert.equal(await r.users.setPasswordHash(u.id, 'h2', u.passwordHash), true);
      assert.deepEqual({ activo: (await r.users.byId(u.id))?.activo, hash: (await r.users.byId(u.id))?.passwordHash }, { activo: false, hash: 'h2' });
      await r.users.setActive(u.id, true);
      assert.equal((await r.users.byId(u.id))?.activo, true);
    });

    it('moves a user to a new token generation on deactivation and on a new password, never on a rehash or a reactivation', async () => {
      const u = await r.users.add(aUser());
      const generation = async () => (await r.users.byId(u.id))?.tokenGeneration;
      await r.users.setPasswordHash(u.id, 'h1-rehash', u.passwordHash);
      await r.users.setActive(u.id, true);
      assert.equal(await generation(), 0);
      await r.users.setActive(u.id, false);
      assert.equal(await generation(), 1);
      await r.users.setActive(u.id, true);
      assert.equal(await generation(), 1, 'reactivating does not go back to the old generation');
      await r.users.replacePassword(u.id, 'h2');
      assert.deepEqual({ hash: (await r.users.byId(u.id))?.passwordHash, generation: await generation() }, { hash: 'h2', generation: 2 });
      const other = await r.users.add(aUser({ username: 'otro' }));
      assert.equal((await r.users.byId(other.id))?.tokenGeneration, 0, 'only that user moves');
    });

    it('writes a password hash over the one the caller checked only: a rehash or an own change that lost the race writes nothing; a reset always writes', async () => {
      const u = await r.users.add(aUser());
      const stored = async () => {
        const now = await r.users.byId(u.id);
        return { hash: now?.passwordHash, generation: now?.tokenGeneration };
      };
      assert.equal(await r.users.replacePassword(u.id, 'nueva', u.passwordHash), true);
      assert.deepEqual(await stored(), { hash: 'nueva', generation: 1 });
      assert.equal(await r.users.setPasswordHash(u.id, 'vieja-rehash', u.passwordHash), false, 'the old password is not hashed back in');
      assert.equal(await r.users.replacePassword(u.id, 'otra', u.passwordHash), false, 'proved the old password: not written');
      assert.deepEqual(await stored(), { hash: 'nueva', generation: 1 });
      assert.equal(await r.users.replacePassword(u.id, 'del-admin'), true, 'a reset names no checked hash');
      assert.deepEqual(await stored(), { hash: 'del-admin', generation: 2 });
      assert.equal(await r.users.replacePassword(9999, 'x'), false);
    });

    it('reads by id for a run that relies on the row (byIdShared) what byId reads, inside a unit of work and outside', async () => {
      const u = await r.users.add(aUser());
      assert.deepEqual(await r.users.byIdShared(u.id), await r.users.byId(u.id));
      await r.uow.run(async () => {
        await r.users.setActive(u.id, false);
        assert.deepEqual(await r.users.byIdShared(u.id), { ...u, activo: false, tokenGeneration: 1 }, 'sees its own run\'s change');
      });
      assert.equal(await r.users.byIdShared(u.id + 100), undefined);
    });

    it('keeps nothing written inside a unit of work that fails', async () => {
      await assert.rejects(() =>
        r.uow.run(async () => {
          await r.users.add(aUser({ username: 'fantasma' }));
          throw new Error('boom');
        }),
      );
      assert.equal(await r.users.byUsername('fantasma'), undefined);
      assert.equal(await r.users.count(), 0);
    });
  });
}
