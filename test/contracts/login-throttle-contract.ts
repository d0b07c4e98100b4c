import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TooManyAttemptsError } from '../../core/domain/errors';
import type { LoginAdmission, LoginAttempt, LoginThrottle } from '../../core/ports/login-throttle';
import type { FixedClock } from '../fakes/fixed-clock';

/** Failed logins allowed per account+address, per account from any address and per address, as the real throttle's settings name them. */
export interface ThrottleLimits {
  perAccount: number;
  perAccountAnyAddress: number;
  perAddress: number;
}

/**
 * What LogIn relies on from a LoginThrottle (core/ports/login-throttle.ts),
 * run against the fake and against the memory adapter: an attempt counts as
 * a failure from the moment it is admitted (so concurrent guesses cannot all
 * pass), guessing one account is stopped per account+address and per
 * account, spraying many accounts from one address is stopped per address,
 * a success forgives only the account's count, a withdrawn attempt does not
 * count. Every run is within one window: the window's length is the
 * adapter's business.
 */
export function loginThrottleContract(name: string, make: (limits: ThrottleLimits) => LoginThrottle): void {
  const limits: ThrottleLimits = { perAccount: 3, perAccountAnyAddress: 7, perAddress: 5 };
  const at = (username: string, address: string): LoginAttempt => ({ username, address });
  const blocked = (err: unknown) =>
    err instanceof TooManyAttemptsError && Number.isInteger(err.retryAfterSeconds) && err.retryAfterSeconds > 0;
  /** n attempts admitted and left as failures (their passwords were wrong). */
  const failTimes = async (t: LoginThrottle, a: LoginAttempt, n: number) => {
    for (let i = 0; i < n; i++) await t.admit(a);
  };

  describe(`LoginThrottle contract: ${name}`, () => {
    it('admits an account from one address up to its limit, then refuses it with a Retry-After in whole seconds', async () => {
      const t = make(limits);
      const guess = at('ana', '10.0.0.1');
      await failTimes(t, guess, limits.perAccount);
      await assert.rejects(t.admit(guess), blocked);
    });

    it('counts an attempt when it is admitted: attempts in flight together get no more than the limit', async () => {
      const t = make(limits);
      const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => t.admit(at('ana', '10.0.0.1'))));
      assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, limits.perAccount);
      assert.ok(outcomes.every((o) => o.status === 'fulfilled' || blocked(o.reason)));
    });

    it('blocks the account only from that address while the account as a whole is under its own limit', async () => {
      const t = make(limits);
      await failTimes(t, at('ana', '10.0.0.1'), limits.perAccount);
      await assert.rejects(t.admit(at('ana', '10.0.0.1')), blocked);
      await t.admit(at('ana', '10.0.0.2'));
    });

    it('bounds the guesses at one account from any number of addresses', async () => {
      const t = make(limits);
      let admitted = 0;
      for (let address = 0; address < 5; address++) {
        for (let i = 0; i < limits.perAccount; i++) {
          try {
            await t.admit(at('ana', `10.0.1.${address}`));
            admitted++;
          } catch (err) {
            assert.ok(blocked(err));
          }
        }
      }
      assert.equal(admitted, limits.perAccountAnyAddress);
      await t.admit(at('luis', '10.0.1.9')); // another account is not affected
    });

    it("keeps one account's failures from blocking another account at the same address while the address is under its limit", async () => {
      const t = make(limits);
      await failTimes(t, at('ana', '10.0.0.1'), limits.perAccount);
      await t.admit(at('luis', '10.0.0.1'));
    });

    it("forgives the account's count on a success", async () => {
      const t = make(limits);
      const a = at('ana', '10.0.0.1');
      await failTimes(t, a, limits.perAccount - 1);
      await (await t.admit(a)).succeeded();
      await failTimes(t, a, limits.perAccount);
      await assert.rejects(t.admit(a), blocked, 'the count starts again after a success, it does not stop counting');
    });

    it('does not count a withdrawn attempt', async () => {
      const t = make(limits);
      const a = at('ana', '10.0.0.1');
      const admissions: LoginAdmission[] = [];
      for (let i = 0; i < limits.perAccount; i++) admissions.push(await t.admit(a));
      for (const admission of admissions) await admission.withdraw();
      await failTimes(t, a, limits.perAccount);
      await assert.rejects(t.admit(a), blocked);
    });

    it('blocks an address that sprays many accounts, even for an account it has not tried, and only that address', async () => {
      const t = make(limits);
      // One failure per account: no account reaches its own limit.
      for (let i = 0; i < limits.perAddress; i++) await t.admit(at(`usuario${i}`, '10.0.0.66'));
      await assert.rejects(t.admit(at('otra.cuenta', '10.0.0.66')), blocked);
      await assert.rejects(t.admit(at('usuario0', '10.0.0.66')), blocked);
      await t.admit(at('otra.cuenta', '10.0.0.7'));
    });

    it("does not clear the address's count on a success, so one valid account cannot launder a spray", async () => {
      const t = make(limits);
      for (let i = 0; i < limits.perAddress - 1; i++) await t.admit(at(`usuario${i}`, '10.0.0.66'));
      await (await t.admit(at('cuenta.propia', '10.0.0.66'))).succeeded();
      await t.admit(at('usuario-mas', '10.0.0.66'));
      await assert.rejects(t.admit(at('cuenta.propia', '10.0.0.66')), blocked);
    });

    it('a refused attempt counts nothing', async () => {
      const t = make(limits);
      for (let i = 0; i < limits.perAddress; i++) await t.admit(at(`usuario${i}`, '10.0.0.66'));
      for (let i = 0; i < 20; i++) await assert.rejects(t.admit(at('ana', '10.0.0.66')), blocked);
      await failTimes(t, at('ana', '10.0.0.8'), limits.perAccount); // ana's own count was not raised by the refusals
    });
  });
}

/**
 * The window of the throttles that keep one (memory, PostgreSQL; the fake has
 * none): failures count for LOGIN_WINDOW_SECONDS on the Clock from the first
 * one, a refusal says how long is left, and after it the count starts again.
 * `make` gives a fresh throttle with these settings and the clock it reads,
 * set to 2026-03-02 09:00 or a later day.
 */
export function loginThrottleWindowContract(
  name: string,
  make: (settings: ThrottleLimits & { windowSeconds: number }) => { throttle: LoginThrottle; clock: FixedClock },
): void {
  describe(`LoginThrottle window: ${name}`, () => {
    it('counts failures within LOGIN_WINDOW_SECONDS from the first one, says how long is left, and forgets them after it', async () => {
      const { throttle: t, clock } = make({ perAccount: 2, perAccountAnyAddress: 10, perAddress: 10, windowSeconds: 600 });
      const a = { username: 'ana', address: '10.0.0.1' };
      await t.admit(a);
      clock.advanceMinutes(4);
      await t.admit(a);
      clock.advanceMinutes(1);
      await assert.rejects(t.admit(a), (err: unknown) => err instanceof TooManyAttemptsError && err.retryAfterSeconds === 300);
      clock.advanceMinutes(5);
      await t.admit(a);
    });
  });
}
