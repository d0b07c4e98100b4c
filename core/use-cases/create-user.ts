import { ValidationError } from '../domain/errors';
import { assertMay } from '../domain/access';
import type { Actor } from '../ports/tokens';
import { DIRECT_USER_ROLES, type DirectUserRol, type User } from '../domain/user';
import type { AdminDeps } from './admin-use-cases';
import { type Credentials, prepareAccount } from './new-account';

export interface CreateUserInput extends Credentials {
  rol: DirectUserRol;
}

/** An admin or secretaria account; medico and paciente accounts come with their doctor or patient record. */
export class CreateUser {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'hasher' | 'writes'>) {}

  async execute(input: CreateUserInput, who: Actor): Promise<User> {
    assertMay(who, 'usuarios.gestionar');
    if (!(DIRECT_USER_ROLES as readonly string[]).includes(input.rol)) {
      throw ValidationError.field('rol', 'Solo se crean aquí usuarios admin o secretaria; los médicos y pacientes se crean con su ficha.');
    }
    const { users, hasher, writes } = this.ports;
    const account = await prepareAccount(users, hasher, input, input.rol, true);
    return writes.run(who, () => users.add(account));
  }
}
