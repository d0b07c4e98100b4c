import { DomainError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import type { AdminPorts } from './admin-use-cases';
import { principalOf } from './principal-of';

/**
 * The live side of authentication: the token's user must still exist, be
 * active and have the same role, so deactivating a doctor, patient or user
 * ends their sessions at once. `execute` answers GET /auth/me.
 */
export class DescribeSession {
  constructor(private readonly ports: Pick<AdminPorts, 'users' | 'doctors' | 'patients'>) {}

  async confirm(principal: Principal): Promise<void> {
    const user = this.ports.users.byId(principal.userId);
    if (!user || !user.activo || user.rol !== principal.rol) {
      throw new DomainError('TOKEN_INVALIDO', 'La cuenta de este token ya no está activa; inicie sesión de nuevo.');
    }
  }

  async execute(principal: Principal): Promise<Principal> {
    const user = this.ports.users.byId(principal.userId);
    if (!user || !user.activo) throw new DomainError('TOKEN_INVALIDO', 'La cuenta de este token ya no está activa.');
    return principalOf(user, this.ports.doctors, this.ports.patients);
  }
}
