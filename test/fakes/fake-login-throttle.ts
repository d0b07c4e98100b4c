import { TooManyAttemptsError } from '../../core/domain/errors';
import type { LoginAdmission, LoginAttempt, LoginThrottle } from '../../core/ports/login-throttle';

/**
 * Counts failures per account+address, per account and per address, with no
 * window (a test is shorter than one); an attempt counts from the moment it
 * is admitted, a success forgives the account's count only, a withdrawal
 * takes the attempt back, as the real throttle does
 * (test/contracts/login-throttle-contract.ts).
 */
export class FakeLoginThrottle implements LoginThrottle {
  readonly counts = new Map<string, number>();

  /** perAddress and perAccountAnyAddress default to four times perAccount, production's ratio (5 and 20). */
  constructor(
    private readonly perAccount = 3,
    private readonly perAddress = 4 * perAccount,
    private readonly perAccountAnyAddress = 4 * perAccount,
  ) {}

  async admit(a: LoginAttempt): Promise<LoginAdmission> {
    const keys: [string, number][] = [
      [`${a.username}|${a.address}`, this.perAccount],
      [`cuenta ${a.username}`, this.perAccountAnyAddress],
      [`dirección ${a.address}`, this.perAddress],
    ];
    if (keys.some(([k, limit]) => this.count(k) >= limit)) throw new TooManyAttemptsError(60);
    for (const [k] of keys) this.counts.set(k, this.count(k) + 1);
    const takeBack = (k: string) => this.counts.set(k, Math.max(0, this.count(k) - 1));
    return {
      succeeded: async () => {
        this.counts.delete(keys[0][0]);
        this.counts.delete(keys[1][0]);
        takeBack(keys[2][0]);
      },
      withdraw: async () => keys.forEach(([k]) => takeBack(k)),
    };
  }

  private count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
}
