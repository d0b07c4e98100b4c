/**
 * The PostgreSQL column of `npm run bench` (issue 15, item 7): the day list
 * and booking of the citas service on PostgreSQL (CITAS_DATABASE_URL),
 * each judged, as the SQLite ones are, against its own floor measured in
 * the same run: bench/pg-floor-server.ts, bare express 5 + a `pg` Pool of
 * the service's size doing only that path's work on a copy of the very
 * database the service gets.
 *
 * The server: BENCH_PG_URL (a superuser's URL to an existing server), or a
 * throwaway Debian PostgreSQL cluster started like the tests' one
 * (test/support/postgres-server.ts) but with PostgreSQL's default
 * durability (fsync, synchronous_commit and full_page_writes on): a
 * committed booking is on disk, as with SQLite's synchronous=FULL. Neither:
 * the column reads "n/a (no server)" and the bench goes on.
 *
 * Admin stays on SQLite (the same admin process as the SQLite column), so
 * the two columns differ in the citas storage only.
 */
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execAs, findPostgresBinaries, startPostgresServer } from '../test/support/postgres-server';
import { bookingBodies, measureBookFloor, measureListFloor, measureRawRead, type FloorServer, type Timing } from './floors';
import type { LoadResult } from './lib/load';
import type { Row } from './lib/report';
import { freePort, spawnService, type ServiceProcess } from './lib/service';
import { startCitasProcess } from './lib/system';
import type { BenchContext } from './run';
import { bookScenario, listScenario, runtime, type Services } from './scenarios';
import { seedCitasPg } from './seed-citas-pg';

/** apps/citas/config.ts: CITAS_DATABASE_POOL's default. The floor gets the same, and the service is given it explicitly. */
export const CITAS_POOL = 10;
const ENGINE = 'PostgreSQL';

export interface PostgresPart {
  /** Why there is no PostgreSQL column, e.g. "n/a (no server): ...". */
  unavailable?: string;
  /** The server the column was measured on, and its durability settings. */
  server?: string;
  rows: Row[];
  notes: string[];
}

interface BenchServer {
  describe: string;
  /** A superuser URL to `database`. */
  superUrl(database?: string): string;
  /** CPU seconds used so far by the server's processes (postmaster and every backend); only for a server this run started. */
  cpuSeconds?: () => number;
  stop(): void;
}

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * utime + stime + cutime + cstime of the postmaster and of each live child:
 * backends that exit move from the second sum to the first once the
 * postmaster reaps them. A backend reaped while /proc is being walked would
 * be in neither sum (its CPU gone from the total: a run once printed -0.219
 * ms per list), so the walk is taken again until the postmaster reaped
 * nobody during it.
 */
function clusterCpuSeconds(postmaster: number): number {
  const fieldsOf = (pid: string): string[] | undefined => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
      return undefined;
    }
  };
  const ownTicks = (f: string[]) => Number(f[11]) + Number(f[12]);
  const reapedTicks = (f: string[]) => Number(f[13]) + Number(f[14]);
  for (let attempt = 1; ; attempt++) {
    const own = fieldsOf(String(postmaster));
    if (!own) return Number.NaN;
    let ticks = ownTicks(own) + reapedTicks(own);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const f = fieldsOf(entry);
      if (f && Number(f[1]) === postmaster) ticks += ownTicks(f) + reapedTicks(f);
    }
    const ownAfter = fieldsOf(String(postmaster));
    if (attempt === 5 || (ownAfter && reapedTicks(ownAfter) === reapedTicks(own))) return ticks / CLOCK_TICKS_PER_SECOND;
  }
}

async function startServer(): Promise<BenchServer | string> {
  const given = process.env.BENCH_PG_URL;
  if (given) {
    const superUrl = (database = 'postgres') => {
      const u = new URL(given);
      u.pathname = `/${database}`;
      return u.toString();
    };
    return { describe: `BENCH_PG_URL (${new URL(given).host}; its CPU is not counted)`, superUrl, stop: () => {} };
  }
  const bin = findPostgresBinaries();
  if (!bin) return 'n/a (no server): no PostgreSQL server binaries (/usr/lib/postgresql/<major>/bin or PG_BIN) and no BENCH_PG_URL';
  const running = await startPostgresServer(bin, { durable: true });
  return {
    describe: 'a throwaway cluster started for this run (test/support/postgres-server.ts, durable)',
    superUrl: running.server.adminUrl,
    cpuSeconds: () => clusterCpuSeconds(running.pid),
    stop: running.stop,
  };
}

function roleUrl(superUrl: string, role: string, password: string, database: string): string {
  const u = new URL(superUrl);
  u.username = role;
  u.password = password;
  u.pathname = `/${database}`;
  return u.toString();
}

async function settings(server: BenchServer): Promise<string> {
  const [row] = await execAs(
    server.superUrl(),
    `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
            current_setting('synchronous_commit') AS synchronous_commit, current_setting('full_page_writes') AS full_page_writes,
            current_setting('wal_sync_method') AS wal_sync_method, current_setting('shared_buffers') AS shared_buffers`,
  );
  return `PostgreSQL ${String(row.version)}, ${server.describe}: fsync=${String(row.fsync)}, synchronous_commit=${String(row.synchronous_commit)}, full_page_writes=${String(row.full_page_writes)}, wal_sync_method=${String(row.wal_sync_method)}, shared_buffers=${String(row.shared_buffers)}`;
}

async function xactCounts(server: BenchServer, database: string): Promise<{ commits: number; rollbacks: number }> {
  const [row] = await execAs(server.superUrl(), `SELECT xact_commit::bigint AS c, xact_rollback::bigint AS r FROM pg_stat_database WHERE datname = '${database}'`);
  return { commits: Number(row.c), rollbacks: Number(row.r) };
}

/** The indexes the booking's overlap checks use right now (with a booking's values), e.g. "citas_doctor_libre / citas_paciente_libre". */
async function overlapPlans(url: string, from: number): Promise<string> {
  const at = new Date(from).toISOString();
  const plan = async (column: string) => {
    const rows = await execAs(
      url,
      `EXPLAIN SELECT 1 FROM citas WHERE ${column} = 1 AND estado IN ('Programada', 'Confirmada')
         AND inicio < '${at}'::timestamptz + interval '30 minutes' AND inicio > '${at}'::timestamptz - interval '8 hours' AND fin > '${at}' LIMIT 1`,
    );
    const text = rows.map((r) => String(r['QUERY PLAN'])).join('\n');
    const index = /(?:Index Scan|Index Only Scan|Bitmap Index Scan) (?:Backward )?(?:using|on) (\w+)/.exec(text);
    const bounded = new RegExp(`Index Cond: .*\\b${column}\\b`).test(text);
    return index ? `${index[1]}${bounded ? '' : ` (whole index scanned, ${column} filtered)`}` : text.split('\n')[0].slice(0, 80);
  };
  return `doctor check: ${await plan('id_doctor')}; patient check: ${await plan('id_paciente')}`;
}

async function retriesOf(floor: ServiceProcess): Promise<number> {
  const res = await fetch(`${floor.url}/retries`);
  return ((await res.json()) as { retries: number }).retries;
}

/** The PostgreSQL part: server, seed, floors, the citas service on it; never throws (a failure is a MISS row with its reason). */
export async function runPostgresPart(ctx: BenchContext, s: Services, rows: number, perDay: number): Promise<PostgresPart> {
  const part: PostgresPart = { rows: [], notes: [] };
  console.log('      PostgreSQL: starting the server ...');
  let server: BenchServer | string;
  try {
    server = await startServer();
  } catch (err) {
    server = `n/a (no server): ${(err as Error).message.split('\n')[0]}`;
  }
  if (typeof server === 'string') {
    console.log(`      ${server}`);
    return { ...part, unavailable: server };
  }
  const id = `bench_citas_${process.pid}`;
  const floorDb = `${id}_floor`;
  const password = `pw-${id}`;
  let citas: ServiceProcess | undefined;
  let floor: ServiceProcess | undefined;
  try {
    part.server = await settings(server);
    console.log(`      ${part.server}`);
    await execAs(server.superUrl(), `CREATE ROLE ${id} LOGIN PASSWORD '${password}'`);
    await execAs(server.superUrl(), `CREATE DATABASE ${id} OWNER ${id}`);
    const url = roleUrl(server.superUrl(), id, password, id);
    const seeded = await seedCitasPg(url, rows, perDay);
    console.log(`      seeded ${rows} citas into PostgreSQL in ${(seeded.ms / 1000).toFixed(1)} s (after the service's migrations)`);
    // The floor's own copy, as the SQLite floor gets a copy of the file: its bookings never meet the service's.
    await execAs(server.superUrl(), `CREATE DATABASE ${floorDb} TEMPLATE ${id} OWNER ${id}`);

    const port = await freePort();
    floor = await spawnService({
      name: 'baseline-pg',
      script: 'bench/pg-floor-server.js',
      root: ctx.build,
      runner: 'node',
      port,
      env: { BENCH_PORT: String(port), BENCH_PG_URL: roleUrl(server.superUrl(), id, password, floorDb), BENCH_PG_POOL: String(CITAS_POOL) },
    });
    ctx.services.push(floor);
    const floorProcess = floor;
    const serverCpu = server.cpuSeconds ?? (() => 0);
    const f: FloorServer = {
      server: floor,
      seeded,
      nextBooking: bookingBodies(seeded.firstFreeInstant, 20, 60),
      cpuSeconds: () => floorProcess.cpuSeconds() + serverCpu(),
      names: {
        list: `list floor [${ENGINE}]: ${perDay} of ${rows} rows, pg Pool of ${CITAS_POOL}`,
        book: `booking floor [${ENGINE}]: agenda locks, overlap checks + INSERT, synchronous_commit=on`,
      },
    };
    const full: Timing = { connections: ctx.connections, seconds: ctx.seconds, warmupSeconds: 1 };
    const retriesBefore = await retriesOf(floor);
    for (const [what, run] of [
      ['list floor', () => measureListFloor(f, full, perDay)],
      ['booking floor', () => measureBookFloor(f, full)],
    ] as const) {
      const r = await run();
      console.log(`      ${ENGINE} ${what}: ${r.reqPerSec.toFixed(0)} req/s, p99 ${r.p99Ms.toFixed(2)} ms, ${r.cpuMsPerRequest?.toFixed(3)} ms CPU/req`);
      part.rows.push({ scenario: r.scenario, result: r, target: 'floor', pass: r.errors === 0 });
    }
    // The floor's own count of runs again, and the bookings it stored, warm-up included in both.
    const floorRetries = (await retriesOf(floor)) - retriesBefore;
    const floorUrl = roleUrl(server.superUrl(), id, password, floorDb);
    const floorBookings = Number((await execAs(floorUrl, `SELECT count(*)::int AS n FROM citas WHERE id_cita > ${rows}`))[0].n);
    const plans = await overlapPlans(floorUrl, seeded.firstFreeInstant);

    const dataDir = join(ctx.work, 'citas-pg');
    mkdirSync(dataDir, { recursive: true });
    const service = await startCitasProcess(runtime(ctx), 'citas-pg', dataDir, s.admin.url, {
      MAX_CITAS_FUTURAS: '1000',
      CITAS_DATABASE_URL: url,
      CITAS_DATABASE_POOL: String(CITAS_POOL),
    });
    citas = service;
    ctx.services.push(service);
    // What serves a request on PostgreSQL is the citas process AND the database server's backends.
    const withServer: ServiceProcess = { ...service, cpuSeconds: () => service.cpuSeconds() + serverCpu() };
    const paired: Timing = ctx.paired;
    const timing = { seconds: ctx.seconds, warmupSeconds: 1, engine: ENGINE };
    const pairedList = async (pageSize: number): Promise<{ floor: LoadResult; raw: LoadResult }> => ({
      floor: await measureListFloor(f, paired, pageSize),
      raw: await measureRawRead(ctx.floor, paired),
    });
    const pairedBook = async (): Promise<{ floor: LoadResult; raw: LoadResult }> => ({
      floor: await measureBookFloor(f, paired),
      raw: await measureRawRead(ctx.floor, paired),
    });
    part.rows.push(await listScenario(ctx, withServer, s, seeded, pairedList, timing));

    const before = await xactCounts(server, id);
    part.rows.push(await bookScenario(ctx, withServer, s, seeded, pairedBook, timing));
    // Backends report their counts when idle at most once a second, and always when they exit: stop citas first.
    await service.stop();
    await new Promise((r) => setTimeout(r, 500));
    const after = await xactCounts(server, id);
    const [{ n }] = await execAs(url, `SELECT count(*)::int AS n FROM citas WHERE id_cita > ${rows}`);
    const booked = Number(n);
    const rolledBack = after.rollbacks - before.rollbacks;
    part.notes.push(
      `${ENGINE} server: ${part.server}`,
      `${ENGINE} booking floor: ${floorRetries} deadlocks or serialization failures run again for ${floorBookings} bookings stored (warm-up included): ${(floorRetries / Math.max(1, floorBookings)).toFixed(3)} per booking; the overlap checks' indexes after it: ${plans}`,
      `${ENGINE} POST /citas: ${rolledBack} transactions rolled back (pg_stat_database.xact_rollback, each a conflict run again or a refused booking) for ${booked} bookings stored (warm-up included): ${(rolledBack / Math.max(1, booked)).toFixed(3)} per booking; ${after.commits - before.commits} transactions committed`,
      ...(server.cpuSeconds ? [`${ENGINE} rows: CPU per request includes the database server's processes (postmaster and backends), as SQLite's is inside the serving process`] : [`${ENGINE} rows: the server is not ours, its CPU is not counted`]),
    );
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    console.log(`      ${ENGINE} part failed: ${reason}`);
    part.rows.push({ scenario: `${ENGINE} part`, target: 'runs', pass: false, note: reason.slice(0, 80) });
  } finally {
    await citas?.stop();
    await floor?.stop();
    try {
      await execAs(server.superUrl(), `DROP DATABASE IF EXISTS ${floorDb} WITH (FORCE)`);
      await execAs(server.superUrl(), `DROP DATABASE IF EXISTS ${id} WITH (FORCE)`);
      await execAs(server.superUrl(), `DROP ROLE IF EXISTS ${id}`);
    } catch {
      // the server itself is going away, or was never ours to clean
    }
    server.stop();
  }
  return part;
}
