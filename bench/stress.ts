/**
 * `npm run stress`: the concurrency and crash proof at full size.
 *
 * admin + two citas processes on one citas store; a bounded number of bookings,
 * changes and cancellations from many patients on a few overlapping hot
 * slots; then the invariant check over the stored rows (bench/lib/invariants.ts).
 * Round 2 repeats the load while one citas process is SIGKILLed and
 * restarted. Exits 1 on any violation.
 *
 *   STRESS_REQUESTS (default 1200 per round), STRESS_CONCURRENCY (24), STRESS_SEED
 *
 * Storage: SQLite by default (admin.db, one citas.db per round, in a
 * temporary folder). With STRESS_POSTGRES_URL set to a PostgreSQL
 * superuser's URL (or `--postgres <url>`), every service runs on PostgreSQL
 * instead: the run creates an admin database and one citas database per
 * round, each with a role of its own, and drops them at the end. The
 * citas need the btree_gist extension (Debian's postgresql-contrib).
 *
 *   STRESS_POSTGRES_URL=postgres://postgres:pw@127.0.0.1:5432/postgres npm run stress
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildForBench } from './lib/build';
import { benchPostgres } from './lib/postgres';
import { formatRound, runRound, startStressSystem, type RoundReport, type StressStorage } from './lib/stress';

function postgresUrl(argv: string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--postgres' || a.startsWith('--postgres='));
  if (i < 0) return process.env.STRESS_POSTGRES_URL || undefined;
  const url = argv[i].includes('=') ? argv[i].slice('--postgres='.length) : argv[i + 1];
  if (!url) throw new Error('--postgres needs a PostgreSQL superuser URL');
  return url;
}

async function main(): Promise<void> {
  const started = Date.now();
  const root = resolve(__dirname, '..');
  const requests = Number(process.env.STRESS_REQUESTS ?? 1200);
  const concurrency = Number(process.env.STRESS_CONCURRENCY ?? 24);
  const seed = Number(process.env.STRESS_SEED ?? Date.now() % 1_000_000);
  const build = buildForBench(root);
  const work = mkdtempSync(join(tmpdir(), 'odontocare-stress-'));
  const superuserUrl = postgresUrl(process.argv.slice(2));
  const pg = superuserUrl ? benchPostgres(superuserUrl) : undefined;
  console.log(
    `stress: ${requests} requests per round, ${concurrency} concurrent clients, seed ${seed}, storage ${pg ? `PostgreSQL at ${pg.where}` : 'SQLite'}`,
  );
  const reports: RoundReport[] = [];
  try {
    const storage: StressStorage = pg
      ? { kind: 'postgres', adminDatabaseUrl: await pg.createDatabase('admin'), newCitasDatabase: (label) => pg.createDatabase(`citas_${label}`) }
      : { kind: 'sqlite' };
    const sys = await startStressSystem({ root: build, runner: 'node', logLevel: 'warn' }, work, 4, 16, storage);
    try {
      const log = (line: string): void => console.log(line);
      reports.push(await runRound(sys, { label: 'concurrent', requests, concurrency, seed, log }));
      console.log(formatRound(reports[0]));
      reports.push(await runRound(sys, { label: 'crash', requests, concurrency, seed: seed + 1, crashAt: 0.35, log }));
      console.log(formatRound(reports[1]));
    } finally {
      await sys.close();
    }
  } finally {
    await pg?.dropAll();
  }
  const violations = reports.reduce((n, r) => n + r.violations.length, 0);
  console.log(`\n${reports.reduce((n, r) => n + r.requests, 0)} requests, ${violations} violation(s), ${((Date.now() - started) / 1000).toFixed(0)} s in all.`);
  if (violations > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
