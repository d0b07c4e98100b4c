/**
 * Shows that the stress proof can fail: runs one crash round against two
 * deliberately broken builds (patched copies in bench/.build, never the
 * source) and reports what the checker found.
 *
 *   npx ts-node --transpile-only bench/mutation-check.ts      (~30 s)
 *
 * - "no overlap rule": the booking rule's overlap check AND the database
 *   triggers removed -> must report overlapping active citas;
 * - "no triggers": only the triggers removed -> must report nothing (the
 *   BEGIN IMMEDIATE check holds on its own, across two processes).
 * Exits 1 if either expectation fails.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildForBench } from './lib/build';
import { formatRound, runRound, startStressSystem } from './lib/stress';

function patch(build: string, file: string, from: RegExp, to: string): void {
  const path = join(build, file);
  const text = readFileSync(path, 'utf8');
  if (!from.test(text)) throw new Error(`${file}: ${from} not found; the mutation no longer applies`);
  writeFileSync(path, text.replace(from, to));
}

async function round(label: string, mutate: (build: string) => void): Promise<number> {
  const build = buildForBench(resolve(__dirname, '..'));
  mutate(build);
  const sys = await startStressSystem({ root: build, runner: 'node', logLevel: 'silent' }, mkdtempSync(join(tmpdir(), 'odontocare-mutant-')), 3, 8);
  try {
    const report = await runRound(sys, { label, requests: 150, concurrency: 12, seed: 1, crashAt: 0.3 });
    console.log(formatRound(report));
    return report.violations.length;
  } finally {
    await sys.close();
  }
}

const noTriggers = (build: string): void =>
  patch(build, 'adapters/sqlite/citas-migrations.js', /function overlapTrigger\(([^)]*)\) \{/, "function overlapTrigger($1) { return 'SELECT 1;';");
const noRule = (build: string): void => {
  noTriggers(build);
  patch(build, 'core/domain/appointment-booking.js', /function assertNoConflicts\(([^)]*)\) \{/, 'function assertNoConflicts($1) { return;');
};

async function main(): Promise<void> {
  const broken = await round('no overlap rule', noRule);
  const guarded = await round('no triggers', noTriggers);
  const ok = broken > 0 && guarded === 0;
  console.log(`\nno overlap rule: ${broken} violation(s) (expected > 0); no triggers: ${guarded} (expected 0) -> ${ok ? 'as expected' : 'UNEXPECTED'}`);
  if (!ok) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
