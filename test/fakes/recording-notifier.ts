import type { Notification, Notifier } from '../../core/ports/notifier';

/**
 * A Notifier that records what it delivered. `failWith` makes deliveries
 * fail (all, or those the predicate picks); `gate` holds every delivery until
 * the test opens it.
 */
export class RecordingNotifier implements Notifier {
  readonly delivered: Notification[] = [];
  readonly attempts: Notification[] = [];
  failWith?: (n: Notification) => Error | undefined | Promise<Error | undefined>;
  private gate?: { promise: Promise<void>; open: () => void };
  /** Resolves when a delivery is waiting at the gate. */
  private waiting?: () => void;

  async deliver(n: Notification): Promise<void> {
    this.attempts.push(n);
    if (this.gate) {
      this.waiting?.();
      await this.gate.promise;
    }
    const err = await this.failWith?.(n);
    if (err) throw err;
    this.delivered.push(n);
  }

  /** From now on deliveries wait until the returned function is called; `arrived` resolves once one is waiting. */
  hold(): { open: () => void; arrived: Promise<void> } {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
    const arrived = new Promise<void>((resolve) => (this.waiting = resolve));
    return {
      arrived,
      open: () => {
        this.gate = undefined;
        open();
      },
    };
  }

  ids(): number[] {
    return this.delivered.map((n) => n.id);
  }
}
