import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { TooManyAttemptsError } from '../../core/domain/errors';
import type { LoginAttempt, LoginThrottle } from '../../core/ports/login-throttle';

export interface ThrottleSettings {
  /** Failed logins allowed per account and address within the window. */
  perAccount: number;
  /** Failed logins allowed per address (any account) within the window. */
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = { perAccount: 5, perAddress: 20, windowSeconds: 15 * 60 };

/**
 * Failed-login counters in process memory (rate-limiter-flexible). Per
 * account+address stops guessing one password; per address stops spraying
 * many accounts. A success clears the account's counter only: the address
 * counter keeps counting, so one valid account cannot launder a spray.
 * Memory is enough for one admin process; several replicas would need a
 * shared store (the same library offers Redis).
 */
export class RateLimiterLoginThrottle implements LoginThrottle {
  private readonly byAccount: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(private readonly settings: ThrottleSettings = DEFAULT_THROTTLE) {
    this.byAccount = new RateLimiterMemory({ keyPrefix: 'login-account', points: settings.perAccount, duration: settings.windowSeconds });
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: settings.perAddress, duration: settings.windowSeconds });
  }

  async check(a: LoginAttempt): Promise<void> {
    const [account, address] = await Promise.all([this.byAccount.get(accountKey(a)), this.byAddress.get(a.address)]);
    const waits = [blockedFor(account, this.settings.perAccount), blockedFor(address, this.settings.perAddress)].filter((s) => s > 0);
    if (waits.length) throw new TooManyAttemptsError(Math.max(...waits));
  }

  async failed(a: LoginAttempt): Promise<void> {
    await Promise.all([this.byAccount.penalty(accountKey(a)), this.byAddress.penalty(a.address)]);
  }

  async succeeded(a: LoginAttempt): Promise<void> {
    await this.byAccount.delete(accountKey(a));
  }
}

function accountKey(a: LoginAttempt): string {
  return `${a.username}|${a.address}`;
}

/** Seconds until the counter allows another attempt, 0 when it already does. */
function blockedFor(res: RateLimiterRes | null, limit: number): number {
  if (!res || res.consumedPoints < limit) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}
