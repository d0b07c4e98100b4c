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

const ROUNDS = 16;
const PHASE_SECONDS = 1;
const SCRAPES = 40;
/** Prometheus' default scrape interval. */
const SCRAPE_INTERVAL_S = 15;
const TARGET = 0.02;

/**
 * What GET /metrics costs the services, in two parts:
 * 1. recording: ONE raw-read server with the services' request log telling
 *    HttpMetrics of each request (BENCH_LAYERS=metrics on the baseline server),
 *    its recording switched on and off in alternate phases (ROUNDS of each);
 *    the median of the per-round differences in CPU per request is taken as
 *    a share of the real admin read's CPU per request (the cheapest service
 *    route, so the worst case). Same process for both states: two processes
 *    differ by more than the thing measured. The cost of the recording call
 *    itself is measured in this process too, for scale;
 * 2. scraping: admin's CPU for SCRAPES consecutive scrapes of its /metrics,
 *    as a share of one core at one scrape per 15 s.
 * Pushes a PASS/MISS row (< 2 % of throughput) and returns the text for the report.
 */
export async function measureMetricsCost(ctx: BenchContext, s: Services, read: Row | undefined): Promise<string> {
  if (!existsSync(join(ctx.build, 'adapters/http/metrics.js')) || (await scrape(s.admin.url)) === undefined) {
    ctx.rows.push({ scenario: 'GET /metrics cost', target: `< ${TARGET * 100} % of throughput`, pass: false, note: 'no /metrics in this build' });
    return 'No /metrics in this build.';
  }
  console.log('      /metrics: recording cost (one raw-read server, recording on and off in turns) and scrape cost ...');
  const port = await freePort();
  const server = await spawnService({
    name: 'baseline+metrics',
    script: 'bench/baseline-server.js',
    root: ctx.build,
    runner: 'node',
    port,
    env: { BENCH_PORT: String(port), BENCH_DB: join(ctx.work, 'metrics-cost.db'), BENCH_LAYERS: 'metrics' },
  });
  const totals = { on: { cpu: 0, requests: 0, seconds: 0 }, off: { cpu: 0, requests: 0, seconds: 0 } };
  /** Per round, CPU per request on minus off (ms): the median of these is robust to a phase the machine disturbed. */
  const differences: number[] = [];
  try {
    let i = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const perRequest: Partial<Record<'on' | 'off', number>> = {};
      for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        await fetch(`${server.url}/metrics-switch/${mode}`, { method: 'POST' });
        const r = await measure({
          scenario: `raw read, metrics ${mode}`,
          url: server.url,
          connections: ctx.connections,
          duration: PHASE_SECONDS,
          warmupSeconds: round === 0 ? 1 : 0.3,
          nextPath: () => `/doctores/${(i++ % 10_000) + 1}`,
          cpuSeconds: () => server.cpuSeconds(),
        });
        totals[mode].cpu += ((r.cpuMsPerRequest ?? Number.NaN) * r.requests) / 1000;
        totals[mode].requests += r.requests;
        totals[mode].seconds += r.durationS;
        perRequest[mode] = r.cpuMsPerRequest;
      }
      if (perRequest.on !== undefined && perRequest.off !== undefined) differences.push(perRequest.on - perRequest.off);
    }
  } finally {
    await server.stop();
  }
  const off = (totals.off.cpu * 1000) / totals.off.requests;
  const on = (totals.on.cpu * 1000) / totals.on.requests;
  const sorted = [...differences].sort((a, b) => a - b);
  const perRequestMs = Math.max(0, sorted[Math.floor(sorted.length / 2)] ?? Number.NaN);
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
  const rps = (m: 'on' | 'off') => (totals[m].requests / totals[m].seconds).toFixed(0);
  return [
    `- recording: raw read CPU/request ${off.toFixed(4)} ms with recording off, ${on.toFixed(4)} ms on (one process, ${ROUNDS} rounds of alternating ${PHASE_SECONDS} s phases; ${rps('off')} vs ${rps('on')} req/s); ` +
      `median difference per round ${(perRequestMs * 1000).toFixed(1)} µs per request = ${(recordingShare * 100).toFixed(2)} % of the admin read's ${serviceCpu?.toFixed(3) ?? '?'} ms ` +
      `(differences ranged ${(sorted[0] * 1000).toFixed(1)} to ${(sorted[sorted.length - 1] * 1000).toFixed(1)} µs: the noise of this machine)`,
    `- the recording call itself, in this process: ${micro.toFixed(3)} µs per request (HttpMetrics.observe, 1,000,000 calls)`,
    `- scraping: ${perScrapeMs.toFixed(2)} ms of admin CPU per scrape (${bytes} bytes), ${(scrapeShare * 100).toFixed(3)} % of a core at one scrape per ${SCRAPE_INTERVAL_S} s`,
    `- total ${note} (target < ${TARGET * 100} %): ${pass ? 'PASS' : 'MISS'}`,
  ].join('\n');
}
