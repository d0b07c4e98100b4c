import type { Clock } from '../../core/ports/clock';

/** A clock that only moves when the test says so. */
export class FixedClock implements Clock {
  private current: number;

  constructor(now: Date | string = '2026-03-02T09:00:00Z') {
    this.current = new Date(now).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(now: Date | string): void {
    this.current = new Date(now).getTime();
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }

  /** For periods shorter than a minute (a circuit breaker's half-open delay). */
  advanceMs(ms: number): void {
    this.current += ms;
  }
}
