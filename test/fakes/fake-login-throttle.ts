import { TooManyAttemptsError } from '../../core/domain/errors';
import type { LoginAttempt, LoginThrottle } from '../../core/ports/login-throttle';

/**
 * Counts failures per account+address and per address, with no window (a
 * test is shorter than one); blocks when either reaches its limit. A success
 * clears the account's count only, as the real throttle does
 * (test/contracts/login-throttle-contract.ts).
 */
export class FakeLoginThrottle implements LoginThrottle {
  readonly failures = new Map<string, number>();
  readonly failuresByAddress = new Map<string, number>();

  /** perAddress defaults to four times perAccount, production's ratio (5 and 20). */
  constructor(
    private readonly perAccount = 3,
    private readonly perAddress = 4 * perAccount,
  ) {}

  async check(a: LoginAttempt): Promise<void> {
    const overAccount = (this.failures.get(key(a)) ?? 0) >= this.perAccount;
    const overAddress = (this.failuresByAddress.get(a.address) ?? 0) >= this.perAddress;
    if (overAccount || overAddress) throw new TooManyAttemptsError(60);
  }

  async failed(a: LoginAttempt): Promise<void> {
    this.failures.set(key(a), (this.failures.get(key(a)) ?? 0) + 1);
    this.failuresByAddress.set(a.address, (this.failuresByAddress.get(a.address) ?? 0) + 1);
  }

  async succeeded(a: LoginAttempt): Promise<void> {
    this.failures.delete(key(a));
  }
}

const key = (a: LoginAttempt) => `${a.username}|${a.address}`;
