import type { Clock } from '../../core/ports/clock';

/** The machine's clock: the only place the citas service reads the real time for its rules. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}
