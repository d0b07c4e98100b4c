import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../core/ports/clock';
import { isRunning, markOf, type ProcessMark } from '../storage/running-process';
import { BackupError } from './backup';

/**
 * One backup of a DATA_DIR at a time. Two at once (the nightly cron job and
 * a manual run) each judged the other's folder with --keep while it was
 * being written, and removed it. A second run is refused, in one line naming
 * the first, rather than made to wait: the run in progress is already taking
 * the backup the operator wants, a refusal is seen at once (and cron mails
 * it), and a run waiting behind a stuck one would leave a queue of them,
 * one more every night, that nobody sees.
 *
 * DATA_DIR/backup.lock records its owner: a file created whole with link()
 * (atomic, and never there half-written), not a library's lock: they judge a
 * lock stale by its age, so a long copy would lose its lock, or a crashed
 * run block backups for as long as the age allowed. Here a lock is stale
 * exactly when its owner no longer runs (adapters/storage/running-process.ts),
 * and the next run removes it and says so.
 */
export const LOCK_FILE = 'backup.lock';

interface Owner extends ProcessMark {
  /** When it began, for the operator. */
  started: string;
}

export interface BackupLock {
  release(): void;
}

/**
 * Takes DATA_DIR's backup lock for this process, or refuses (BackupError)
 * while another run holds it. `npm run backup` holds it across both
 * services' commands, its children: a command whose parent holds the lock
 * runs under it (and leaves it to the parent to release). `note` hears of a
 * stale lock removed.
 */
export function lockBackups(dataDir: string, clock: Clock, note: (line: string) => void): BackupLock {
  const file = join(dataDir, LOCK_FILE);
  const mine = JSON.stringify({ ...markOf(process.pid), started: clock.now().toISOString() } satisfies Owner);
  // A few rounds: each lost one means another run took or freed the lock meanwhile.
  for (let round = 0; round < 5; round++) {
    if (create(file, mine, dataDir)) return { release: () => releaseIfMine(file, mine) };
    const held = readIfThere(file);
    if (held === undefined) continue;
    const owner = parseOwner(held);
    if (owner && isRunning(owner)) {
      if (owner.pid === process.ppid) return { release: () => {} };
      throw new BackupError(
        `ya hay una copia de ${dataDir} en curso (pid ${owner.pid}, empezada ${owner.started}): esta no se hace; vuelva a lanzarla cuando aquella termine.`,
      );
    }
    if (removeIfStill(file, held)) {
      note(`una copia anterior${owner ? ` (pid ${owner.pid}, empezada ${owner.started})` : ''} se interrumpió sin terminar: se retira su cerrojo ${file}.`);
    }
  }
  throw new BackupError(`no se pudo tomar ${file}: otras copias lo toman y lo sueltan a la vez; vuelva a intentarlo.`);
}

/** Creates `file` holding `content`, whole, unless it exists: written beside it, then linked into place. */
function create(file: string, content: string, dataDir: string): boolean {
  const draft = `${file}.${process.pid}`;
  try {
    writeFileSync(draft, content, { mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupError(`${dataDir} no existe: compruebe DATA_DIR.`);
    throw new BackupError(`${draft}: ${(err as Error).message}`);
  }
  try {
    linkSync(draft, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new BackupError(`${file}: ${(err as Error).message}`);
  } finally {
    unlinkSync(draft);
  }
}

/**
 * Removes the stale lock `file` if it still holds `seen`. Two runs may judge
 * one stale lock at once: the first moves it aside and takes a fresh one,
 * and the second must not then remove that. So the lock is moved aside (one
 * of them only can) and only removed if it is the one judged; a fresh one
 * moved by mistake is put back.
 */
function removeIfStill(file: string, seen: string): boolean {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new BackupError(`${file}: ${(err as Error).message}`);
  }
  const moved = readIfThere(aside);
  if (moved !== seen) {
    try {
      linkSync(aside, file);
    } catch {
      // Yet another run took the lock in the moment it was away; it holds it now.
    }
  }
  unlinkSync(aside);
  return moved === seen;
}

function releaseIfMine(file: string, mine: string): void {
  if (readIfThere(file) === mine) unlinkSync(file);
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BackupError(`${file}: ${(err as Error).message}`);
  }
}

/** The owner a lock names; undefined for a lock no run of ours wrote whole (edited by hand): nobody holds that. */
function parseOwner(content: string): Owner | undefined {
  try {
    const owner = JSON.parse(content) as Partial<Owner>;
    if (!Number.isSafeInteger(owner.pid) || (owner.pid as number) <= 0 || typeof owner.started !== 'string') return undefined;
    return { pid: owner.pid as number, started: owner.started, ...(typeof owner.incarnation === 'string' ? { incarnation: owner.incarnation } : {}) };
  } catch {
    return undefined;
  }
}
