import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, chownSync, cpSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { bothStartedAndStopped, compiledBuild } from '../support/compiled-service';
import { aClinicWithABackup, backupSuite, CLINIC_BACKUP, clockStoppedAt, factsOf, restoreKilledBefore, run, type RunAs } from '../support/npm-backup';

/**
 * `npm run restore` (in the images, restore.js) run as root on a DATA_DIR
 * that belongs to the services' user, as docs/docker.md has the IT person
 * restore onto a new machine's volume, and `npm run backup` run as root (a
 * host's crontab as root). The restored files were given DATA_DIR's owner,
 * but the lock the run took (backup.lock, made on a fresh volume), its
 * record, and a backup's folders stayed root's, 0600 and 0700: the
 * services' user could then neither take the lock (its next backup
 * refused; its start refused after a restore killed half-way) nor prune
 * root's backups. Every file such a run leaves in DATA_DIR must be
 * DATA_DIR's owner's. Real processes on a real DATA_DIR, the services' user
 * played by `nobody`; only where the tests run as root.
 */

/** The services' user: `nobody`, which owns nothing else here. */
const SERVICE_USER: RunAs = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;

/** Every entry under `dir` (itself included) that is not the services' user's: "path (uid:gid)". */
function notTheUsers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const entry = lstatSync(path);
    if (entry.uid !== SERVICE_USER.uid || entry.gid !== SERVICE_USER.gid) found.push(`${relative(dir, path) || '.'} (${entry.uid}:${entry.gid})`);
    if (entry.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

/** Whatever the service's user's processes said, for an assertion's message. */
const said = (ran: { stdout: string; stderr: string }) => `${ran.stdout}${ran.stderr}`;

describe('backup and restore run as root on a DATA_DIR of the services’ user', { skip: asRoot ? false : 'needs root: it gives DATA_DIR to another user and runs as root beside it', timeout: 240_000 }, () => {
  const { tempDir } = backupSuite();
  /** A stopped clinic's DATA_DIR (root's) with its backup in backups/antes (aClinicWithABackup). */
  let clinic: string;

  before(async () => {
    clinic = tempDir('clinic');
    await aClinicWithABackup(clinic);
    compiledBuild(); // compiled by root, read by the services' user
  });

  /** DATA_DIR as a new machine's volume has it: an empty folder of the services' user, in folders that user can walk through. */
  function aFreshVolume(): string {
    const parent = tempDir('volume');
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    chownSync(dataDir, SERVICE_USER.uid, SERVICE_USER.gid);
    return dataDir;
  }

  /** The clinic's DATA_DIR, copied and given to the services' user, as the services leave it. */
  function theClinicsVolume(): string {
    const dataDir = aFreshVolume();
    cpSync(clinic, dataDir, { recursive: true });
    const chown = spawnSync('chown', ['-R', `${SERVICE_USER.uid}:${SERVICE_USER.gid}`, dataDir]);
    assert.equal(chown.status, 0, String(chown.stderr));
    return dataDir;
  }

  it('a restore as root onto a fresh volume: every file it leaves in DATA_DIR is the services’ user’s, whose next npm run backup then runs', async () => {
    const dataDir = aFreshVolume();

    const restored = await run('restore', [join(clinic, 'backups', 'antes')], { DATA_DIR: dataDir });

    assert.equal(restored.code, 0, said(restored));
    const left = notTheUsers(dataDir);
    const backedUp = await run('backup', ['--name', 'despues'], { DATA_DIR: dataDir }, SERVICE_USER);
    assert.equal(backedUp.code, 0, said(backedUp));
    assert.deepEqual(factsOf(join(dataDir, 'backups', 'despues')), CLINIC_BACKUP);
    assert.deepEqual(left, [], 'what the restore left in DATA_DIR that is not the services’ user’s');
  });

  it('a restore as root killed half-way (before it puts citas.db in place): both services, started as their user, finish it and listen', async () => {
    const dataDir = aFreshVolume();
    const { stopped } = await restoreKilledBefore('place:citas.db', [join(clinic, 'backups', 'antes')], { DATA_DIR: dataDir });
    assert.ok(stopped, 'the restore never reached citas.db’s place');

    const { listening, stderr } = await bothStartedAndStopped(dataDir, SERVICE_USER);

    assert.deepEqual(listening, [true, true], stderr);
    assert.match(stderr, /^(admin|citas): restauración interrumpida de .* terminada/m);
    assert.deepEqual(factsOf(dataDir), CLINIC_BACKUP);
    assert.deepEqual(notTheUsers(dataDir), [], 'what is in DATA_DIR that is not the services’ user’s');
  });

  it('a backup as root (a crontab as root): every file it leaves in DATA_DIR is the services’ user’s, whose next backup --keep 1 removes it', async () => {
    const dataDir = theClinicsVolume();

    const byRoot = await run('backup', [], { DATA_DIR: dataDir, ...clockStoppedAt('2026-12-02T02:00:00Z') });

    assert.equal(byRoot.code, 0, said(byRoot));
    const left = notTheUsers(dataDir);
    const byUser = await run('backup', ['--keep', '1'], { DATA_DIR: dataDir, ...clockStoppedAt('2026-12-03T02:00:00Z') }, SERVICE_USER);
    assert.equal(byUser.code, 0, said(byUser));
    assert.deepEqual(readdirSync(join(dataDir, 'backups')).sort(), ['2026-12-03T020000Z', 'antes']);
    assert.deepEqual(left, [], 'what the backup left in DATA_DIR that is not the services’ user’s');
  });
});
