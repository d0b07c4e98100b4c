import { TooManyAttemptsError } from '../../core/domain/errors';
import type { Clock } from '../../core/ports/clock';
import type { LoginAdmission, LoginAttempt, LoginThrottle } from '../../core/ports/login-throttle';

export interface ThrottleSettings {
  /** Failed logins allowed per account from one address within the window. */
  perAccount: number;
  /** Failed logins allowed per account from all addresses together. */
  perAccountAnyAddress: number;
  /** Failed logins allowed per address (any account) within the window. */
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_THROTTLE: ThrottleSettings = { perAccount: 5, perAccountAnyAddress: 20, perAddress: 20, windowSeconds: 15 * 60 };

/** Past this many keys, expired windows are swept; if that many are still live, the oldest are forgotten (memory stays bounded). */
const SWEEP_AT = 50_000;

interface Window {
  count: number;
  endsAtMs: number;
}

/**
 * Failed-login counters in this process's memory, in fixed windows on the
 * Clock (docs/adr/0009-login-abuse-limits.md). The three limits
 * are checked and counted in one synchronous step, so an attempt is a
 * failure from the moment it is admitted: N concurrent guesses get at most
 * the limit's worth of password checks. Per account+address stops guessing
 * one password from one place without locking its owner out elsewhere; per
 * account bounds the guesses an attacker gets by adding addresses; per
 * address stops spraying many accounts. A success forgives the account's
 * failures only: the address keeps its count, so one valid account cannot
 * launder a spray. One process per admin database (several replicas would
 * need a shared store).
 */
export class MemoryLoginThrottle implements LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly clock: Clock,
  ) {}

  async admit(a: LoginAttempt): Promise<LoginAdmission> {
    const now = this.clock.now().getTime();
    const counters = [
      { key: `cuenta+dirección|${a.username}|${a.address}`, limit: this.settings.perAccount },
      { key: `cuenta|${a.username}`, limit: this.settings.perAccountAnyAddress },
      { key: `dirección|${a.address}`, limit: this.settings.perAddress },
    ].map((c) => ({ ...c, window: this.current(c.key, now) }));
    const full = counters.filter((c) => c.window.count >= c.limit);
    if (full.length > 0) {
      throw new TooManyAttemptsError(Math.max(...full.map((c) => Math.max(1, Math.ceil((c.window.endsAtMs - now) / 1000)))));
    }
    for (const c of counters) {
      c.window.count++;
      this.windows.set(c.key, c.window);
    }
    const [accountAddress, account, address] = counters;
    const takeBack = (c: (typeof counters)[number]) => {
      if (this.windows.get(c.key) === c.window) c.window.count = Math.max(0, c.window.count - 1);
    };
    return {
      succeeded: async () => {
        for (const c of [accountAddress, account]) if (this.windows.get(c.key) === c.window) this.windows.delete(c.key);
        takeBack(address);
      },
      withdraw: async () => counters.forEach(takeBack),
    };
  }

  /** The key's window now: the stored one while it lasts, else a new empty one (not stored until counted). */
  private current(key: string, now: number): Window {
    const stored = this.windows.get(key);
    if (stored && stored.endsAtMs > now) return stored;
    if (stored) this.windows.delete(key);
    if (this.windows.size >= SWEEP_AT) this.sweep(now);
    return { count: 0, endsAtMs: now + this.settings.windowSeconds * 1000 };
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.endsAtMs <= now) this.windows.delete(key);
    // Still full of live windows (an attack from very many addresses): forget the oldest rather than grow without bound.
    for (const key of this.windows.keys()) {
      if (this.windows.size < SWEEP_AT) break;
      this.windows.delete(key);
    }
  }
}
