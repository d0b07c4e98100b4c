import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './lib/load';
import { scrape } from './lib/metrics-text';
import type { Row } from './lib/report';
import { freePort, spawnService } from './lib/service';
import type { BenchContext } from './run';
import type { Services } from './scenarios';

const ROUNDS = 8;
const PHASE_SECONDS = 1.5;
const SCRAPES = 40;
/** Prometheus' default scrape interval. */
const SCRAPE_INTERVAL_S = 15;
const TARGET = 0.02;

/**
 * What GET /metrics costs the services, in two parts:
 * 1. recording: ONE raw-read server with the services' metrics middleware
 *    (adapters/http/metrics.ts, BENCH_LAYERS=metrics on the baseline server),
 *    its recording switched on and off in alternate phases (ROUNDS of each,
 *    scraped every second while on); the extra CPU per request of the "on"
 *    phases, summed, is taken as a share of the real admin read's CPU per
 *    request (the cheapest service route, so the worst case). Same process
 *    for both states: two processes differ by more than the thing measured;
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
  try {
    let i = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of round % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        await fetch(`${server.url}/metrics-switch/${mode}`, { method: 'POST' });
        const scraper = mode === 'on' ? setInterval(() => void scrape(server.url), 1000) : undefined;
        try {
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
        } finally {
          if (scraper) clearInterval(scraper);
        }
      }
    }
  } finally {
    await server.stop();
  }
  const off = (totals.off.cpu * 1000) / totals.off.requests;
  const on = (totals.on.cpu * 1000) / totals.on.requests;
  const perRequestMs = Math.max(0, on - off);
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
    `- recording: raw read CPU/request ${off.toFixed(4)} ms with recording off, ${on.toFixed(4)} ms on (one process, ${ROUNDS} alternating phases of ${PHASE_SECONDS} s each; ${rps('off')} vs ${rps('on')} req/s), ` +
      `so ${(perRequestMs * 1000).toFixed(1)} µs per request = ${(recordingShare * 100).toFixed(2)} % of the admin read's ${serviceCpu?.toFixed(3) ?? '?'} ms`,
    `- scraping: ${perScrapeMs.toFixed(2)} ms of admin CPU per scrape (${bytes} bytes), ${(scrapeShare * 100).toFixed(3)} % of a core at one scrape per ${SCRAPE_INTERVAL_S} s`,
    `- total ${note} (target < ${TARGET * 100} %): ${pass ? 'PASS' : 'MISS'}`,
  ].join('\n');
}
