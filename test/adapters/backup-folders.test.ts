import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupName, isBackupName, removeOldBackups } from '../../adapters/sqlite/backup-folders';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** DATA_DIR/backups holding these folders, each with a file in it (a backup is never empty). */
function backupsWith(...folders: string[]): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-keep-'));
  dirs.push(dataDir);
  const backups = join(dataDir, 'backups');
  for (const folder of folders) {
    mkdirSync(join(backups, folder), { recursive: true });
    writeFileSync(join(backups, folder, 'citas.db'), 'copia');
  }
  mkdirSync(backups, { recursive: true });
  return backups;
}

describe('old backups that --keep removes (adapters/sqlite/backup-folders.ts)', () => {
  it('knows the names backupName() makes, and only those', () => {
    assert.equal(backupName(new Date('2026-12-01T10:30:05.123Z')), '2026-12-01T103005Z');
    assert.equal(isBackupName(backupName(new Date())), true);
    for (const other of ['antes-de-migrar', 'replaced-2026-12-01T103005Z', '2026-12-01T103005Z-copia', '2026-12-01T10:30:05Z', '2026-12-01', '']) {
      assert.equal(isBackupName(other), false, other);
    }
  });

  it('removes the dated backups beyond the newest N, oldest first, and says which', () => {
    const backups = backupsWith('2026-11-28T020000Z', '2026-11-29T020000Z', '2026-11-30T020000Z', '2026-12-01T020000Z');

    const removed = removeOldBackups(backups, 2, '2026-12-01T020000Z');

    assert.deepEqual(removed, [join(backups, '2026-11-28T020000Z'), join(backups, '2026-11-29T020000Z')]);
    assert.deepEqual(readdirSync(backups).sort(), ['2026-11-30T020000Z', '2026-12-01T020000Z']);
  });

  it('never touches a folder with another name, a file or a link with a dated name, or what a link points to', () => {
    const outside = mkdtempSync(join(tmpdir(), 'odontocare-keep-outside-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'citas.db'), 'fuera de DATA_DIR/backups');
    const backups = backupsWith('antes-de-migrar', 'replaced-2026-11-01T000000Z', '2026-11-30T020000Z', '2026-12-01T020000Z');
    writeFileSync(join(backups, '2026-10-01T000000Z'), 'un fichero, no una copia');
    symlinkSync(outside, join(backups, '2026-10-02T000000Z'));

    assert.deepEqual(removeOldBackups(backups, 1, '2026-12-01T020000Z'), [join(backups, '2026-11-30T020000Z')]);

    assert.deepEqual(readdirSync(backups).sort(), ['2026-10-01T000000Z', '2026-10-02T000000Z', '2026-12-01T020000Z', 'antes-de-migrar', 'replaced-2026-11-01T000000Z']);
    assert.equal(existsSync(join(outside, 'citas.db')), true);
  });

  it('keeps the backup just written even when its name sorts before the others (a clock set back)', () => {
    const backups = backupsWith('2026-11-30T020000Z', '2026-12-01T020000Z', '2026-12-02T020000Z', '2020-01-01T000000Z');

    const removed = removeOldBackups(backups, 2, '2020-01-01T000000Z');

    assert.deepEqual(removed, [join(backups, '2026-11-30T020000Z'), join(backups, '2026-12-01T020000Z')]);
    assert.deepEqual(readdirSync(backups).sort(), ['2020-01-01T000000Z', '2026-12-02T020000Z']);
  });

  it('with a named backup just written (--name), keeps the newest N dated ones besides it', () => {
    const backups = backupsWith('antes-de-migrar', '2026-11-30T020000Z', '2026-12-01T020000Z', '2026-12-02T020000Z');

    assert.deepEqual(removeOldBackups(backups, 2, 'antes-de-migrar'), [join(backups, '2026-11-30T020000Z')]);
    assert.deepEqual(readdirSync(backups).sort(), ['2026-12-01T020000Z', '2026-12-02T020000Z', 'antes-de-migrar']);
  });

  it('counts among the N only folders holding every file the new backup holds: a copy that failed halfway pushes no whole backup out', () => {
    const backups = backupsWith('2026-11-26T020000Z', '2026-11-27T020000Z', '2026-11-28T020000Z', '2026-12-01T020000Z');
    for (const whole of ['2026-11-26T020000Z', '2026-11-27T020000Z', '2026-11-28T020000Z', '2026-12-01T020000Z']) writeFileSync(join(backups, whole, 'admin.db'), 'copia');
    // Citas's copy failed on the 29th (admin's alone went in), and the 30th's failed before writing anything.
    mkdirSync(join(backups, '2026-11-29T020000Z'));
    writeFileSync(join(backups, '2026-11-29T020000Z', 'admin.db'), 'copia');
    mkdirSync(join(backups, '2026-11-30T020000Z'));

    const removed = removeOldBackups(backups, 3, '2026-12-01T020000Z');

    assert.deepEqual(removed, [join(backups, '2026-11-26T020000Z')]);
    assert.deepEqual(readdirSync(backups).sort(), ['2026-11-27T020000Z', '2026-11-28T020000Z', '2026-11-29T020000Z', '2026-11-30T020000Z', '2026-12-01T020000Z']);
  });

  it('removes the incomplete folders older than the oldest whole backup kept, with it', () => {
    const backups = backupsWith('2026-11-27T020000Z', '2026-11-29T020000Z', '2026-12-01T020000Z');
    mkdirSync(join(backups, '2026-11-28T020000Z'));
    mkdirSync(join(backups, '2026-11-30T020000Z'));

    const removed = removeOldBackups(backups, 2, '2026-12-01T020000Z');

    assert.deepEqual(removed, [join(backups, '2026-11-27T020000Z'), join(backups, '2026-11-28T020000Z')]);
    assert.deepEqual(readdirSync(backups).sort(), ['2026-11-29T020000Z', '2026-11-30T020000Z', '2026-12-01T020000Z']);
  });

  it('removes nothing while there are N or fewer', () => {
    const backups = backupsWith('2026-12-01T020000Z', '2026-12-02T020000Z');
    assert.deepEqual(removeOldBackups(backups, 2, '2026-12-02T020000Z'), []);
    assert.deepEqual(readdirSync(backups).sort(), ['2026-12-01T020000Z', '2026-12-02T020000Z']);
  });
});
