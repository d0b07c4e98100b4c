import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { giveToDataDirOwner } from '../../adapters/storage/data-dir-owner';

/**
 * What a backup or restore run as root gives DATA_DIR's owner, at its two
 * edges (the runs themselves: test/e2e/restore-as-root.e2e.test.ts): a link
 * the services' user put in DATA_DIR, and a file outside DATA_DIR (a --to
 * folder). Real files; only where the tests run as root.
 */

const SERVICE_USER = { uid: 65534, gid: 65534 };
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A root's folder holding DATA_DIR (the services' user's) and, beside it, a file of root's. */
function aDataDirBesideRootsFile(): { dataDir: string; rootsFile: string } {
  const parent = mkdtempSync(join(tmpdir(), 'odontocare-owner-'));
  dirs.push(parent);
  const dataDir = join(parent, 'data');
  mkdirSync(dataDir);
  chownSync(dataDir, SERVICE_USER.uid, SERVICE_USER.gid);
  const rootsFile = join(parent, 'de-root');
  writeFileSync(rootsFile, 'de root');
  return { dataDir, rootsFile };
}

const ownerOf = (path: string) => {
  const { uid, gid } = statSync(path);
  return { uid, gid };
};

describe('giveToDataDirOwner, run as root (adapters/storage/data-dir-owner.ts)', { skip: process.getuid?.() === 0 ? false : 'needs root: it gives files to another user' }, () => {
  it('a link the services’ user put where a file of the run was: the link is given, never what it points to', () => {
    const { dataDir, rootsFile } = aDataDirBesideRootsFile();
    const link = join(dataDir, 'backup.lock');
    symlinkSync(rootsFile, link);

    giveToDataDirOwner(link, dataDir);

    assert.deepEqual(ownerOf(rootsFile), { uid: 0, gid: 0 }, 'the services’ user was given root’s file');
    assert.equal(lstatSync(link).uid, SERVICE_USER.uid);
  });

  it('a file outside DATA_DIR (a --to folder of the operator’s), even one named from DATA_DIR with "..": stays as made', () => {
    const { dataDir, rootsFile } = aDataDirBesideRootsFile();

    giveToDataDirOwner(rootsFile, dataDir);
    giveToDataDirOwner(join(dataDir, '..', 'de-root'), dataDir);

    assert.deepEqual(ownerOf(rootsFile), { uid: 0, gid: 0 });
  });

  it('a file and a folder in DATA_DIR, however deep: given to its owner', () => {
    const { dataDir } = aDataDirBesideRootsFile();
    const folder = join(dataDir, 'backups', '2026-12-02T020000Z');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '..fichero'), 'x');

    for (const made of [join(dataDir, 'backups'), folder, join(folder, '..fichero')]) giveToDataDirOwner(made, dataDir);

    for (const made of [join(dataDir, 'backups'), folder, join(folder, '..fichero')]) assert.deepEqual(ownerOf(made), SERVICE_USER, made);
  });
});
