import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatRound, runRound, startStressSystem, type StressSystem } from '../../bench/lib/stress';

// A small, bounded version of `npm run stress`: real processes (admin and
// two citas on ONE citas.db, through ts-node), concurrent bookings, changes
// and cancellations on a few overlapping slots, one citas process SIGKILLed
// mid-run and restarted. The verdict comes from the stored rows
// (bench/lib/invariants.ts), held against every 2xx the clients received.

const REQUESTS = 150;
const CONCURRENCY = 12;
const SEED = 20260315;

describe('two citas processes on one database, under concurrent load and a crash', { timeout: 120_000 }, () => {
  let sys: StressSystem;

  before(async () => {
    const work = mkdtempSync(join(tmpdir(), 'odontocare-stress-test-'));
    sys = await startStressSystem({ root: resolve(__dirname, '../..'), runner: 'ts-node', logLevel: 'silent' }, work, 3, 8);
  });

  after(async () => {
    await sys?.close();
  });

  it('keeps every booking rule and every acknowledged write when one process is killed mid-run', async () => {
    const report = await runRound(sys, { label: 'crash', requests: REQUESTS, concurrency: CONCURRENCY, seed: SEED, crashAt: 0.3 });
    const summary = formatRound(report);

    assert.deepEqual(report.violations, [], summary);
    // The round really did what it claims: a crash happened, and bookings,
    // changes and cancellations were acknowledged and are in the file.
    assert.ok(report.crash, summary);
    assert.ok(report.acknowledged.creates > 0 && report.acknowledged.changes > 0 && report.acknowledged.cancels > 0, summary);
    assert.ok(report.storedCitas >= report.acknowledged.creates + report.acknowledged.changes, summary);
    assert.ok((report.statuses['409'] ?? 0) > 0, `the hot slots produced no conflict at all:\n${summary}`);
  });
});
