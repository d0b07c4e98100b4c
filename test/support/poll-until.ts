import assert from 'node:assert/strict';
import { setTimeout as pause } from 'node:timers/promises';

/**
 * Polls `ready()` (a few milliseconds apart) until it holds, failing at once
 * if one of `answers` arrives first: that request went by without stopping
 * where the test set it up to stop (behind a lock, at a held call). A
 * rejection that comes after `ready()` is the caller's to see. The race is
 * set up by where the requests stand, never by sleeping.
 */
export async function pollUntil(ready: () => Promise<boolean>, answers: Promise<unknown>[]): Promise<void> {
  let done = false;
  const early = answers.map((a) =>
    a.then(
      (value) => (done ? undefined : assert.fail(`answered too early: ${describe(value)}`)),
      (err: unknown) => {
        if (!done) throw err;
      },
    ),
  );
  const polled = (async () => {
    while (!done && !(await ready())) await pause(5);
  })();
  try {
    await Promise.race([polled, ...early]);
  } finally {
    done = true;
  }
}

/** An HTTP answer by its status and body; anything else as JSON. */
function describe(value: unknown): string {
  const res = value as { status?: unknown; body?: unknown } | null;
  return typeof res?.status === 'number' ? `${res.status} ${JSON.stringify(res.body)}` : JSON.stringify(value);
}
