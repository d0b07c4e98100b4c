import type { Clock } from '../../core/ports/clock';

/**
 * How long an instance that failed a request is passed over. Long enough
 * that requests stop paying for it while it is down or frozen (citas
 * restarting takes seconds), short enough that it is back in turn soon after
 * it is.
 */
export const PASS_OVER_MS = 5000;

/**
 * How one try of an instance ended, as Upstream saw it (what may be sent
 * again is Upstream's rule, connectionNeverMade; this is only about turns):
 *
 * - `answered`: a whole answer came, whatever its status. A 500 is citas
 *   answering (a bug met by one request), and a 503 with the shared database
 *   down is what the other instance would answer too: neither says this
 *   instance is gone.
 * - `unreachable`: no connection could be made (refused, unknown name,
 *   unreachable, a connect past API_CONNECT_TIMEOUT_MS).
 * - `unanswered`: connected, but no whole answer: API_TIMEOUT_MS ran out (a
 *   frozen process: docker pause leaves its kernel accepting), or the
 *   connection dropped once the request was on its way. A healthy instance
 *   does neither; the drops met are a process killed, crashing or closing
 *   its connections on shutdown, whose next connects are refused anyway. The
 *   benign one, a kept-alive socket the instance closed as a request went
 *   out, undici avoids by retiring idle sockets before the instance's
 *   Keep-Alive timeout. Passing over a healthy one by mistake costs little:
 *   last for a few seconds, not out.
 */
export type TryOutcome = 'answered' | 'unreachable' | 'unanswered';

/**
 * The order in which one service's instances are tried (CITAS_URL=a,b):
 * each request starts one further along (round robin), and an instance whose
 * last try was not answered (unreachable or unanswered) within PASS_OVER_MS
 * goes last rather than first: passive health checking, as a load balancer
 * does. Last, not out: with every instance passed over, they are still all
 * tried in turn, so the first one back answers at once.
 *
 * When its time is over, a failed instance gets one request to prove itself
 * (a circuit breaker's half-open state): the others keep passing it over
 * until that one says how it went, since a frozen instance keeps each request
 * turned to it for all of API_TIMEOUT_MS, and with several receptionists
 * every one of them would meet it once more.
 */
export class InstanceRotation {
  private next = 0;
  /** When each instance last failed a try (Clock time, ms). */
  private readonly failedAt = new Map<string, number>();

  constructor(
    readonly urls: readonly string[],
    private readonly clock: Clock,
  ) {}

  /** The instances to try for one request, in order; the caller always tries the first (a trial counts on it). */
  order(): string[] {
    const start = this.next;
    this.next = (this.next + 1) % this.urls.length;
    const turn = [...this.urls.slice(start), ...this.urls.slice(0, start)];
    const now = this.clock.now().getTime();
    const passedOver = (url: string) => now - (this.failedAt.get(url) ?? -Infinity) < PASS_OVER_MS;
    const order = [...turn.filter((u) => !passedOver(u)), ...turn.filter(passedOver)];
    // The first is always tried, so its record() ends the trial: answered, back in turn; anything else, passed over anew.
    if (this.failedAt.has(order[0])) this.failedAt.set(order[0], now);
    return order;
  }

  /** How a try of `url` ended: answered puts it back in turn, anything else passes it over. */
  record(url: string, outcome: TryOutcome): void {
    if (outcome === 'answered') this.failedAt.delete(url);
    else this.failedAt.set(url, this.clock.now().getTime());
  }
}
