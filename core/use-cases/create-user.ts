import { assertMay } from '../domain/access';
import type { Actor } from '../ports/tokens';
import { directUserRolProblems, type DirectUserRol, type User } from '../domain/user';
import type { AdminDeps } from './admin-use-cases';
import { assertNewAccount, type Credentials, prepareAccount } from './new-account';

export interface CreateUserInput extends Credentials {
  /** admin or secretaria; anything else is refused with the account's own problems. */
  rol: string;
}

/** Every content problem of a new admin or secretaria account, of the fields present (the HTTP edge asks it too). */
export function assertNewUser(input: Partial<CreateUserInput>): void {
  assertNewAccount(input, input.rol === undefined ? [] : directUserRolProblems(input.rol));
}

/** An admin or secretaria account; medico and paciente accounts come with their doctor or patient record. */
export class CreateUser {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'hasher' | 'writes'>) {}

  async execute(input: CreateUserInput, who: Actor): Promise<User> {
    assertMay(who, 'usuarios.gestionar');
    // A rol outside the list is one of the problems assertNewUser refuses with, so the account is never made with it.
    assertNewUser(input);
    const { users, hasher, writes } = this.ports;
    const account = await prepareAccount(users, hasher, input, input.rol as DirectUserRol, true);
    return writes.run(who, () => users.add(account));
  }
}
