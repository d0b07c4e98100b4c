import { assertMaySetActive } from '../domain/access';
import { NotFoundError } from '../domain/errors';
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
  constructor(private readonly ports: Pick<AdminPorts, 'users'>) {}

  async execute(id: number, activo: boolean, actor: Principal): Promise<User> {
    const { users } = this.ports;
    const user = await users.byId(id);
    if (!user) throw new NotFoundError(`No existe el usuario ${id}.`);
    assertMaySetActive(actor, user, activo);
    if (user.activo !== activo) await users.setActive(id, activo);
    return { ...user, activo };
  }
}
