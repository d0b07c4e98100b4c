import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * DATA_DIR holds password hashes (admin.db) and the token signing keys
 * (jwt-keys.json): nothing there is for other local accounts. A folder this
 * process creates is 0700 and a file it creates 0600, whatever the umask;
 * what already exists is left as the operator set it. Returns the folders
 * it made, outermost first (a backup run as root gives them DATA_DIR's
 * owner, storage/data-dir-owner.ts).
 */
export function ensurePrivateDir(dir: string): string[] {
  const made: string[] = [];
  for (const folder of missingFolders(resolve(dir))) {
    try {
      mkdirSync(folder, { mode: 0o700 });
      chmodSync(folder, 0o700);
      made.push(folder);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      assertFolder(folder); // made by another process meanwhile, or a link to nowhere
    }
  }
  return made;
}

/**
 * The folders to make for `dir`, outermost first, found by walking up to
 * one that exists. Not mkdirSync's `recursive`: where mkdir answers ENOENT
 * under a parent that exists (/proc), Node's loops for ever at full CPU, and
 * it reports a read-only filesystem or a full disk as ENOENT; each mkdir
 * here fails once, with the system's own reason.
 */
function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    try {
      assertFolder(at);
      return missing;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(at) === at) throw err;
      missing.unshift(at);
    }
  }
}

/** Throws ENOTDIR (its `path` the file) when `path` is there but not a folder. */
function assertFolder(path: string): void {
  if (statSync(path).isDirectory()) return;
  throw Object.assign(new Error(`ENOTDIR: not a directory, '${path}'`), { code: 'ENOTDIR', path });
}

/** Creates `file` empty and 0600 unless it exists (SQLite gives its -wal and -shm files the same mode). */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
