/**
 * `npm run bench`: one bounded run that measures every path of the services
 * against its own FLOOR measured in the same run (bare express +
 * better-sqlite3 doing only that path's work, bench/baseline-server.ts), and
 * the Argon2id-bound routes against the machine's raw Argon2id rate; then
 * the scale table, /metrics' cost and `npm start`'s readiness; prints
 * PASS/MISS tables (see BENCHMARKS.md for how to read them).
 *
 * Every server runs as its own child process on loopback with its own temp
 * DATA_DIR, so its peak RSS can be read from /proc. The load generator
 * (autocannon, bench/lib/load.ts) runs here.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultHashConcurrency, sizeThreadPoolForHashing } from '../adapters/security/argon2-password-hasher';
import { argon2HashesPerSecond, argon2Rate } from './lib/argon2-rate';
import { buildForBench } from './lib/build';
import type { LoadResult } from './lib/load';
import { describeMachine, markdownTable, table, statusSummary, type Row } from './lib/report';
import type { ServiceProcess } from './lib/service';
import { measureBookFloor, measureListFloor, measureRawRead, startFloorServer, type FloorServer, type Timing } from './floors';
import { measureMetricsCost } from './metrics-cost';
import { runPostgresPart, type PostgresPart } from './postgres';
import { runScale, scaleTable, type ScaleRow } from './scale';
import { attempt, runServiceScenarios, startAdminWithDirectory, want } from './scenarios';
import { seedCitas, type SeededCitas } from './seed-citas';
import { measureStartup } from './startup';

/** BENCH_QUICK=1: short runs (2 s, paired floors 1 s) to iterate on the bench itself; figures for BENCHMARKS.md come from a full run. */
const QUICK = process.env.BENCH_QUICK === '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 6));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PAIRED_SECONDS = QUICK ? 1 : 2;
const MAIN_ROWS = 100_000;
const MAIN_PER_DAY = 20;
const STARTUP_TARGET_MS = 3000;
const RSS_TARGET_MB = 150;

export interface BenchContext {
  root: string;
  build: string;
  work: string;
  seconds: number;
  connections: number;
  /** The node flags the services run with in production (scripts/service-node-flags.json). */
  serviceNodeFlags: (service: string) => string[];
  /** The SQLite floor server (raw read, list and booking floors) and the paired measurements' timing. */
  floor: FloorServer;
  paired: Timing;
  /** The main citas file (100k citas, 20 a day), seeded before any process opens it. */
  main: { dataDir: string; seeded: SeededCitas };
  /** The list's floor (and the raw read) measured again right before the list. */
  pairedListFloor(pageSize: number): Promise<{ floor: LoadResult; raw: LoadResult }>;
  /** Booking's floor (and the raw read) measured again right before booking. */
  pairedBookFloor(): Promise<{ floor: LoadResult; raw: LoadResult }>;
  argon2PerSecond: number;
  /** The raw Argon2id rate (and CPU per hash) measured again (2 s) around a scenario that is judged against it. */
  pairedArgon2(): Promise<{ perSecond: number; cpuMsPerHash: number }>;
  /** Every spawned process, for the RSS table. */
  services: ServiceProcess[];
  rows: Row[];
  notes: string[];
}

/** A service process's production node flags by its name ("admin", "citas (10k-20)", "citas-pg"...): scripts/service-node-flags.json. */
function serviceNodeFlags(root: string): (service: string) => string[] {
  const file = join(root, 'scripts', 'service-node-flags.json');
  const byService = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  return (service) => {
    const flags = byService[/^[a-z]+/.exec(service)?.[0] ?? ''];
    return Array.isArray(flags) ? (flags as string[]) : [];
  };
}

async function main(): Promise<void> {
  // First, as admin's main does: the raw Argon2id rate is measured on a pool sized as admin sizes its
  // own, one thread per core. The default four threads hash 10-15 % slower, a floor admin would beat.
  sizeThreadPoolForHashing(defaultHashConcurrency());
  const started = Date.now();
  const root = resolve(__dirname, '..');
  const machine = describeMachine();
  console.log(machine.join('\n'));
  const build = buildForBench(root);
  const work = mkdtempSync(join(tmpdir(), 'odontocare-bench-'));
  const services: ServiceProcess[] = [];
  const scale: ScaleRow[] = [];
  let startup: string | undefined;
  const rows: Row[] = [];
  const notes: string[] = [];
  let metricsCost: string | undefined;
  let postgres: PostgresPart | undefined;
  try {
    console.log('\n[1/4] raw Argon2id rate (OWASP m=19456,t=2,p=1), every core hashing ...');
    const argon2PerSecond = await argon2HashesPerSecond(4);
    console.log(`      ${argon2PerSecond.toFixed(1)} hashes/s`);

    console.log(`[2/4] floors: raw read, list and booking on ${MAIN_ROWS} citas, ${CONNECTIONS} connections, ${SECONDS} s each ...`);
    const mainDir = join(work, 'citas');
    mkdirSync(mainDir, { recursive: true });
    const seeded = seedCitas(join(mainDir, 'citas.db'), MAIN_ROWS, MAIN_PER_DAY);
    console.log(`      seeded ${MAIN_ROWS} citas in ${(seeded.ms / 1000).toFixed(1)} s`);
    const floor = await startFloorServer('baseline', build, work, join(mainDir, 'citas.db'), seeded);
    services.push(floor.server);
    const full: Timing = { connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: 1 };
    const paired: Timing = { connections: CONNECTIONS, seconds: PAIRED_SECONDS, warmupSeconds: QUICK ? 0.25 : 0.5 };
    for (const [what, run] of [
      ['raw read', () => measureRawRead(floor, full)],
      ['list floor', () => measureListFloor(floor, full, MAIN_PER_DAY)],
      ['booking floor', () => measureBookFloor(floor, full)],
    ] as const) {
      const r = await run();
      console.log(`      ${what}: ${r.reqPerSec.toFixed(0)} req/s, p99 ${r.p99Ms.toFixed(2)} ms, ${r.cpuMsPerRequest?.toFixed(3)} ms CPU/req`);
      rows.push({ scenario: r.scenario, result: r, target: 'floor', pass: r.errors === 0 });
    }

    const ctx: BenchContext = {
      root,
      build,
      work,
      seconds: SECONDS,
      connections: CONNECTIONS,
      floor,
      paired,
      serviceNodeFlags: serviceNodeFlags(root),
      main: { dataDir: mainDir, seeded },
      pairedListFloor: async (pageSize) => ({ floor: await measureListFloor(floor, paired, pageSize), raw: await measureRawRead(floor, paired) }),
      pairedBookFloor: async () => ({ floor: await measureBookFloor(floor, paired), raw: await measureRawRead(floor, paired) }),
      argon2PerSecond,
      pairedArgon2: () => argon2Rate(2),
      services,
      rows,
      notes,
    };
    notes.push(`services run with admin: ${ctx.serviceNodeFlags('admin').join(' ')}; citas: ${ctx.serviceNodeFlags('citas').join(' ')} (scripts/service-node-flags.json, as npm start and the images)`);

    console.log('[3/4] services ...');
    const s = await startAdminWithDirectory(ctx);
    await runServiceScenarios(ctx, s);
    if (want('pg')) postgres = await runPostgresPart(ctx, s, MAIN_ROWS, MAIN_PER_DAY);
    if (want('metrics')) {
      await attempt(ctx, 'GET /metrics cost', async () => {
        const read = rows.find((r) => r.scenario === 'GET /admin/doctores/{id}');
        metricsCost = await measureMetricsCost(ctx, s, read);
      });
    }
    if (want('scale')) {
      const byName = (p: string) => rows.find((r) => r.scenario.startsWith(p) && r.result !== undefined);
      scale.push(...(await runScale(ctx, s, { list: byName('GET /citas?fecha='), book: byName('POST /citas (') })));
    }
  } finally {
    await Promise.all(services.map((s) => s.stop()));
  }
  try {
    if (want('startup')) {
      console.log('[4/4] npm start until all three services answer /health (twice) ...');
      const runs = [await measureStartup(root), await measureStartup(root)];
      const worst = Math.max(...runs.flatMap((r) => [r.adminMs, r.citasMs, r.webMs]));
      const pass = worst < STARTUP_TARGET_MS;
      const bundling = (r: (typeof runs)[number]) =>
        r.bundlingMs === undefined ? ' (bundled)' : ` (file by file: a source or a package had changed; bundled afterwards for the next start in ${(r.bundlingMs / 1000).toFixed(2)} s)`;
      startup = `npm start ready: ${runs.map((r) => `admin ${(r.adminMs / 1000).toFixed(2)} s, citas ${(r.citasMs / 1000).toFixed(2)} s, web ${(r.webMs / 1000).toFixed(2)} s${bundling(r)}`).join('; then ')}. Target all three < ${STARTUP_TARGET_MS / 1000} s: ${pass ? 'PASS' : 'MISS'}`;
      rows.push({ scenario: 'npm start until all three /health answer', target: `< ${STARTUP_TARGET_MS / 1000} s`, pass, note: `${(worst / 1000).toFixed(2)} s` });
    }

    console.log('\n## Machine\n');
    console.log(machine.map((l) => `- ${l}`).join('\n'));
    console.log(`- load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log('\n## Throughput and latency, each path against its own floor\n');
    console.log(table(rows));
    console.log('\nStatus codes per scenario:');
    for (const row of rows) if (row.result) console.log(`- ${row.scenario}: ${statusSummary(row.result.statuses)}`);
    for (const note of notes) console.log(`- ${note}`);
    if (postgres) {
      console.log('\n## PostgreSQL: the day list and booking against their PostgreSQL floors\n');
      if (postgres.unavailable) {
        console.log(markdownTable(['scenario', 'PostgreSQL'], [['GET /citas?fecha=<day>', postgres.unavailable], ['POST /citas', postgres.unavailable]]));
      } else {
        console.log(table(postgres.rows));
        console.log('\nStatus codes per scenario:');
        for (const row of postgres.rows) if (row.result) console.log(`- ${row.scenario}: ${statusSummary(row.result.statuses)}`);
        for (const note of postgres.notes) console.log(`- ${note}`);
      }
    }
    if (metricsCost) console.log(`\n## GET /metrics\n\n${metricsCost}`);
    if (scale.length > 0) console.log(`\n## Scale: cost against table size and day size\n\n${scaleTable(scale)}`);
    if (startup) console.log(`\n## Start-up\n\n${startup}`);

    console.log('\n## Peak RSS per process (VmHWM)\n');
    const rssRows = services.map((s) => {
      const mb = s.peakRssMb();
      const isService = !s.name.startsWith('baseline');
      return [s.name, mb.toFixed(1), isService ? `< ${RSS_TARGET_MB} MB` : '-', isService ? (mb < RSS_TARGET_MB ? 'PASS' : 'MISS') : '-'];
    });
    console.log(markdownTable(['process', 'peak RSS MB', 'target', 'result'], rssRows));

    const misses = [...rows, ...(postgres?.rows ?? [])].filter((r) => !r.pass).length + rssRows.filter((r) => r[3] === 'MISS').length;
    console.log(`\n${misses === 0 ? 'All targets met.' : `${misses} target(s) missed.`} Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
