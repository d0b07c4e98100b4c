import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BackupError } from './backup';

/** A backup's default folder name, 2026-12-01T103005Z: sorts by date, and no colon (docker cp reads "name:path"). */
export function backupName(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
}

/** The names backupName() makes, and nothing else: any other name in DATA_DIR/backups was chosen by someone, on purpose. */
const BACKUP_NAME = /^\d{4}-\d{2}-\d{2}T\d{6}Z$/;

export function isBackupName(name: string): boolean {
  return BACKUP_NAME.test(name);
}

/**
 * `backup --keep N`: removes the default-named backups in `backupsDir`
 * (DATA_DIR/backups) beyond the newest `keep`, oldest first, and returns
 * their paths. Only real folders with a backupName() name are candidates: a
 * --name folder, a file, a link (and what it points to) stay. Their names
 * sort by date, so no file time is read. `current`, the backup just written,
 * always counts among those kept: a clock set back must not make the newest
 * copy the first to go.
 *
 * Only a whole backup counts among the N: a folder holding every file
 * `current` holds. A copy that failed leaves its folder behind (empty, or
 * admin's files without citas.db when `npm run backup`'s citas copy failed);
 * counted, a few such nights would push every whole backup but the new one
 * out. Those folders are kept while newer than the oldest whole backup kept,
 * and removed with the whole ones older than it.
 */
export function removeOldBackups(backupsDir: string, keep: number, current: string): string[] {
  const others = readdirSync(backupsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isBackupName(entry.name) && entry.name !== current)
    .map((entry) => entry.name)
    .sort();
  const wholeBackup = readdirSync(join(backupsDir, current));
  const isWhole = (name: string): boolean => {
    const held = new Set(readdirSync(join(backupsDir, name)));
    return wholeBackup.every((file) => held.has(file));
  };
  let othersKept = isBackupName(current) ? keep - 1 : keep;
  // Newest first: the folders down to the last whole backup kept stay; everything older goes.
  let firstOld = others.length;
  while (firstOld > 0 && othersKept > 0) {
    firstOld -= 1;
    if (isWhole(others[firstOld])) othersKept -= 1;
  }
  const old = others.slice(0, othersKept > 0 ? 0 : firstOld).map((name) => join(backupsDir, name));
  const removed: string[] = [];
  for (const dir of old) {
    try {
      rmSync(dir, { recursive: true });
    } catch (err) {
      // The new backup is in place; the operator learns that pruning stopped, and what it had removed so far.
      const before = removed.length > 0 ? ` (ya borradas: ${removed.join(', ')})` : '';
      throw new BackupError(`no se pudo borrar la copia antigua ${dir}: ${(err as Error).message}${before}`);
    }
    removed.push(dir);
  }
  return removed;
}
