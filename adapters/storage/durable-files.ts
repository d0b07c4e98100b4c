import { closeSync, fsyncSync, openSync, writeFileSync } from 'node:fs';

/**
 * What a step of the restore must have on the disk, not only in the page
 * cache, before the next one: after a power cut the kernel may have kept a
 * rename and lost the content it named, leaving an empty or short file where
 * a database was (adapters/sqlite/restore-journal.ts).
 */

/** Writes `content` into a new file (0600, refused if one is there) and flushes it to the disk before returning. */
export function writeNewFileDurably(file: string, content: Buffer | string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Flushes a folder's entries to the disk: the files created, renamed or
 * removed in it. A filesystem that cannot flush a folder (EINVAL: some
 * network and FUSE mounts) is left as it is; there is nothing more to ask of it.
 */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } catch (err) {
    if (!['EINVAL', 'EISDIR', 'ENOTSUP'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    closeSync(fd);
  }
}
