import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TooManyAttemptsError } from '../../core/domain/errors';
import { DEFAULT_THROTTLE, MemoryLoginThrottle } from '../../adapters/security/login-throttle';
import { loginThrottleContract } from '../contracts/login-throttle-contract';
import { FixedClock } from '../fakes/fixed-clock';

loginThrottleContract('MemoryLoginThrottle', (limits) => new MemoryLoginThrottle({ ...DEFAULT_THROTTLE, ...limits }, new FixedClock()));

describe('MemoryLoginThrottle windows', () => {
  it('counts failures within LOGIN_WINDOW_SECONDS from the first one, says how long is left, and forgets them after it', async () => {
    const clock = new FixedClock('2026-03-02T09:00:00Z');
    const t = new MemoryLoginThrottle({ perAccount: 2, perAccountAnyAddress: 10, perAddress: 10, windowSeconds: 600 }, clock);
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
