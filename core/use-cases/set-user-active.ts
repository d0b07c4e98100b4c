import { assertMaySetActive } from '../domain/access';
import { DomainError, NotFoundError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import type { User } from '../domain/user';
import type { AdminPorts } from './admin-use-cases';

/**
 * Deactivates (DELETE /admin/usuario/{id}) or reactivates an admin or
 * secretaria account; its tokens stop working at once. A medico or paciente
 * account follows its doctor or patient record instead, and nobody can
 * deactivate their own account (so the last admin cannot lock everyone out).
 */
export class SetUserActive {
  constructor(private readonly ports: Pick<AdminPorts, 'users' | 'uow'>) {}

  async execute(id: number, activo: boolean, actor: Principal): Promise<User> {
    const { users, uow } = this.ports;
    return uow.run(async () => {
      // The actor's own account, again, in the unit of work that writes: its token was checked when the
      // request came in, and two admins deactivating each other at once would otherwise both succeed
      // and leave nobody to log in. One after the other, the second is refused; so it is here.
      const self = await users.byId(actor.userId);
      if (!self?.activo) throw new DomainError('TOKEN_INVALIDO', 'La cuenta de este token ya no está activa; inicie sesión de nuevo.');
      const user = await users.byId(id);
      if (!user) throw new NotFoundError(`No existe el usuario ${id}.`);
      assertMaySetActive(actor, user, activo);
      if (user.activo !== activo) await users.setActive(id, activo);
      return { ...user, activo };
    });
  }
}
