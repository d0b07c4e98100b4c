/**
 * `npm run restore` held half-way, for a test of what else meets it on its
 * DATA_DIR (a service's start, npm start): the backup's keys are read through
 * a FIFO (fifo-file.ts), so the test learns by an event, never a timer, that
 * the restore has reached that read, and acts while it is held there.
 */
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fifoFile } from './fifo-file';
import { type Ran, startRun, type StartedRun } from './npm-backup';

/**
 * `npm run restore` of a copy of `clinic` (a DATA_DIR with its backup in
 * backups/antes, aClinicWithABackup) into `dataDir`, held at the `atRead`-th
 * read of its backup's keys (1: checking, 2: copying) while `meanwhile`
 * runs; resolves once the restore has ended, with what it said.
 */
export async function restoreHeldAt(
  clinic: string,
  dataDir: string,
  atRead: 1 | 2,
  meanwhile: (restoring: StartedRun, dataDir: string) => Promise<void>,
): Promise<{ dataDir: string; ended: Ran; reached: boolean }> {
  cpSync(clinic, dataDir, { recursive: true });
  const backup = join(dataDir, 'backups', 'antes');
  const keysFile = join(backup, 'jwt-keys.json');
  const keys = readFileSync(keysFile);
  rmSync(keysFile);
  let reached = false;
  let restoring: StartedRun | undefined;
  const keysRead = fifoFile(keysFile, keys, async (n) => {
    if (n !== atRead) return;
    reached = true;
    await meanwhile(restoring!, dataDir);
  });
  restoring = startRun('restore', [backup], { DATA_DIR: dataDir });
  try {
    return { dataDir, ended: await restoring.ended, reached };
  } finally {
    restoring.endLeftovers();
    await keysRead.stop();
  }
}
