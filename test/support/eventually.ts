import { setTimeout as pause } from 'node:timers/promises';

/**
 * Waits for a condition the test cannot drive: one behind a real-time timer
 * inside a library (the admin client's retry backoff or attempt timeout) or
 * another process. Calls `attempt` until `done` accepts its
 * result, `everyMs` apart, for at most `withinMs`, and returns the last
 * result for the caller to assert on. `withinMs` is a deadline for a stuck
 * test, not a measurement: keep it generous. Time the code reads from its
 * Clock is never waited for: the test sets the clock.
 */
export async function eventually<T>(
  attempt: () => Promise<T>,
  done: (result: T) => boolean,
  { withinMs = 20_000, everyMs = 100 }: { withinMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = performance.now() + withinMs;
  let result = await attempt();
  while (!done(result) && performance.now() < deadline) {
    await pause(everyMs);
    result = await attempt();
  }
  return result;
}
