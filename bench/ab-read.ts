/**
 * Two (or more) checkouts' admin read, side by side: each checkout's admin
 * process is started with the production node flags (or the flags given
 * after a `|`), seeded alike, then GET /admin/doctores/{id} is run on each
 * in turn, in short alternating rounds, and the median server CPU per
 * request is printed. Alternating processes see the same load of the
 * machine, which one full bench run after another does not: two full runs
 * of this code differed by more than the change being judged.
 *
 *   AB="/path/to/old-checkout /path/to/new-checkout" npx ts-node --transpile-only bench/ab-read.ts
 *   AB=". .|--max-semi-space-size=16" ROUNDS=8 npx ts-node --transpile-only bench/ab-read.ts
 *
 * Each checkout needs its own node_modules; BENCH_SECONDS (1.5) per round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BOOTSTRAP_ADMIN, login, seedDirectory } from './lib/api';
import { buildForBench } from './lib/build';
import { median } from './lib/interleaved';
import { measure } from './lib/load';
import { startAdminProcess } from './lib/system';
import serviceFlags from '../scripts/service-node-flags.json';

const ROUNDS = Number(process.env.ROUNDS ?? 6);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

async function main(): Promise<void> {
  const specs = (process.env.AB ?? '').split(' ').filter(Boolean);
  if (specs.length === 0) throw new Error('AB="<checkout>[|flag,flag] <checkout>[|flag,flag] ..." names what to compare');
  const work = mkdtempSync(join(tmpdir(), 'odontocare-ab-'));
  const sides = [];
  try {
    for (const [i, spec] of specs.entries()) {
      const [root, flags] = spec.split('|');
      const build = buildForBench(resolve(root));
      const nodeArgs = flags ? flags.split(',') : serviceFlags.admin;
      const admin = await startAdminProcess({ root: build, runner: 'node', logLevel: 'info', nodeArgs: () => nodeArgs }, spec, join(work, String(i)));
      const token = await login(admin.url, BOOTSTRAP_ADMIN.username, BOOTSTRAP_ADMIN.password);
      const directory = await seedDirectory(admin.url, token, 20, 2);
      sides.push({ spec, admin, token, doctors: directory.doctores, cpu: [] as number[], perSecond: [] as number[] });
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of sides) {
        let d = 0;
        const r = await measure({
          scenario: side.spec,
          url: side.admin.url,
          connections: 32,
          duration: SECONDS,
          warmupSeconds: 0.5,
          headers: { authorization: `Bearer ${side.token}` },
          nextPath: () => `/admin/doctores/${side.doctors[d++ % side.doctors.length]}`,
          cpuSeconds: () => side.admin.cpuSeconds(),
        });
        side.cpu.push(r.cpuMsPerRequest ?? Number.NaN);
        side.perSecond.push(r.reqPerSec);
      }
    }
    for (const side of sides) {
      console.log(`${side.spec}: CPU per read median ${median(side.cpu).toFixed(4)} ms (rounds ${side.cpu.map((x) => x.toFixed(3)).join(' ')}), req/s median ${median(side.perSecond).toFixed(0)}`);
    }
  } finally {
    for (const side of sides) await side.admin.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
