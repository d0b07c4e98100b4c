import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { fifoFile } from '../support/fifo-file';
import { backupSuite, holdBackup, type Ran, run, startBoth, startRun, type StartedRun } from '../support/npm-backup';

/**
 * `npm run backup` ended by a signal sent to it alone: cron's `timeout`
 * sends SIGTERM to the command it ran, not to what that command started. The
 * services' commands it runs copy under its lock (ODONTOCARE_BACKUP_LOCK);
 * left running once it is gone, they copy with no lock held, and the next
 * run's --keep prunes beside them. Real processes; the run is held half-way
 * (test/support/npm-backup.ts), in citas's command, or where admin's command
 * reads the keys (a FIFO, test/support/fifo-file.ts).
 */

// A hang guard, not a speed target (a machine at load 10+).
const ok = (ran: Ran) => assert.equal(ran.code, 0, ran.stderr);

/** Both services' files in `dataDir` (made by starting them once), and one backup of them taken: the night before. */
async function withLastNightsBackup(dataDir: string): Promise<{ dataDir: string; env: Record<string, string>; backups: string }> {
  const env = { DATA_DIR: dataDir };
  const services = await startBoth(dataDir);
  await services.close();
  ok(await run('backup', ['--name', '2020-01-01T020000Z'], env));
  return { dataDir, env, backups: join(dataDir, 'backups') };
}

describe('npm run backup ended by a signal to the script alone', { timeout: 240_000 }, () => {
  const { tempDir } = backupSuite();

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: the script ends only once the command it was running has ended, says so in one line, copies nothing more, and the next run goes ahead whole`, async () => {
      const { dataDir, env, backups } = await withLastNightsBackup(tempDir('interrupted'));

      const nightly = holdBackup(['--keep', '1', '--name', '2020-01-02T020000Z'], env);
      let code: number | null;
      let leftovers: boolean;
      let ended: Ran;
      try {
        assert.equal(await eventually(async () => existsSync(join(backups, '2020-01-02T020000Z', 'citas.db')), (yes) => yes), true, 'the held run never began its copy');
        code = await nightly.signalScript(signal);
      } finally {
        leftovers = nightly.endLeftovers();
        ended = await nightly.finish();
      }

      assert.equal(leftovers, false, 'a command the script started was still running, with no lock held, after the script ended');
      assert.notEqual(code, 0);
      assert.equal(ended.stderr.trim().split('\n').length, 1, ended.stderr);
      assert.match(ended.stderr, new RegExp(`backup: .*${signal}`));
      // Admin's copy never began (citas's stopped where the signal found it), and nothing old was removed.
      assert.deepEqual(readdirSync(join(backups, '2020-01-02T020000Z')).filter((f) => !f.startsWith('citas.db')), []);
      assert.equal(existsSync(join(backups, '2020-01-01T020000Z')), true);

      const next = await run('backup', ['--keep', '1', '--name', '2020-01-03T020000Z'], env);
      ok(next);
      assert.doesNotMatch(next.stdout, /se interrumpió/, 'the interrupted run left its lock record behind');
      assert.deepEqual(readdirSync(join(backups, '2020-01-03T020000Z')).sort(), ['admin.db', 'citas.db', 'jwt-keys.json']);
    });
  }

  // SIGKILL cannot be passed on: the script dies at once (the OOM killer, cron's `timeout -k`), and the kernel frees its lock.
  it('SIGKILL to the script alone while admin’s command copies: that command stops too, says so in one line, leaves no file of its copy and removes no old backup; the next run goes ahead whole', async () => {
    const { dataDir, env, backups } = await withLastNightsBackup(tempDir('killed'));

    // Admin's command reads the keys first thing, once citas's copy is in: the script is killed there, and the command then reads on.
    const keysFile = join(dataDir, 'jwt-keys.json');
    const keys = readFileSync(keysFile);
    rmSync(keysFile);
    let nightly: StartedRun | undefined;
    let killed: Awaited<StartedRun['exited']> | undefined;
    const keysRead = fifoFile(keysFile, keys, async (n) => {
      if (n > 1) return;
      process.kill(nightly!.pid, 'SIGKILL');
      killed = await nightly!.exited;
    });
    nightly = startRun('backup', ['--keep', '1', '--name', '2020-01-02T020000Z'], env);
    let ended: Ran;
    try {
      // Its output closes once the script and every command it started have ended (each holds it to the end).
      ended = await nightly.ended;
    } finally {
      nightly.endLeftovers();
      await keysRead.stop();
      rmSync(keysFile);
      writeFileSync(keysFile, keys, { mode: 0o600 });
    }

    assert.equal(killed?.signal, 'SIGKILL', 'the script had ended before admin’s command read the keys');
    // Citas's copy is in (it ended before the kill); of admin's, no file is left, whole or begun; nothing old was removed.
    assert.deepEqual(readdirSync(join(backups, '2020-01-02T020000Z')), ['citas.db'], `admin’s command went on copying with no lock held: ${ended.stdout}`);
    assert.equal(existsSync(join(backups, '2020-01-01T020000Z')), true, `admin’s command pruned with no lock held: ${ended.stdout}`);
    assert.equal(ended.stderr.trim().split('\n').length, 1, ended.stderr);
    assert.match(ended.stderr, /^admin: .*npm run backup/);

    const next = await run('backup', ['--keep', '1', '--name', '2020-01-03T020000Z'], env);
    ok(next);
    assert.match(next.stdout, /se interrumpió/, 'the killed run is not said');
    assert.deepEqual(readdirSync(join(backups, '2020-01-03T020000Z')).sort(), ['admin.db', 'citas.db', 'jwt-keys.json']);
  });
});
