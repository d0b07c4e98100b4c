import type { LoaderClock } from '../../loader/clock';

/**
 * The loader's clock in tests: `now` moves only by the waits asked of it
 * (each recorded in `waits`, in ms, and over at once) or by advance(). With
 * hold(), a wait stays pending until Ctrl-C (its signal aborted), to see one
 * cut short.
 */
export class FakeLoaderClock implements LoaderClock {
  readonly waits: number[] = [];
  private current: number;
  private holding: (() => void) | undefined;

  constructor(now: Date | string = '2026-03-02T09:00:00Z') {
    this.current = new Date(now).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** How many waits were for a Retry-After of `seconds`: that long, up to a quarter more (the client's jitter, api-client.ts waitMs). */
  waitsFor(seconds: number): number {
    return this.waits.filter((ms) => ms >= seconds * 1000 && ms <= seconds * 1250).length;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  /** From now on a wait ends only when its signal is aborted; resolves once one has begun. */
  hold(): Promise<void> {
    return new Promise((begun) => (this.holding = begun));
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.waits.push(ms);
    if (signal?.aborted) return Promise.reject(aborted());
    if (!this.holding) {
      this.current += ms;
      return Promise.resolve();
    }
    this.holding();
    return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(aborted()), { once: true }));
  }
}

const aborted = (): Error => Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
