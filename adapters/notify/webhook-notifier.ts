import { ExponentialBackoff, handleWhen, retry, timeout, TimeoutStrategy, wrap } from 'cockatiel';
import fetch from 'node-fetch';
import { type Notification, NotificationWithdrawnError, type Notifier } from '../../core/ports/notifier';
import { notificationBody } from './notification-body';

export interface WebhookNotifierOptions {
  url: string;
  /** Per request. */
  timeoutMs?: number;
  /** Requests per delivery (the first included) before giving up until the worker's next round. */
  maxAttempts?: number;
  /** First backoff delay; doubles on each retry (with jitter), capped by maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** The clinic's zone: times in the notice are written with its offset. */
  timeZone?: string;
}

/** The receiver answered, but not with a 2xx. */
export class WebhookRejectedError extends Error {
  constructor(readonly status: number) {
    super(`el webhook respondió ${status}`);
    this.name = 'WebhookRejectedError';
  }

  /** Worth another request right away: the receiver is overloaded or failing, not refusing this body. */
  get transient(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

/** The receiver could not be reached (refused, reset, timed out). The message names no URL: it may hold a secret. */
export class WebhookUnreachableError extends Error {
  constructor(cause: unknown) {
    const code = (cause as { code?: unknown })?.code;
    const name = cause instanceof Error ? cause.name : typeof cause;
    super(`no se pudo contactar con el webhook (${typeof code === 'string' ? code : name})`);
    this.name = 'WebhookUnreachableError';
  }
}

/**
 * POSTs each notification as JSON to NOTIFY_WEBHOOK_URL. Succeeds only on a
 * 2xx. Within one delivery it retries network errors, timeouts and 5xx/408/429
 * with exponential backoff (cockatiel); a failure after the last attempt
 * rejects, and the worker schedules the message again later. Before each
 * request it asks `stillWanted()`, so a reminder whose cita is cancelled
 * while the receiver is failing is not sent by a later retry. The
 * Idempotency-Key header lets the receiver drop the repeats that
 * at-least-once delivery implies.
 */
export class WebhookNotifier implements Notifier {
  private readonly policy;
  private readonly url: string;
  private readonly timeZone: string | undefined;

  constructor(opts: WebhookNotifierOptions) {
    this.url = new URL(opts.url).toString(); // fails at start-up, not at the first reminder
    this.timeZone = opts.timeZone;
    const perRequest = timeout(opts.timeoutMs ?? 5_000, TimeoutStrategy.Aggressive);
    const retries = retry(
      handleWhen((err) => !(err instanceof NotificationWithdrawnError) && (!(err instanceof WebhookRejectedError) || err.transient)),
      {
        maxAttempts: Math.max(0, (opts.maxAttempts ?? 3) - 1),
        backoff: new ExponentialBackoff({ initialDelay: opts.initialDelayMs ?? 250, maxDelay: opts.maxDelayMs ?? 4_000 }),
      },
    );
    this.policy = wrap(retries, perRequest);
  }

  async deliver(n: Notification): Promise<void> {
    const body = JSON.stringify(notificationBody(n, this.timeZone));
    try {
      await this.send(n, body);
    } catch (err) {
      if (err instanceof WebhookRejectedError || err instanceof NotificationWithdrawnError) throw err;
      throw new WebhookUnreachableError(err);
    }
  }

  private async send(n: Notification, body: string): Promise<void> {
    await this.policy.execute(async ({ signal }) => {
      if (n.stillWanted && !(await n.stillWanted())) throw new NotificationWithdrawnError();
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `odontocare-notificacion-${n.id}`,
          'user-agent': 'odontocare-citas',
        },
        body,
        signal,
        redirect: 'error',
      });
      await res.arrayBuffer().catch(() => undefined); // free the socket
      if (res.status < 200 || res.status >= 300) throw new WebhookRejectedError(res.status);
    });
  }
}
