import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

/**
 * DATA_DIR holds password hashes (admin.db) and the token signing keys
 * (jwt-keys.json): nothing there is for other local accounts. A folder this
 * process creates is 0700 and a file it creates 0600, whatever the umask;
 * what already exists is left as the operator set it.
 */
export function ensurePrivateDir(dir: string): void {
  const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) chmodSync(dir, 0o700);
}

/** Creates `file` empty and 0600 unless it exists (SQLite gives its -wal and -shm files the same mode). */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
