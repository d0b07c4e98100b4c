import { DomainError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import { normaliseUsername } from '../domain/user';
import type { Doctors } from '../ports/doctors';
import type { LoginThrottle } from '../ports/login-throttle';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Patients } from '../ports/patients';
import type { TokenIssuer } from '../ports/tokens';
import type { Users } from '../ports/users';
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

  constructor(
    private readonly users: Users,
    private readonly doctors: Doctors,
    private readonly patients: Patients,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly throttle: LoginThrottle,
  ) {
    this.dummyHash = hasher.hash('odontocare-no-such-user-1');
  }

  async execute(input: LogInInput): Promise<Session> {
    const attempt = { username: normaliseUsername(input.username), address: input.address };
    await this.throttle.check(attempt);
    const user = this.users.byUsername(attempt.username);
    const hash = user?.passwordHash ?? (await this.dummyHash);
    const matches = await this.hasher.verify(hash, input.password);
    if (!user || !matches || !user.activo) {
      await this.throttle.failed(attempt);
      throw new DomainError('CREDENCIALES_INVALIDAS', 'Usuario o contraseña incorrectos.');
    }
    await this.throttle.succeeded(attempt);
    if (this.hasher.needsRehash(user.passwordHash)) {
      this.users.setPasswordHash(user.id, await this.hasher.hash(input.password));
    }
    const principal = principalOf(user, this.doctors, this.patients);
    const issued = await this.tokens.issue(principal);
    return { token: issued.token, expiresInSeconds: issued.expiresInSeconds, user: principal };
  }
}
