import { DomainError } from '../domain/errors';
import { normalisePassword } from '../domain/password-policy';
import type { Principal } from '../domain/roles';
import { normaliseUsername } from '../domain/user';
import type { AdminPorts } from './admin-use-cases';
import { matchingPassword } from './matching-password';
import { principalOf } from './principal-of';

export interface LogInInput {
  username: string;
  password: string;
  /** The client's address, for throttling. */
  address: string;
}

export interface Session {
  token: string;
  expiresInSeconds: number;
  user: Principal;
}

/**
 * Unknown user, wrong password and inactive account get the same answer
 * (CREDENCIALES_INVALIDAS) after the same work: an unknown user is verified
 * against a dummy hash, so timing does not tell which usernames exist.
 * Every attempt is admitted by the throttle, which counts it as a failure
 * until the password proves right; a success forgives the account's
 * failures and upgrades a hash made with old parameters. Passwords are
 * compared after NFC normalization (core/domain/password-policy.ts).
 */
export class LogIn {
  /** Made once, up front, so even the first unknown-user login costs one verify like any other. */
  private readonly dummyHash: Promise<string>;

  constructor(private readonly ports: Pick<AdminPorts, 'users' | 'doctors' | 'patients' | 'hasher' | 'tokens' | 'throttle'>) {
    this.dummyHash = ports.hasher.hash('odontocare-no-such-user-1');
  }

  async execute(input: LogInInput): Promise<Session> {
    const { users, doctors, patients, hasher, tokens, throttle } = this.ports;
    const attempt = { username: normaliseUsername(input.username), address: input.address };
    // Counted as a failure from here on: guesses arriving together cannot all be checked.
    const admission = await throttle.admit(attempt);
    const user = await users.byUsername(attempt.username);
    const password = normalisePassword(input.password);
    let matched: string | undefined;
    try {
      matched = await matchingPassword(hasher, user?.passwordHash ?? (await this.dummyHash), input.password);
    } catch (err) {
      await admission.withdraw(); // never checked (the hasher was too busy): not a failure
      throw err;
    }
    if (!user || matched === undefined || !user.activo) throw new DomainError('CREDENCIALES_INVALIDAS', 'Usuario o contraseña incorrectos.');
    await admission.succeeded();
    if (matched !== password || hasher.needsRehash(user.passwordHash)) {
      // Only over the hash just checked: a password replaced meanwhile must not get the old one back.
      const upgraded = await users.setPasswordHash(user.id, await hasher.hash(password), user.passwordHash);
      // Not written: another login upgraded this same password (carry on), or the password was replaced
      // (a new token generation): this password is no longer the account's, and a token would be refused.
      if (!upgraded && (await users.byId(user.id))?.tokenGeneration !== user.tokenGeneration) {
        throw new DomainError('CREDENCIALES_INVALIDAS', 'Usuario o contraseña incorrectos.');
      }
    }
    const principal = await principalOf(user, doctors, patients);
    const issued = await tokens.issue(principal, user.tokenGeneration);
    return { token: issued.token, expiresInSeconds: issued.expiresInSeconds, user: principal };
  }
}
