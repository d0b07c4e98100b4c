import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compiledBuild, startService, type StartedService } from '../support/compiled-service';
import { aClinicWithABackup, backupSuite, CLINIC_BACKUP, CLINIC_NOW, factsOf, type StartedRun } from '../support/npm-backup';
import { restoreHeldAt as heldRestore } from '../support/restore-held';

/**
 * A service started while `npm run restore` runs on its DATA_DIR (a
 * colleague's `npm start`, a service manager restarting it, `docker compose
 * up`): it waits for the restore to end, however long the restore's copying
 * takes, says so in one line, and then starts on what the restore left. It
 * used to wait 60 s at most, then refuse, calling the restore in progress
 * "interrumpida"; and started at once, on the files the restore was about to
 * set aside, while the restore was still checking the backup. A restore that
 * dies meanwhile is not waited for: the service ends it and starts.
 *
 * The restore is held where the test wants it by its backup's keys, read
 * through a FIFO (test/support/fifo-file.ts): the first read is its checks,
 * with nothing copied yet; the second is its copy, once citas.db and
 * admin.db are copied beside their place. It stays there, holding DATA_DIR's
 * lock, until the test has seen what the services do: events, never timers.
 * Real processes on a real DATA_DIR.
 */

/** The line a service says while it waits for the restore whose process is `pid`. */
const waitsFor = (service: string, pid: number) => new RegExp(`^${service}: espera a que termine la restauración de DATA_DIR .*en curso \\(pid ${pid}\\b`, 'm');

/** What a service started during the restore does first: say it waits, listen, or end (a refused start). */
type Outcome = 'waits' | 'listening' | 'ended';
function firstOf(service: StartedService, says: RegExp): Promise<Outcome> {
  return Promise.race([service.saysOnStderr(says).then((said): Outcome => (said ? 'waits' : 'ended')), service.listening.then((up): Outcome => (up ? 'listening' : 'ended'))]);
}

// A hang guard, not a speed target (a machine at load 10+).
describe('a service started while npm run restore runs on its DATA_DIR', { timeout: 240_000 }, () => {
  const { tempDir } = backupSuite();
  /** A stopped clinic's DATA_DIR with its backup in backups/antes (aClinicWithABackup). */
  let clinic: string;

  before(async () => {
    clinic = tempDir('clinic');
    await aClinicWithABackup(clinic);
    compiledBuild(); // outside the runs below: the services start from npm start's compiled copy
  });

  /** restoreHeldAt (test/support/restore-held.ts) of the clinic, into a DATA_DIR of its own. */
  const restoreHeldAt = (atRead: 1 | 2, meanwhile: (restoring: StartedRun, dataDir: string) => Promise<void>) =>
    heldRestore(clinic, join(tempDir('restoring'), 'data'), atRead, meanwhile);

  const env = (dataDir: string) => ({ DATA_DIR: dataDir, ADMIN_PORT: '0', CITAS_PORT: '0', CITAS_WORKERS: 'false' });

  it('both started while the restore copies (held there until both are seen waiting, for as long as it takes): each says in one line that it waits for that restore, the restore ends (exit 0), and both start on the backup’s data', async () => {
    let services: StartedService[] = [];
    let outcomes: Outcome[] = [];
    const { dataDir, ended, reached } = await restoreHeldAt(2, async (restoring, data) => {
      services = [startService('admin', env(data)), startService('citas', env(data))];
      outcomes = await Promise.all(services.map((s, i) => firstOf(s, waitsFor(['admin', 'citas'][i], restoring.pid))));
    });
    const listening = await Promise.all(services.map((s) => s.listening));
    const stopped = await Promise.all(services.map((s) => s.stop()));

    const stderr = stopped.map((s) => s.stderr).join('');
    assert.ok(reached, `the restore never copied the keys: ${ended.stdout}${ended.stderr}`);
    assert.deepEqual(outcomes, ['waits', 'waits'], stderr);
    assert.equal(ended.code, 0, `${ended.stdout}${ended.stderr}`);
    assert.deepEqual(listening, [true, true], stderr);
    for (const [i, service] of ['admin', 'citas'].entries()) {
      const said = stopped[i].stderr.split('\n').filter((line) => line.startsWith(`${service}: `));
      assert.equal(said.length, 1, stopped[i].stderr);
    }
    assert.doesNotMatch(stderr, /interrumpida/, 'a restore in progress called interrupted');
    assert.deepEqual(factsOf(dataDir), CLINIC_BACKUP, 'the services did not start on the restored data');
  });

  it('citas started while the restore still checks the backup (nothing copied yet): it waits too, rather than open the citas.db the restore is about to set aside; then it starts on the backup’s', async () => {
    let citas: StartedService | undefined;
    let outcome: Outcome | undefined;
    const { dataDir, ended, reached } = await restoreHeldAt(1, async (restoring, data) => {
      citas = startService('citas', env(data));
      outcome = await firstOf(citas, waitsFor('citas', restoring.pid));
    });
    const listening = await citas!.listening;
    const stopped = await citas!.stop();

    assert.ok(reached, `the restore never checked the keys: ${ended.stdout}${ended.stderr}`);
    assert.equal(outcome, 'waits', stopped.stderr);
    assert.equal(ended.code, 0, `${ended.stdout}${ended.stderr}`);
    assert.equal(listening, true, stopped.stderr);
    assert.deepEqual(factsOf(dataDir), CLINIC_BACKUP, 'citas started on the files the restore set aside');
  });

  it('the restore killed (SIGKILL) while citas waits for it: citas does not wait for a dead restore; it ends it (nothing had changed: the copies are removed), in one line, and starts on the data from before', async () => {
    let citas: StartedService | undefined;
    let outcome: Outcome | undefined;
    const { dataDir, reached } = await restoreHeldAt(2, async (restoring, data) => {
      citas = startService('citas', env(data));
      outcome = await firstOf(citas, waitsFor('citas', restoring.pid));
      restoring.endLeftovers(); // SIGKILL to the restore: its lock goes with it
      await restoring.exited;
    });
    const listening = await citas!.listening;
    const stopped = await citas!.stop();

    assert.ok(reached, 'the restore never copied the keys');
    assert.equal(outcome, 'waits', stopped.stderr);
    assert.equal(listening, true, stopped.stderr);
    const said = stopped.stderr.split('\n').filter((line) => /interrumpida/.test(line));
    assert.equal(said.length, 1, stopped.stderr);
    assert.match(said[0], /^citas: restauración interrumpida .*antes de cambiar nada: borrados .*citas\.db\.restoring/);
    assert.deepEqual(factsOf(dataDir), CLINIC_NOW);
  });
});
