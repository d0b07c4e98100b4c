/**
 * Where a read's time goes: the baseline server with the services' layers
 * added one at a time (see BENCH_LAYERS in bench/baseline-server.ts), each
 * step measured for req/s and server CPU per request.
 *
 *   npx ts-node --transpile-only bench/layers.ts     (about a minute)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildForBench } from './lib/build';
import { measure } from './lib/load';
import { markdownTable } from './lib/report';
import { freePort, spawnService } from './lib/service';

const STEPS = ['', 'helmet', 'helmet,log', 'helmet,log,jwt', 'helmet,log,jwt,session', 'helmet,log,jwt,session,prepare', 'helmet,log,jwt,session,prepare,tx'];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

async function main(): Promise<void> {
  const build = buildForBench(resolve(__dirname, '..'));
  const work = mkdtempSync(join(tmpdir(), 'odontocare-layers-'));
  const lines: string[][] = [];
  let first: number | undefined;
  try {
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
        first ??= r.cpuMsPerRequest;
        lines.push([
          layers ? `+ ${layers.split(',').pop()}` : 'baseline',
          r.reqPerSec.toFixed(0),
          r.p99Ms.toFixed(1),
          (r.cpuMsPerRequest ?? Number.NaN).toFixed(3),
          first && r.cpuMsPerRequest ? `${((r.cpuMsPerRequest / first) * 100).toFixed(0)} %` : '-',
          String(r.errors),
        ]);
        console.log(lines[lines.length - 1].join('  '));
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\n${markdownTable(['layers (cumulative)', 'req/s', 'p99 ms', 'CPU ms/req', 'CPU vs baseline', 'errors'], lines)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
