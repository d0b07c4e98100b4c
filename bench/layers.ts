/**
 * Where a read's time goes: the baseline server with the services' layers
 * added one at a time (see BENCH_LAYERS in bench/baseline-server.ts), each
 * step measured for req/s and server CPU per request.
 *
 *   npx ts-node --transpile-only bench/layers.ts     (about two minutes)
 *
 * Each step is measured ROUNDS times (default 3), the steps interleaved, and
 * the median kept: on a shared machine one 4-second sample can be off by a
 * factor of two.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildForBench } from './lib/build';
import { measure } from './lib/load';
import { markdownTable } from './lib/report';
import { freePort, spawnService } from './lib/service';

const STEPS = ['', 'metrics', 'metrics,log', 'metrics,log,helmet', 'metrics,log,helmet,jwt', 'metrics,log,helmet,jwt,session'];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Sample {
  reqPerSec: number;
  p99Ms: number;
  cpuMs: number;
  errors: number;
}

async function main(): Promise<void> {
  const build = buildForBench(resolve(__dirname, '..'));
  const work = mkdtempSync(join(tmpdir(), 'odontocare-layers-'));
  const samples = new Map<string, Sample[]>(STEPS.map((step) => [step, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const layers of STEPS) {
        const port = await freePort();
        const server = await spawnService({
          name: `baseline+${layers}`,
          script: 'bench/baseline-server.js',
          root: build,
          runner: 'node',
          port,
          env: { BENCH_PORT: String(port), BENCH_DB: join(work, 'layers.db'), BENCH_LAYERS: layers },
        });
        try {
          const token = layers.includes('jwt') ? ((await (await fetch(`${server.url}/token`)).json()) as { token: string }).token : '';
          let i = 0;
          const r = await measure({
            scenario: layers,
            url: server.url,
            connections: 32,
            duration: SECONDS,
            warmupSeconds: 1,
            headers: token ? { authorization: `Bearer ${token}` } : {},
            nextPath: () => `/doctores/${(i++ % 10_000) + 1}`,
            cpuSeconds: () => server.cpuSeconds(),
          });
          samples.get(layers)?.push({ reqPerSec: r.reqPerSec, p99Ms: r.p99Ms, cpuMs: r.cpuMsPerRequest ?? Number.NaN, errors: r.errors });
          console.log(`round ${round + 1} ${layers || 'baseline'}: ${r.reqPerSec.toFixed(0)} req/s, ${(r.cpuMsPerRequest ?? Number.NaN).toFixed(3)} ms CPU/req`);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const first = median((samples.get('') ?? []).map((x) => x.cpuMs));
  const lines = STEPS.map((layers) => {
    const xs = samples.get(layers) ?? [];
    const cpu = median(xs.map((x) => x.cpuMs));
    return [
      layers ? `+ ${layers.split(',').pop()}` : 'baseline',
      median(xs.map((x) => x.reqPerSec)).toFixed(0),
      median(xs.map((x) => x.p99Ms)).toFixed(1),
      cpu.toFixed(3),
      `${((cpu / first) * 100).toFixed(0)} %`,
      String(xs.reduce((n, x) => n + x.errors, 0)),
    ];
  });
  console.log(`\n${markdownTable(['layers (cumulative)', 'req/s (median)', 'p99 ms (median)', 'CPU ms/req (median)', 'CPU vs baseline', 'errors'], lines)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
