import { assertMay } from '../domain/access';
import { NotFoundError, ValidationError } from '../domain/errors';
import { normalisePassword, passwordProblems } from '../domain/password-policy';
import type { Principal } from '../domain/roles';
import { invalidFields } from '../domain/text';
import type { AdminDeps } from './admin-use-cases';
import { matchingPassword } from './matching-password';

export interface ChangeOwnPasswordInput {
  passwordActual: string;
  passwordNueva: string;
  /** The client's address, for throttling. */
  address: string;
}

/**
 * POST /auth/password: a user replaces their own password, proving the
 * current one. The new one must meet the policy; the current one is a guess
 * like a login's, admitted by the same throttle, so a stolen token cannot try
 * passwords freely. Every token the user holds, this one included, is refused
 * from then on (a new token generation).
 */
export class ChangeOwnPassword {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'hasher' | 'throttle' | 'writes'>) {}

  async execute(input: ChangeOwnPasswordInput, who: Principal): Promise<void> {
    assertMay(who, 'contrasena.cambiar');
    const { users, hasher, throttle, writes } = this.ports;
    const user = await users.byId(who.userId);
    if (!user) throw new NotFoundError('No existe el usuario de esta sesión.');
    const nueva = normalisePassword(input.passwordNueva);
    const problems = passwordProblems(nueva, user.username, 'password_nueva');
    if (problems.length) throw invalidFields(problems);
    const admission = await throttle.admit({ username: user.username, address: input.address });
    let matched: string | undefined;
    try {
      matched = await matchingPassword(hasher, user.passwordHash, input.passwordActual);
    } catch (err) {
      await admission.withdraw();
      throw err;
    }
    if (matched === undefined) throw ValidationError.field('password_actual', 'La contraseña actual no es correcta.');
    await admission.succeeded();
    // Only over the hash the current password was checked against: of two changes (or a change and an
    // admin's reset) at once, the one that commits second proved a password that is no longer there.
    const hash = await hasher.hash(nueva);
    await writes.run(who, async () => {
      if (!(await users.replacePassword(user.id, hash, user.passwordHash))) {
        throw ValidationError.field('password_actual', 'La contraseña actual no es correcta: acaba de cambiar.');
      }
    });
  }
}
