import { assertMay } from '../domain/access';
import { userNotFound } from '../domain/user';
import { normalisePassword, passwordProblems } from '../domain/password-policy';
import type { Actor } from '../ports/tokens';
import { invalidFields } from '../domain/field-problems';
import type { AdminDeps } from './admin-use-cases';

/**
 * POST /admin/usuario/{id}/password: an admin sets a new password for any
 * account (a forgotten one, or one that leaked). The new one must meet the
 * policy; every token of that user is refused from then on.
 */
export class ResetPassword {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'hasher' | 'writes'>) {}

  async execute(id: number, passwordNueva: string, actor: Actor): Promise<void> {
    assertMay(actor, 'contrasenas.restablecer');
    const { users, hasher, writes } = this.ports;
    const user = await users.byId(id);
    if (!user) throw userNotFound(id);
    const nueva = normalisePassword(passwordNueva);
    const problems = passwordProblems(nueva, user.username, 'password_nueva');
    if (problems.length) throw invalidFields(problems);
    const hash = await hasher.hash(nueva);
    await writes.run(actor, () => users.replacePassword(id, hash), { changesAccount: id });
  }
}
