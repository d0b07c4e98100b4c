/**
 * `npm run bench`: one bounded run that measures the services against a
 * minimal express + SQLite baseline and against the machine's raw Argon2id
 * rate, and prints a PASS/MISS table (see BENCHMARKS.md for how to read it).
 *
 * Every server runs as its own child process on loopback with its own temp
 * DATA_DIR, so its peak RSS can be read from /proc. The load generator
 * (autocannon, bench/lib/load.ts) runs here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { argon2HashesPerSecond } from './lib/argon2-rate';
import { buildForBench } from './lib/build';
import { measure, type LoadResult } from './lib/load';
import { describeMachine, markdownTable, table, statusSummary, type Row } from './lib/report';
import { freePort, spawnService, type ServiceProcess } from './lib/service';
import { runServiceScenarios } from './scenarios';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PAIRED_SECONDS = 2;

export interface BenchContext {
  root: string;
  build: string;
  work: string;
  seconds: number;
  connections: number;
  baseline: LoadResult;
  /**
   * req/s of the baseline measured again just before a scenario: the
   * machine may be shared, and a ratio against a figure taken minutes
   * earlier would carry the drift in background load.
   */
  pairedBaseline(): Promise<LoadResult>;
  argon2PerSecond: number;
  /** The raw Argon2id rate measured again (2 s) right before a scenario that is judged against it. */
  pairedArgon2(): Promise<number>;
  /** Every spawned service, for the RSS table. */
  services: ServiceProcess[];
  rows: Row[];
  notes: string[];
}

async function startBaseline(ctx: Pick<BenchContext, 'build' | 'work' | 'services'>): Promise<ServiceProcess> {
  const port = await freePort();
  const server = await spawnService({
    name: 'baseline',
    script: 'bench/baseline-server.js',
    root: ctx.build,
    runner: 'node',
    port,
    env: { BENCH_PORT: String(port), BENCH_DB: join(ctx.work, 'baseline.db') },
  });
  ctx.services.push(server);
  return server;
}

function measureBaseline(server: ServiceProcess, seconds: number, warmupSeconds: number): Promise<LoadResult> {
  let i = 0;
  return measure({
    scenario: 'baseline: GET /doctores/{id} (express + better-sqlite3)',
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    warmupSeconds,
    nextPath: () => `/doctores/${(i++ % 10_000) + 1}`,
    cpuSeconds: () => server.cpuSeconds(),
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const root = resolve(__dirname, '..');
  const machine = describeMachine();
  console.log(machine.join('\n'));
  const build = buildForBench(root);
  const work = mkdtempSync(join(tmpdir(), 'odontocare-bench-'));
  const services: ServiceProcess[] = [];
  try {
    console.log('\n[1/3] raw Argon2id rate (OWASP m=19456,t=2,p=1), every core hashing ...');
    const argon2PerSecond = await argon2HashesPerSecond(4);
    console.log(`      ${argon2PerSecond.toFixed(1)} hashes/s`);

    console.log(`[2/3] baseline server, ${CONNECTIONS} connections, ${SECONDS} s ...`);
    const baselineServer = await startBaseline({ build, work, services });
    const base = await measureBaseline(baselineServer, SECONDS, 1);
    console.log(`      ${base.reqPerSec.toFixed(0)} req/s, p99 ${base.p99Ms.toFixed(2)} ms`);

    const ctx: BenchContext = {
      root,
      build,
      work,
      seconds: SECONDS,
      connections: CONNECTIONS,
      baseline: base,
      pairedBaseline: () => measureBaseline(baselineServer, PAIRED_SECONDS, 0.5),
      argon2PerSecond,
      pairedArgon2: () => argon2HashesPerSecond(2),
      services,
      rows: [
        {
          scenario: base.scenario,
          result: base,
          ratio: 1,
          target: 'reference',
          pass: base.errors === 0,
        },
      ],
      notes: [],
    };

    console.log('[3/3] services ...');
    await runServiceScenarios(ctx);

    console.log('\n## Machine\n');
    console.log(machine.map((l) => `- ${l}`).join('\n'));
    console.log(`- load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('\n## Throughput and latency\n');
    console.log(table(ctx.rows));
    console.log('\nStatus codes per scenario:');
    for (const row of ctx.rows) if (row.result) console.log(`- ${row.scenario}: ${statusSummary(row.result.statuses)}`);

    console.log('\n## Argon2id\n');
    console.log(`Raw rate, every core busy: ${argon2PerSecond.toFixed(1)} hashes/s at the start of the run; each scenario below is judged against a 2 s re-measurement taken right before it.`);
    for (const note of ctx.notes) console.log(`- ${note}`);

    console.log('\n## Peak RSS per process (VmHWM)\n');
    const rssRows = services.map((s) => {
      const mb = s.peakRssMb();
      const isService = !s.name.startsWith('baseline');
      return [s.name, mb.toFixed(1), isService ? '< 150 MB' : '-', isService ? (mb < 150 ? 'PASS' : 'MISS') : '-'];
    });
    console.log(markdownTable(['process', 'peak RSS MB', 'target', 'result'], rssRows));

    const misses = ctx.rows.filter((r) => !r.pass).length + rssRows.filter((r) => r[3] === 'MISS').length;
    console.log(`\n${misses === 0 ? 'All targets met.' : `${misses} target(s) missed.`} Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
