import { lchownSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Run as root (a restore onto a container's volume, docs/docker.md; a
 * backup from root's crontab), what a backup or restore makes in DATA_DIR
 * is given DATA_DIR's owner, the services' user: the restored files, and
 * as much the lock it takes (backup.lock, made on a new volume), the lock's
 * record, the restore's journal and the folder of what it set aside, and a
 * backup's folder and files. Left root's (0600, 0700), the services' user
 * could not take the lock: its next backup was refused, its start too after
 * a restore killed half-way, and --keep could not remove root's backups.
 * SQLite does the same for the -journal, -wal and -shm files it makes
 * beside a database. What is made outside DATA_DIR (a --to folder on a USB
 * disk) is the operator's, and stays as made; run as anyone else, a file
 * is its maker's already.
 *
 * lchown, never chown: DATA_DIR is the services' user's, who could swap
 * a file for a link before this runs, and must not be given its target.
 */
export function giveToDataDirOwner(path: string, dataDir: string): void {
  if (process.getuid?.() !== 0 || !isWithin(dataDir, path)) return;
  const { uid, gid } = statSync(dataDir);
  lchownSync(path, uid, gid);
}

function isWithin(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
