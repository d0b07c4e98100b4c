import type { Clock } from '../../core/ports/clock';

/** The breaker's state in the words of the log lines and of GET /metrics. */
export type BreakerState = 'abierto' | 'semiabierto' | 'cerrado';

/** Thrown instead of running the call: the breaker is open, or its one trial call is under way. */
export class BrokenCircuitError extends Error {
  constructor() {
    super('circuito abierto');
    this.name = 'BrokenCircuitError';
  }
}

export interface CircuitBreakerOptions {
  /** Consecutive failed calls that open the breaker. */
  threshold: number;
  /** How long, on `clock`, the breaker stays open before it lets one trial call through. */
  halfOpenAfterMs: number;
  /** Whether an error a call threw means the dependency failed; any other error is an answer from it. */
  isFailure: (err: unknown) => boolean;
  /** Told on every change of state. */
  onStateChange?: (state: BreakerState) => void;
}

/**
 * A consecutive-failures circuit breaker that reads the time from the Clock
 * port. It stands in for cockatiel's, which reads Date.now() and has no clock
 * option, so its half-open delay could only be waited out, never set by a test.
 * - closed: calls run; `threshold` failures in a row open it;
 * - open: every call fails fast with BrokenCircuitError, the dependency is not
 *   reached, until `halfOpenAfterMs` has passed on the clock since it opened;
 * - half-open: the first call after that is the one trial; calls arriving while
 *   it runs still fail fast (nothing piles up on a dependency that may still be
 *   down). Success closes it; failure opens it again for a full period.
 * The move to half-open happens when a call arrives, not on a timer, so an
 * idle breaker stays "abierto" in the metrics until someone asks.
 */
export class CircuitBreaker {
  private current: BreakerState = 'cerrado';
  private failures = 0;
  private openedAt = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: CircuitBreakerOptions,
  ) {}

  get state(): BreakerState {
    return this.current;
  }

  async execute<T>(call: () => Promise<T>): Promise<T> {
    if (this.current === 'semiabierto') throw new BrokenCircuitError();
    const trial = this.current === 'abierto';
    if (trial) {
      if (this.clock.now().getTime() - this.openedAt < this.options.halfOpenAfterMs) throw new BrokenCircuitError();
      this.moveTo('semiabierto');
    }
    let result: T;
    try {
      result = await call();
    } catch (err) {
      if (this.options.isFailure(err)) this.failed(trial);
      else this.answered(trial);
      throw err;
    }
    this.answered(trial);
    return result;
  }

  /**
   * A call started while closed that ends after the breaker opened (or while a
   * trial runs) changes nothing but the count: only the trial decides.
   */
  private failed(trial: boolean): void {
    if (trial) this.open();
    else if (this.current === 'cerrado' && ++this.failures >= this.options.threshold) this.open();
  }

  private answered(trial: boolean): void {
    this.failures = 0;
    if (trial) this.moveTo('cerrado');
  }

  private open(): void {
    this.openedAt = this.clock.now().getTime();
    this.moveTo('abierto');
  }

  private moveTo(state: BreakerState): void {
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
