import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './lib/load';
import { scrape } from './lib/metrics-text';
import type { Row } from './lib/report';
import { freePort, spawnService } from './lib/service';
import type { BenchContext } from './run';
import type { Services } from './scenarios';
import { HttpMetrics } from '../adapters/http/metrics';

/** CPU of HttpMetrics.observe alone, in µs per call: what recording adds to the request log's listener. */
function observeMicroseconds(calls = 1_000_000): number {
  const metrics = new HttpMetrics({ processMetrics: false });
  const route = { path: '/admin/doctores/:id' };
  const req = { method: 'GET', route, baseUrl: '' } as never;
  const res = { statusCode: 200, locals: {} } as never;
  const cpu = process.cpuUsage();
  for (let i = 0; i < calls; i++) metrics.observe(req, res, 0.0012);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / calls;
}

/** Seconds of load while the server turns recording on and off by itself, every SLICE_MS. */
const ALTERNATE_SECONDS = 20;
/** Short enough that the machine's load barely changes between a slice and the next; long enough for ~1,000 requests each. */
const SLICE_MS = 100;
const SCRAPES = 40;
/** Prometheus' default scrape interval. */
const SCRAPE_INTERVAL_S = 15;
const TARGET = 0.02;

interface Slice {
  recording: boolean;
  cpuUs: number;
  requests: number;
}

/**
 * What GET /metrics costs the services, in two parts:
 * 1. recording: ONE raw-read server with the services' request log telling
 *    HttpMetrics of each request (BENCH_LAYERS=metrics on the baseline server),
 *    under steady load for ALTERNATE_SECONDS while the server itself turns its
 *    recording on and off every SLICE_MS and charges its CPU and finished
 *    requests to the state they happen in. The cost is CPU per request with
 *    recording minus without, over all slices, as a share of the real admin
 *    read's CPU per request (the cheapest service route, so the worst case).
 *    Same process, hundreds of paired slices: the machine's load, which moves
 *    CPU per request by ±20 % from one second to the next, is the same on both
 *    sides of each pair, so what is left is the recording. (Rounds of a second
 *    each judged by their median read 0.02-2.54 % in five runs of the same
 *    code.) The recording call itself is measured in this process too, for scale;
 * 2. scraping: admin's CPU for SCRAPES consecutive scrapes of its /metrics,
 *    as a share of one core at one scrape per 15 s.
 * Pushes a PASS/MISS row (< 2 % of throughput) and returns the text for the report.
 */
export async function measureMetricsCost(ctx: BenchContext, s: Services, read: Row | undefined): Promise<string> {
  if (!existsSync(join(ctx.build, 'adapters/http/metrics.js')) || (await scrape(s.admin.url)) === undefined) {
    ctx.rows.push({ scenario: 'GET /metrics cost', target: `< ${TARGET * 100} % of throughput`, pass: false, note: 'no /metrics in this build' });
    return 'No /metrics in this build.';
  }
  console.log('      /metrics: recording cost (one raw-read server turning recording on and off every 100 ms under load) and scrape cost ...');
  const port = await freePort();
  const server = await spawnService({
    name: 'baseline+metrics',
    script: 'bench/baseline-server.js',
    root: ctx.build,
    runner: 'node',
    port,
    env: { BENCH_PORT: String(port), BENCH_DB: join(ctx.work, 'metrics-cost.db'), BENCH_LAYERS: 'metrics' },
  });
  let slices: Slice[] = [];
  let load: Awaited<ReturnType<typeof measure>>;
  try {
    let i = 0;
    load = await measure({
      scenario: 'raw read, recording alternating',
      url: server.url,
      connections: ctx.connections,
      duration: ALTERNATE_SECONDS,
      warmupSeconds: 2,
      nextPath: () => `/doctores/${(i++ % 10_000) + 1}`,
      onStart: async () => {
        await fetch(`${server.url}/metrics-switch/alternate?ms=${SLICE_MS}`, { method: 'POST' });
      },
    });
    const stopped = (await (await fetch(`${server.url}/metrics-switch/stop`, { method: 'POST' })).json()) as { slices: Slice[] };
    // The first slice began with the load's start and the last ends after it: neither is a full slice under load.
    slices = stopped.slices.slice(1, -1);
  } finally {
    await server.stop();
  }
  const perRequest = (on: boolean) => {
    const mine = slices.filter((x) => x.recording === on);
    return mine.reduce((t, x) => t + x.cpuUs, 0) / 1000 / mine.reduce((t, x) => t + x.requests, 0);
  };
  const on = perRequest(true);
  const off = perRequest(false);
  // Each slice against the next one, of the other state: their spread is how sure the difference is.
  const pairs: number[] = [];
  for (let k = 0; k + 1 < slices.length; k += 2) {
    const [a, b] = [slices[k], slices[k + 1]];
    if (a.requests === 0 || b.requests === 0 || a.recording === b.recording) continue;
    const [withIt, without] = a.recording ? [a, b] : [b, a];
    pairs.push(withIt.cpuUs / withIt.requests / 1000 - without.cpuUs / without.requests / 1000);
  }
  const mean = pairs.reduce((t, x) => t + x, 0) / pairs.length;
  const stdErr = Math.sqrt(pairs.reduce((t, x) => t + (x - mean) ** 2, 0) / (pairs.length - 1) / pairs.length);
  const perRequestMs = Math.max(0, on - off);
  const micro = observeMicroseconds();
  const serviceCpu = read?.result?.cpuMsPerRequest;
  const recordingShare = serviceCpu ? perRequestMs / serviceCpu : Number.NaN;

  const cpuBefore = s.admin.cpuSeconds();
  let bytes = 0;
  for (let k = 0; k < SCRAPES; k++) bytes = (await scrape(s.admin.url))?.length ?? 0;
  const perScrapeMs = ((s.admin.cpuSeconds() - cpuBefore) * 1000) / SCRAPES;
  const scrapeShare = perScrapeMs / (SCRAPE_INTERVAL_S * 1000);

  const share = recordingShare + scrapeShare;
  const pass = Number.isFinite(share) && share < TARGET;
  const note = `${(share * 100).toFixed(2)} %`;
  ctx.rows.push({ scenario: 'GET /metrics cost (recording + scraping)', target: `< ${TARGET * 100} % of throughput`, pass, note });
  return [
    `- recording: raw read CPU/request ${off.toFixed(4)} ms with recording off, ${on.toFixed(4)} ms on (one process under ${load.reqPerSec.toFixed(0)} req/s for ${ALTERNATE_SECONDS} s, ` +
      `turning recording on and off every ${SLICE_MS} ms: ${pairs.length} pairs of slices); the difference ${((on - off) * 1000).toFixed(2)} µs per request ` +
      `(± ${(stdErr * 1000).toFixed(2)} µs standard error over the pairs) = ${(recordingShare * 100).toFixed(2)} % of the admin read's ${serviceCpu?.toFixed(3) ?? '?'} ms`,
    `- the recording call itself, in this process: ${micro.toFixed(3)} µs per request (HttpMetrics.observe, 1,000,000 calls)`,
    `- scraping: ${perScrapeMs.toFixed(2)} ms of admin CPU per scrape (${bytes} bytes), ${(scrapeShare * 100).toFixed(3)} % of a core at one scrape per ${SCRAPE_INTERVAL_S} s`,
    `- total ${note} (target < ${TARGET * 100} %): ${pass ? 'PASS' : 'MISS'}`,
  ].join('\n');
}
