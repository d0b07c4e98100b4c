import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TooManyAttemptsError } from '../../core/domain/errors';
import type { LoginAttempt, LoginThrottle } from '../../core/ports/login-throttle';

/** Failed logins allowed per account+address and per address, as the real throttle's settings name them. */
export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
}

/**
 * What LogIn relies on from a LoginThrottle (core/ports/login-throttle.ts),
 * run against the fake and against the rate-limiter adapter: guessing one
 * account's password is stopped per account+address, spraying many accounts
 * from one address is stopped per address, and a success clears only the
 * account's count. Every run is within one window: the window's length is
 * the adapter's business.
 */
export function loginThrottleContract(name: string, make: (limits: ThrottleLimits) => LoginThrottle): void {
  const limits: ThrottleLimits = { perAccount: 3, perAddress: 5 };
  const at = (username: string, address: string): LoginAttempt => ({ username, address });
  const blocked = (err: unknown) =>
    err instanceof TooManyAttemptsError && Number.isInteger(err.retryAfterSeconds) && err.retryAfterSeconds > 0;
  const failTimes = async (t: LoginThrottle, a: LoginAttempt, n: number) => {
    for (let i = 0; i < n; i++) await t.failed(a);
  };

  describe(`LoginThrottle contract: ${name}`, () => {
    it('lets an account fail up to its limit from one address, then refuses it with a Retry-After in whole seconds', async () => {
      const t = make(limits);
      const guess = at('ana', '10.0.0.1');
      await t.check(guess);
      await failTimes(t, guess, limits.perAccount - 1);
      await t.check(guess);
      await t.failed(guess);
      await assert.rejects(t.check(guess), blocked);
    });

    it('blocks the account only from that address: its owner elsewhere can still log in', async () => {
      const t = make(limits);
      await failTimes(t, at('ana', '10.0.0.1'), limits.perAccount);
      await assert.rejects(t.check(at('ana', '10.0.0.1')), blocked);
      await t.check(at('ana', '10.0.0.2'));
    });

    it("keeps one account's failures from blocking another account at the same address while the address is under its limit", async () => {
      const t = make(limits);
      await failTimes(t, at('ana', '10.0.0.1'), limits.perAccount);
      await t.check(at('luis', '10.0.0.1'));
    });

    it("clears the account's count on a success", async () => {
      const t = make(limits);
      const a = at('ana', '10.0.0.1');
      await failTimes(t, a, limits.perAccount - 1);
      await t.succeeded(a);
      await failTimes(t, a, limits.perAccount - 1);
      await t.check(a);
      await t.failed(a);
      await assert.rejects(t.check(a), blocked, 'the count starts again after a success, it does not stop counting');
    });

    it('blocks an address that sprays many accounts, even for an account it has not tried, and only that address', async () => {
      const t = make(limits);
      // One failure per account: no account reaches its own limit.
      for (let i = 0; i < limits.perAddress; i++) await t.failed(at(`usuario${i}`, '10.0.0.66'));
      await assert.rejects(t.check(at('otra.cuenta', '10.0.0.66')), blocked);
      await assert.rejects(t.check(at('usuario0', '10.0.0.66')), blocked);
      await t.check(at('otra.cuenta', '10.0.0.7'));
    });

    it("does not clear the address's count on a success, so one valid account cannot launder a spray", async () => {
      const t = make(limits);
      for (let i = 0; i < limits.perAddress - 1; i++) await t.failed(at(`usuario${i}`, '10.0.0.66'));
      await t.succeeded(at('cuenta.propia', '10.0.0.66'));
      await t.failed(at('usuario-mas', '10.0.0.66'));
      await assert.rejects(t.check(at('cuenta.propia', '10.0.0.66')), blocked);
    });
  });
}
