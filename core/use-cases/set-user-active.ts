import { assertMaySetActive } from '../domain/access';
import type { Actor } from '../ports/tokens';
import { type User, userNotFound } from '../domain/user';
import type { AdminDeps } from './admin-use-cases';

/**
 * Deactivates (DELETE /admin/usuario/{id}) or reactivates an admin or
 * secretaria account; its tokens stop working at once. A medico or paciente
 * account follows its doctor or patient record instead, and nobody can
 * deactivate their own account (so the last admin cannot lock everyone out).
 * Its actor is read again as every write's is (admin-writes.ts): two admins
 * deactivating each other at once cannot both succeed, and leave nobody to
 * log in; one after the other, the second is refused; so it is at once.
 */
export class SetUserActive {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'writes'>) {}

  async execute(id: number, activo: boolean, actor: Actor): Promise<User> {
    const { users, writes } = this.ports;
    return writes.run(
      actor,
      async () => {
        const user = await users.byId(id);
        if (!user) throw userNotFound(id);
        assertMaySetActive(actor, user, activo);
        if (user.activo !== activo) await users.setActive(id, activo);
        return { ...user, activo };
      },
      { changesAccount: id },
    );
  }
}
