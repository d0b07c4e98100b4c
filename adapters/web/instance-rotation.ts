import type { Clock } from '../../core/ports/clock';

/**
 * How long an instance that could not be connected to is passed over. Long
 * enough that requests stop paying a failed connect first while it is down
 * (citas restarting takes seconds), short enough that it is back in turn soon
 * after it is.
 */
export const REFUSED_SKIP_MS = 5000;

/**
 * The order in which one service's instances are tried (CITAS_URL=a,b):
 * each request starts one further along (round robin), and an instance that
 * recently could not be connected to goes last rather than first. Last, not
 * out: with every instance passed over, they are still all tried, so the
 * first one back answers at once.
 */
export class InstanceRotation {
  private next = 0;
  /** When each instance last could not be connected to (Clock time, ms). */
  private readonly unreachableAt = new Map<string, number>();

  constructor(
    readonly urls: readonly string[],
    private readonly clock: Clock,
  ) {}

  /** The instances to try for one request, in order. */
  order(): string[] {
    const start = this.next;
    this.next = (this.next + 1) % this.urls.length;
    const turn = [...this.urls.slice(start), ...this.urls.slice(0, start)];
    const now = this.clock.now().getTime();
    const passedOver = (url: string) => now - (this.unreachableAt.get(url) ?? -Infinity) < REFUSED_SKIP_MS;
    return [...turn.filter((u) => !passedOver(u)), ...turn.filter(passedOver)];
  }

  /** No connection to it could be made (connectionNeverMade). */
  unreachable(url: string): void {
    this.unreachableAt.set(url, this.clock.now().getTime());
  }

  /** It was connected to: back in turn. */
  reached(url: string): void {
    this.unreachableAt.delete(url);
  }
}
