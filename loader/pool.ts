/** Requests the loader keeps in flight at once unless told otherwise (--concurrency, LOADER_CONCURRENCY). */
export const DEFAULT_CONCURRENCY = 6;

/** Runs `work` over `items` with at most `size` in flight; the first thrown error stops new work and is rethrown. */
export async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let stopped: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!stopped && next < items.length) {
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
