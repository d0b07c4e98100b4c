/**
 * `npm run stress`: the concurrency and crash proof at full size.
 *
 * admin + two citas processes on one citas.db; a bounded number of bookings,
 * changes and cancellations from many patients on a few overlapping hot
 * slots; then the invariant check over the stored rows (bench/lib/invariants.ts).
 * Round 2 repeats the load while one citas process is SIGKILLed and
 * restarted. Exits 1 on any violation.
 *
 *   STRESS_REQUESTS (default 1200 per round), STRESS_CONCURRENCY (24), STRESS_SEED
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildForBench } from './lib/build';
import { formatRound, runRound, startStressSystem, type RoundReport } from './lib/stress';

async function main(): Promise<void> {
  const started = Date.now();
  const root = resolve(__dirname, '..');
  const requests = Number(process.env.STRESS_REQUESTS ?? 1200);
  const concurrency = Number(process.env.STRESS_CONCURRENCY ?? 24);
  const seed = Number(process.env.STRESS_SEED ?? Date.now() % 1_000_000);
  const build = buildForBench(root);
  const work = mkdtempSync(join(tmpdir(), 'odontocare-stress-'));
  console.log(`stress: ${requests} requests per round, ${concurrency} concurrent clients, seed ${seed}`);
  const sys = await startStressSystem({ root: build, runner: 'node', logLevel: 'warn' }, work, 4, 16);
  const reports: RoundReport[] = [];
  try {
    const log = (line: string): void => console.log(line);
    reports.push(await runRound(sys, { label: 'concurrent', requests, concurrency, seed, log }));
    console.log(formatRound(reports[0]));
    reports.push(await runRound(sys, { label: 'crash', requests, concurrency, seed: seed + 1, crashAt: 0.35, log }));
    console.log(formatRound(reports[1]));
  } finally {
    await sys.close();
  }
  const violations = reports.reduce((n, r) => n + r.violations.length, 0);
  console.log(`\n${reports.reduce((n, r) => n + r.requests, 0)} requests, ${violations} violation(s), ${((Date.now() - started) / 1000).toFixed(0)} s in all.`);
  if (violations > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
