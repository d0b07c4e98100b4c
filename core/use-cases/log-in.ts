import { DomainError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import { normaliseUsername } from '../domain/user';
import type { AdminPorts } from './admin-use-cases';
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
 * Failures are counted per account and per address; a success resets the
 * account's count and upgrades a hash made with old parameters.
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
    await throttle.check(attempt);
    const user = users.byUsername(attempt.username);
    const hash = user?.passwordHash ?? (await this.dummyHash);
    const matches = await hasher.verify(hash, input.password);
    if (!user || !matches || !user.activo) {
      await throttle.failed(attempt);
      throw new DomainError('CREDENCIALES_INVALIDAS', 'Usuario o contraseña incorrectos.');
    }
    await throttle.succeeded(attempt);
    if (hasher.needsRehash(user.passwordHash)) {
      users.setPasswordHash(user.id, await hasher.hash(input.password));
    }
    const principal = principalOf(user, doctors, patients);
    const issued = await tokens.issue(principal);
    return { token: issued.token, expiresInSeconds: issued.expiresInSeconds, user: principal };
  }
}
