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

/** One request on its way to one instance: from begin() until record() says how it ended. */
export interface InstanceTry {
  readonly url: string;
  /** When it was sent (Clock time, ms). */
  readonly sentAt: number;
}

/**
 * The order in which one service's instances are tried (CITAS_URL=a,b):
 * each request starts one further along (round robin), and an instance with
 * evidence against it goes last rather than first: passive health checking,
 * as a load balancer does. Last, not out: with every instance passed over,
 * they are still all tried in turn, so the first one back answers at once and
 * no request that might succeed is refused. Two kinds of evidence, the
 * stronger going further back:
 *
 * - its last try was not answered (unreachable or unanswered) within
 *   PASS_OVER_MS: it failed;
 * - a try of it has been on its way longer than `stuckAfterMs` (the connect
 *   deadline) with no answer yet: it looks stuck. A frozen instance (docker
 *   pause) keeps each request for all of API_TIMEOUT_MS before it fails, and
 *   until one has, every receptionist turned to it would wait that long too;
 *   citas answers in milliseconds, so a request held that long is the sign.
 *   A slow but alive instance is passed over too while it holds one, which
 *   costs nothing while the other answers. Only new requests are turned away:
 *   the one held stays where it was sent (it may have been applied), and when
 *   it ends the instance is back in turn, or failed.
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
  /** Tries begun and not yet recorded. */
  private readonly onTheirWay = new Set<InstanceTry>();

  constructor(
    readonly urls: readonly string[],
    private readonly clock: Clock,
    /** How long a try may go unanswered before its instance looks stuck. */
    private readonly stuckAfterMs: number,
  ) {}

  /** The instances to try for one request, in order; the caller always tries the first (a trial counts on it). */
  order(): string[] {
    const start = this.next;
    this.next = (this.next + 1) % this.urls.length;
    const turn = [...this.urls.slice(start), ...this.urls.slice(0, start)];
    const now = this.clock.now().getTime();
    const failed = (url: string) => now - (this.failedAt.get(url) ?? -Infinity) < PASS_OVER_MS;
    const stuck = new Set([...this.onTheirWay].filter((t) => now - t.sentAt > this.stuckAfterMs).map((t) => t.url));
    const standing = (url: string) => (failed(url) ? 2 : stuck.has(url) ? 1 : 0);
    const order = [0, 1, 2].flatMap((rank) => turn.filter((u) => standing(u) === rank));
    // The first is always tried, so its record() ends the trial: answered, back in turn; anything else, passed over anew.
    if (this.failedAt.has(order[0])) this.failedAt.set(order[0], now);
    return order;
  }

  /** A try of `url` begins now; record() must end it, however it goes. */
  begin(url: string): InstanceTry {
    const t = { url, sentAt: this.clock.now().getTime() };
    this.onTheirWay.add(t);
    return t;
  }

  /** How a try ended: answered puts its instance back in turn, anything else passes it over. */
  record(t: InstanceTry, outcome: TryOutcome): void {
    this.onTheirWay.delete(t);
    if (outcome === 'answered') this.failedAt.delete(t.url);
    else this.failedAt.set(t.url, this.clock.now().getTime());
  }
}
