import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { measure } from './lib/load';
import { scrape } from './lib/metrics-text';
import type { Row } from './lib/report';
import { freePort, spawnService } from './lib/service';
import type { BenchContext } from './run';
import type { Services } from './scenarios';

const ROUNDS = 3;
const SECONDS = 3;
const SCRAPES = 40;
/** Prometheus' default scrape interval. */
const SCRAPE_INTERVAL_S = 15;
const TARGET = 0.02;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * What GET /metrics costs the services, in two parts:
 * 1. recording: the raw read with and without the services' metrics
 *    middleware (adapters/http/metrics.ts, the layer method: BENCH_LAYERS=metrics
 *    on the baseline server), interleaved rounds, medians of CPU per request;
 *    the extra CPU per request is then taken as a share of the real admin
 *    read's CPU per request (the cheapest service route, so the worst case);
 *    while the "on" server is measured, its /metrics is scraped every second;
 * 2. scraping: admin's CPU for SCRAPES consecutive scrapes of its /metrics,
 *    as a share of one core at one scrape per 15 s.
 * Pushes a PASS/MISS row (< 2 % of throughput) and returns the text for the report.
 */
export async function measureMetricsCost(ctx: BenchContext, s: Services, read: Row | undefined): Promise<string> {
  if (!existsSync(join(ctx.build, 'adapters/http/metrics.js')) || (await scrape(s.admin.url)) === undefined) {
    ctx.rows.push({ scenario: 'GET /metrics cost', target: `< ${TARGET * 100} % of throughput`, pass: false, note: 'no /metrics in this build' });
    return 'No /metrics in this build.';
  }
  console.log('      /metrics: recording cost (raw read with/without the middleware) and scrape cost ...');
  const samples: Record<'off' | 'on', { cpu: number[]; rps: number[] }> = { off: { cpu: [], rps: [] }, on: { cpu: [], rps: [] } };
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
      const port = await freePort();
      const server = await spawnService({
        name: `baseline+metrics ${mode}`,
        script: 'bench/baseline-server.js',
        root: ctx.build,
        runner: 'node',
        port,
        env: { BENCH_PORT: String(port), BENCH_DB: join(ctx.work, 'metrics-cost.db'), BENCH_LAYERS: mode === 'on' ? 'metrics' : '' },
      });
      const scraper = mode === 'on' ? setInterval(() => void scrape(server.url), 1000) : undefined;
      try {
        let i = 0;
        const r = await measure({
          scenario: `raw read, metrics ${mode}`,
          url: server.url,
          connections: ctx.connections,
          duration: SECONDS,
          warmupSeconds: 1,
          nextPath: () => `/doctores/${(i++ % 10_000) + 1}`,
          cpuSeconds: () => server.cpuSeconds(),
        });
        samples[mode].cpu.push(r.cpuMsPerRequest ?? Number.NaN);
        samples[mode].rps.push(r.reqPerSec);
      } finally {
        if (scraper) clearInterval(scraper);
        await server.stop();
      }
    }
  }
  const off = median(samples.off.cpu);
  const on = median(samples.on.cpu);
  const perRequestMs = Math.max(0, on - off);
  const serviceCpu = read?.result?.cpuMsPerRequest;
  const recordingShare = serviceCpu ? perRequestMs / serviceCpu : Number.NaN;

  const cpuBefore = s.admin.cpuSeconds();
  let bytes = 0;
  for (let i = 0; i < SCRAPES; i++) bytes = (await scrape(s.admin.url))?.length ?? 0;
  const perScrapeMs = ((s.admin.cpuSeconds() - cpuBefore) * 1000) / SCRAPES;
  const scrapeShare = perScrapeMs / (SCRAPE_INTERVAL_S * 1000);

  const share = recordingShare + scrapeShare;
  const pass = Number.isFinite(share) && share < TARGET;
  const note = `${(share * 100).toFixed(2)} %`;
  ctx.rows.push({ scenario: 'GET /metrics cost (recording + scraping)', target: `< ${TARGET * 100} % of throughput`, pass, note });
  return [
    `- recording: raw read CPU/request ${off.toFixed(4)} ms without, ${on.toFixed(4)} ms with the metrics middleware (medians of ${ROUNDS}, req/s ${median(samples.off.rps).toFixed(0)} vs ${median(samples.on.rps).toFixed(0)}), ` +
      `so ${(perRequestMs * 1000).toFixed(1)} µs per request = ${(recordingShare * 100).toFixed(2)} % of the admin read's ${serviceCpu?.toFixed(3) ?? '?'} ms`,
    `- scraping: ${perScrapeMs.toFixed(2)} ms of admin CPU per scrape (${bytes} bytes), ${(scrapeShare * 100).toFixed(3)} % of a core at one scrape per ${SCRAPE_INTERVAL_S} s`,
    `- total ${note} (target < ${TARGET * 100} %): ${pass ? 'PASS' : 'MISS'}`,
  ].join('\n');
}
