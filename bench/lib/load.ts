import autocannon from 'autocannon';

/**
 * Load generation is autocannon's: it keeps N keep-alive connections busy
 * from one event loop (no per-request process or thread like ab/wrk-with-lua
 * would need), supports a per-request body generator (setupRequest) so every
 * booking can carry a distinct slot, and reports per-response timings with
 * hrtime precision. It runs in the bench process; the services run in their
 * own processes, so both share the machine's cores. The baseline is measured
 * the same way, which is why results are reported as a ratio to it.
 */
export interface LoadResult {
  scenario: string;
  requests: number;
  durationS: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx responses plus connection errors and timeouts. */
  errors: number;
  /**
   * Server-side CPU per request (ms), summed over the processes that serve
   * it. Unlike req/s it barely moves when other work shares the machine.
   */
  cpuMsPerRequest?: number;
  statuses: Record<string, number>;
}

export interface LoadOptions {
  scenario: string;
  url: string;
  connections: number;
  /** Seconds; the run stops at whichever of duration/amount comes first. */
  duration?: number;
  amount?: number;
  method?: 'GET' | 'POST' | 'PUT';
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** A fresh body for every request (distinct slots for bookings). */
  nextBody?: () => string;
  /** A fresh path for every request (ids spread over a table). */
  nextPath?: () => string;
  warmupSeconds?: number;
  /** CPU seconds used so far by the serving process(es), read before and after the measured run. */
  cpuSeconds?: () => number;
  /** Called right before and right after the measured run (after the warm-up), e.g. to read a service's counters. */
  onStart?: () => Promise<void>;
  onEnd?: () => Promise<void>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function fire(opts: LoadOptions, duration: number | undefined, amount: number | undefined, record: boolean): Promise<{ result: autocannon.Result; latencies: number[]; statuses: Record<string, number> }> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const dynamic = opts.nextBody !== undefined || opts.nextPath !== undefined;
  const base: autocannon.Request = {
    method: opts.method ?? 'GET',
    path: opts.path ?? '/',
    headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        ...(amount !== undefined ? { amount } : { duration: duration ?? 5 }),
        timeout: 10,
        requests: [
          dynamic
            ? {
                ...base,
                setupRequest: (req: autocannon.Request) => ({
                  ...req,
                  ...(opts.nextPath ? { path: opts.nextPath() } : {}),
                  ...(opts.nextBody ? { body: opts.nextBody() } : {}),
                }),
              }
            : base,
        ],
      },
      (err, result) => (err ? reject(err) : resolve({ result, latencies, statuses })),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (!record) return;
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}

/** One bounded autocannon run (after a short unrecorded warm-up), summarised. */
export async function measure(opts: LoadOptions): Promise<LoadResult> {
  if (opts.warmupSeconds && opts.warmupSeconds > 0) await fire(opts, opts.warmupSeconds, undefined, false);
  await opts.onStart?.();
  const cpuBefore = opts.cpuSeconds?.();
  const { result, latencies, statuses } = await fire(opts, opts.duration, opts.amount, true);
  const cpuAfter = opts.cpuSeconds?.();
  await opts.onEnd?.();
  const sorted = Float64Array.from(latencies).sort();
  const non2xx = Object.entries(statuses)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((sum, [, n]) => sum + n, 0);
  const elapsedS = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    scenario: opts.scenario,
    requests: latencies.length,
    durationS: Math.round(elapsedS * 10) / 10,
    reqPerSec: latencies.length / elapsedS,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    errors: non2xx + result.errors, // autocannon counts timeouts among errors
    statuses,
    ...(cpuBefore !== undefined && cpuAfter !== undefined && latencies.length > 0
      ? { cpuMsPerRequest: ((cpuAfter - cpuBefore) * 1000) / latencies.length }
      : {}),
  };
}
