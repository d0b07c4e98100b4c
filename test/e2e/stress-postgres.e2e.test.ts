import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { formatRound, runRound, startStressSystem, type StressSystem } from '../../bench/lib/stress';
import { describeWithPostgres } from '../support/postgres';

// test/e2e/stress.e2e.test.ts on PostgreSQL: the same bounded round (real
// processes through ts-node: admin, and two citas processes on ONE citas
// database; concurrent bookings, changes and cancellations on a few
// overlapping slots; one citas process SIGKILLed mid-run and restarted),
// with each service on its own database and role (ADMIN_DATABASE_URL,
// CITAS_DATABASE_URL). The verdict comes from the rows stored in PostgreSQL
// (bench/lib/citas-db.ts), held by the same checker (bench/lib/invariants.ts)
// against every 2xx the clients received. PostgreSQL rolls back the killed
// process's open transactions; a write whose answer was lost may or may not
// have committed, which the checker allows; an acknowledged write missing,
// it does not.

const REQUESTS = 150;
const CONCURRENCY = 12;
const SEED = 20260315;

describeWithPostgres('two citas processes on one PostgreSQL database, under concurrent load and a crash', (pg) => {
  let sys: StressSystem;

  before(async () => {
    const work = mkdtempSync(join(tmpdir(), 'odontocare-stress-pg-test-'));
    const adminDatabaseUrl = await pg().createDatabase('admin');
    sys = await startStressSystem({ root: resolve(__dirname, '../..'), runner: 'ts-node', logLevel: 'silent' }, work, 3, 8, {
      kind: 'postgres',
      adminDatabaseUrl,
      newCitasDatabase: () => pg().createDatabase('citas'),
    });
  });

  after(async () => {
    await sys?.close();
  });

  it('keeps every booking rule and every acknowledged write when one process is killed mid-run', { timeout: 120_000 }, async (t) => {
    const report = await runRound(sys, { label: 'crash', requests: REQUESTS, concurrency: CONCURRENCY, seed: SEED, crashAt: 0.3 });
    const summary = formatRound(report);
    t.diagnostic(summary);

    assert.equal(report.storage, 'postgres', summary);
    assert.deepEqual(report.violations, [], summary);
    // The round really did what it claims: a crash happened, and bookings,
    // changes and cancellations were acknowledged and are in the database.
    assert.ok(report.crash, summary);
    assert.ok(report.acknowledged.creates > 0 && report.acknowledged.changes > 0 && report.acknowledged.cancels > 0, summary);
    assert.ok(report.storedCitas >= report.acknowledged.creates + report.acknowledged.changes, summary);
    assert.ok((report.statuses['409'] ?? 0) > 0, `the hot slots produced no conflict at all:\n${summary}`);
  });
});
