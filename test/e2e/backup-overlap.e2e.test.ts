import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { backupSuite, holdBackup, type Ran, run, startBoth } from '../support/npm-backup';

/**
 * Two `npm run backup -- --keep N` on one DATA_DIR at once: the nightly cron
 * job and a manual run. Each run's --keep judges the other's folder while it
 * is being written; one run at a time, and a run that died must not stop the
 * next. Real processes on a real DATA_DIR; the first run is held half-way
 * (test/support/npm-backup.ts) instead of hoping to catch it there.
 */

const WHOLE = ['admin.db', 'citas.db', 'jwt-keys.json'];

describe('two backups of one DATA_DIR at once (npm run backup -- --keep N)', { timeout: 90_000 }, () => {
  const { tempDir } = backupSuite();

  /** Waits until the held run has begun writing `folder`. */
  const begun = (folder: string) => eventually(async () => existsSync(folder), (yes) => yes);

  it('a second run while one is in progress refuses in one line naming the first, and removes nothing; the first ends whole', async () => {
    const dataDir = tempDir('overlap');
    const services = await startBoth(dataDir);
    try {
      const env = { DATA_DIR: dataDir };
      const backups = join(dataDir, 'backups');
      const ok = (ran: Ran) => assert.equal(ran.code, 0, ran.stderr);
      ok(await run('backup', ['--name', '2020-01-01T020000Z'], env));

      // The cron job's run, stopped after citas's copy, before admin's.
      const cron = holdBackup(['--keep', '1', '--name', '2020-01-02T020000Z'], env);
      let manual: Ran;
      let cronRan: Ran;
      try {
        assert.equal(await begun(join(backups, '2020-01-02T020000Z')), true, 'the held run never began its copy');
        manual = await run('backup', ['--keep', '1', '--name', '2020-01-03T020000Z'], env);
      } finally {
        cronRan = await cron.finish();
      }

      assert.equal(manual.code, 1, `the second run went ahead: ${manual.stdout}${manual.stderr}`);
      assert.equal(manual.stderr.trim().split('\n').length, 1, manual.stderr);
      assert.match(manual.stderr, /en curso/);
      assert.match(manual.stderr, new RegExp(`pid ${cron.pid}\\b`));
      ok(cronRan);
      assert.deepEqual(readdirSync(backups).sort(), ['2020-01-02T020000Z']);
      assert.deepEqual(readdirSync(join(backups, '2020-01-02T020000Z')).sort(), WHOLE);
    } finally {
      await services.close();
    }
  });

  it('a run killed half-way (a crash, a power cut) does not block the next: it goes ahead and its --keep prunes as usual', async () => {
    const dataDir = tempDir('crashed');
    const services = await startBoth(dataDir);
    try {
      const env = { DATA_DIR: dataDir };
      const backups = join(dataDir, 'backups');
      const ok = (ran: Ran) => assert.equal(ran.code, 0, ran.stderr);
      ok(await run('backup', ['--name', '2020-01-01T020000Z'], env));

      const crashed = holdBackup(['--keep', '2', '--name', '2020-01-02T020000Z'], env);
      try {
        assert.equal(await begun(join(backups, '2020-01-02T020000Z')), true, 'the held run never began its copy');
      } finally {
        await crashed.kill();
      }

      const next = await run('backup', ['--keep', '2', '--name', '2020-01-03T020000Z'], env);
      ok(next);
      assert.doesNotMatch(next.stderr, /en curso/);
      assert.match(next.stdout, new RegExp(`pid ${crashed.pid}\\b.*se interrumpió`));
      // The dead run's folder holds citas.db only: not whole, so it counts for nothing and goes with the older one kept.
      assert.deepEqual(readdirSync(backups).sort(), ['2020-01-01T020000Z', '2020-01-02T020000Z', '2020-01-03T020000Z']);
      assert.deepEqual(readdirSync(join(backups, '2020-01-03T020000Z')).sort(), WHOLE);
      ok(await run('backup', ['--keep', '2', '--name', '2020-01-04T020000Z'], env));
      assert.deepEqual(readdirSync(backups).sort(), ['2020-01-03T020000Z', '2020-01-04T020000Z']);
    } finally {
      await services.close();
    }
  });

  it('npm run restore while a backup runs is refused in one line naming it, and touches nothing: the backup would hold citas from before the restore and admin from after', async () => {
    const dataDir = tempDir('restore-during');
    const env = { DATA_DIR: dataDir };
    const backups = join(dataDir, 'backups');
    const services = await startBoth(dataDir);
    try {
      assert.equal((await run('backup', ['--name', 'antes'], env)).code, 0);
    } finally {
      await services.close();
    }

    // The nightly run, stopped after citas's copy, before admin's; the services are stopped for the restore.
    const nightly = holdBackup(['--name', '2020-01-02T020000Z'], env);
    let restore: Ran;
    let nightlyRan: Ran;
    try {
      assert.equal(await begun(join(backups, '2020-01-02T020000Z')), true, 'the held run never began its copy');
      restore = await run('restore', [join(backups, 'antes')], env);
    } finally {
      nightlyRan = await nightly.finish();
    }

    assert.equal(restore.code, 1, `the restore went ahead during the backup: ${restore.stdout}${restore.stderr}`);
    assert.equal(restore.stderr.trim().split('\n').length, 1, restore.stderr);
    assert.match(restore.stderr, new RegExp(`en curso.*pid ${nightly.pid}\\b`));
    assert.deepEqual(readdirSync(dataDir).filter((f) => f.startsWith('replaced-')), [], 'files were set aside');
    assert.equal(nightlyRan.code, 0, nightlyRan.stderr);
  });
});
