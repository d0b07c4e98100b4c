import { TooManyAttemptsError } from '../../core/domain/errors';
import type { LoginAttempt, LoginThrottle } from '../../core/ports/login-throttle';

/** Counts failures per account+address; blocks at `limit`. */
export class FakeLoginThrottle implements LoginThrottle {
  readonly failures = new Map<string, number>();

  constructor(private readonly limit = 3) {}

  async check(a: LoginAttempt): Promise<void> {
    if ((this.failures.get(key(a)) ?? 0) >= this.limit) throw new TooManyAttemptsError(60);
  }

  async failed(a: LoginAttempt): Promise<void> {
    this.failures.set(key(a), (this.failures.get(key(a)) ?? 0) + 1);
  }

  async succeeded(a: LoginAttempt): Promise<void> {
    this.failures.delete(key(a));
  }
}

const key = (a: LoginAttempt) => `${a.username}|${a.address}`;
