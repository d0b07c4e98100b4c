/** Requests the loader keeps in flight at once unless told otherwise (--concurrency, LOADER_CONCURRENCY). */
export const DEFAULT_CONCURRENCY = 6;

/**
 * Runs `work` over `items` with at most `size` in flight; the first thrown
 * error stops new work and is rethrown. Once `interrupt` is aborted (Ctrl-C)
 * no item is started either, and the pool ends when those in flight have.
 */
export async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>, interrupt?: AbortSignal): Promise<void> {
  let next = 0;
  let stopped: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!stopped && !interrupt?.aborted && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        stopped ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(size, items.length)) }, worker));
  if (stopped) throw stopped.error;
}
