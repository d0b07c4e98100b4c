import { ValidationError } from '../domain/errors';
import { DIRECT_USER_ROLES, type DirectUserRol, type User } from '../domain/user';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Users } from '../ports/users';
import { type Credentials, prepareAccount } from './new-account';

export interface CreateUserInput extends Credentials {
  rol: DirectUserRol;
}

/** An admin or secretaria account; medico and paciente accounts come with their doctor or patient record. */
export class CreateUser {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
  ) {}

  async execute(input: CreateUserInput): Promise<User> {
    if (!(DIRECT_USER_ROLES as readonly string[]).includes(input.rol)) {
      throw ValidationError.field('rol', 'Solo se crean aquí usuarios admin o secretaria; los médicos y pacientes se crean con su ficha.');
    }
    const account = await prepareAccount(this.users, this.hasher, input, input.rol, true);
    return this.users.add(account);
  }
}
