import { assertMay } from '../domain/access';
import { ValidationError } from '../domain/errors';
import { normalisePassword, passwordProblems } from '../domain/password-policy';
import type { Actor } from '../ports/tokens';
import { invalidFields } from '../domain/field-problems';
import type { AdminDeps } from './admin-use-cases';
import { confirmedAccount } from './confirmed-account';
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
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'hasher' | 'throttle' | 'writes' | 'revokedTokens'>) {}

  async execute(input: ChangeOwnPasswordInput, who: Actor): Promise<void> {
    assertMay(who, 'contrasena.cambiar');
    const { users, hasher, throttle, writes, revokedTokens } = this.ports;
    // Her token first, by the session check's rule: one that a reset (or her other change) ended since the
    // request came in is refused as such (401), before her password is tried and counted against her.
    const user = await confirmedAccount(await users.byId(who.userId), who, who.session, revokedTokens);
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
    // Of two changes (or a change and an admin's reset) at once, the one that commits second is refused by
    // writes.run: the first ended her token. Written only over the hash the current password was checked
    // against all the same, so no other write to it (a login's rehash) is overwritten unseen.
    const hash = await hasher.hash(nueva);
    await writes.run(
      who,
      async () => {
        if (!(await users.replacePassword(user.id, hash, user.passwordHash))) {
          throw ValidationError.field('password_actual', 'La contraseña actual no es correcta: acaba de cambiar.');
        }
      },
      { changesAccount: user.id },
    );
  }
}
