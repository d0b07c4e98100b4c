import { DomainError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import { assertAccountActs, type User } from '../domain/user';
import type { RevokedTokens } from '../ports/revoked-tokens';
import type { TokenSession } from '../ports/tokens';

/**
 * The one rule of whether a token still speaks for its account: the account
 * (`user`, as the caller read it) exists, is active and has the token's role
 * (assertAccountActs), the token is of the account's current generation (a
 * password change, a reset or a deactivation moves it on) and it was not
 * logged out. 401 TOKEN_INVALIDO otherwise; the account when it does.
 *
 * Asked by the session check of every request (describe-session.ts), and
 * again by every admin write inside the unit of work that writes
 * (admin-writes.ts), where whatever ended the token since the request came
 * in is seen; the caller chooses how to read the account (in a unit of
 * work, with a lock).
 */
export async function confirmedAccount(
  user: User | undefined,
  principal: Principal,
  session: Pick<TokenSession, 'id' | 'generation'>,
  revokedTokens: RevokedTokens,
): Promise<User> {
  assertAccountActs(user, principal);
  if (user.tokenGeneration !== session.generation || (await revokedTokens.isRevoked(session.id))) {
    throw new DomainError('TOKEN_INVALIDO', 'Esta sesión se cerró o la contraseña cambió; inicie sesión de nuevo.');
  }
  return user;
}
