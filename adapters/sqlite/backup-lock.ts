import { randomUUID } from 'node:crypto';
import { lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../../core/ports/clock';
import { assertExistingDataDir } from '../storage/data-dir';
import { giveToDataDirOwner } from '../storage/data-dir-owner';
import { ensurePrivateFile } from '../storage/private-files';
import { BackupError } from './backup';

/**
 * One backup (or restore) of a DATA_DIR at a time. Two backups at once (the
 * nightly cron job and a manual run) each judged the other's folder with
 * --keep while it was being written, and removed it; a restore during a
 * backup left a folder holding citas from before it and admin from after.
 * A second run is refused, in one line naming the first, rather than made
 * to wait: the run in progress is already doing what the operator wants, a
 * refusal is seen at once (and cron mails it), and a run waiting behind a
 * stuck one would leave a queue of them, one more every night, that nobody
 * sees.
 *
 * The lock is the kernel's: a run holds SQLite's write lock on
 * DATA_DIR/backup.lock (a POSIX record lock, through the engine the
 * services already ship), which the kernel releases when the process ends,
 * however it ends. Nothing judges whether an owner still runs: a pid means
 * nothing in another PID namespace (two containers on one volume, the host
 * and a container on a bind mount), so a lock judged by pid was taken from
 * a run in progress there, and a lock judged by age is lost by a long copy.
 * The file stays in DATA_DIR, free, between runs.
 *
 * DATA_DIR/backup.lock.owner says who holds it, for the refusal; the holder
 * removes it when it ends. Found there by a run that got the lock, it names
 * a run that was killed, and the new run says so.
 */
export const LOCK_FILE = 'backup.lock';
export const OWNER_FILE = 'backup.lock.owner';
/**
 * Given by a run to the commands it runs (npm run backup runs each
 * service's): a command whose value matches the holder's record, and that
 * has an IPC channel to its holder (spawn's 'ipc'), runs under that lock.
 * Inherited, not guessed from the parent's pid, which another namespace may
 * give to an unrelated process. The channel tells the command when its
 * holder is gone: the kernel closes it however the holder ends, SIGKILL
 * too, and with the holder goes the lock.
 */
export const UNDER_LOCK_VARIABLE = 'ODONTOCARE_BACKUP_LOCK';

/** What a run holding the lock does, as its refusal of another names it. */
export type LockedWork = 'una copia' | 'una restauración';

interface Owner {
  /** Its work, as the refusal names it. */
  doing: LockedWork;
  pid: number;
  /** The machine or container it runs in (a container's hostname is its id). */
  host: string;
  /** When it began, for the operator. */
  started: string;
  /** What its commands receive in UNDER_LOCK_VARIABLE. */
  token: string;
}

/** The refusal while another run holds the lock: `holder` names it (a service's start waits instead, backup-command.ts). */
export class LockHeld extends BackupError {
  constructor(
    message: string,
    readonly holder: Holder,
  ) {
    super(message);
    this.name = 'LockHeld';
  }
}

export interface BackupLock {
  /** Frees it (once; also when the process exits without calling it). */
  release(): void;
  /** What to add to the environment of a command run under this lock (with an IPC channel to this process). */
  env: Record<string, string>;
  /**
   * Aborted when this process works under another's lock and that one has
   * ended (killed: SIGKILL, out of memory): nothing holds the lock any more.
   * Never for the holder itself, which holds it until it ends.
   */
  lost: AbortSignal;
}

/**
 * Takes DATA_DIR's backup lock for this process, at once, or refuses: with
 * LockHeld while another run holds it, with a BackupError when DATA_DIR
 * cannot hold it (missing, a file, read-only: in the services' words,
 * storage/data-dir.ts). A command run by the holder with its `env`
 * (and an IPC channel to it) runs under it, and leaves it to the holder to
 * release; it learns from `lost` that the holder has gone. `note` hears of a
 * run that was killed while it held it. A restore takes it too (`doing`):
 * a backup during a restore would copy some files from before it and
 * some from after. Nothing here waits: a command refuses, and a service's
 * start looks again until the holder ends (backup-command.ts), which the
 * kernel sees to however it ends.
 */
export function lockBackups(dataDir: string, clock: Clock, note: (line: string) => void, doing: LockedWork = 'una copia'): BackupLock {
  try {
    assertExistingDataDir(dataDir);
  } catch (err) {
    throw new BackupError((err as Error).message);
  }
  const file = join(dataDir, LOCK_FILE);
  const ownerFile = join(dataDir, OWNER_FILE);
  const db = openLock(file, dataDir);
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw new BackupError(`${file}: ${(err as Error).message}`);
    const owner = readOwner(ownerFile);
    const given = process.env[UNDER_LOCK_VARIABLE];
    if (owner && given !== undefined && owner.token === given && process.connected) return { release: () => {}, env: { [UNDER_LOCK_VARIABLE]: given }, lost: holderGone() };
    const holder = holderNamed(owner);
    throw new LockHeld(
      `ya hay ${owner?.doing ?? 'una copia o una restauración'} de ${dataDir} en curso (${holder.who}): ${doing === 'una copia' ? 'esta copia' : 'esta restauración'} no se hace; vuelva a lanzarla cuando aquella termine.`,
      holder,
    );
  }
  const left = readOwner(ownerFile);
  if (left) note(`${left.doing} anterior (${describe(left)}) se interrumpió sin terminar; esta sigue.`);
  const mine: Owner = { doing, pid: process.pid, host: hostname(), started: clock.now().toISOString(), token: randomUUID() };
  try {
    writeOwner(ownerFile, mine, dataDir);
  } catch (err) {
    db.close();
    throw err;
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    if (readOwner(ownerFile)?.token === mine.token) rmSync(ownerFile, { force: true });
    db.close(); // ends the transaction, and with it the lock
  };
  // A run that ends by process.exit() is not a killed one: it must not leave its record behind.
  process.on('exit', release);
  return { release, env: { [UNDER_LOCK_VARIABLE]: mine.token }, lost: new AbortController().signal };
}

/** A run holding DATA_DIR's lock, as its record names it, for the operator. */
export interface Holder {
  /** Its work; undefined while its record is not written yet. */
  doing?: LockedWork;
  /** "pid 123, empezada …" (and its container or machine when not this one's). */
  who: string;
}

/**
 * Who holds DATA_DIR's lock now; undefined when nobody does, or nobody
 * could (no lock file yet, a DATA_DIR nobody can write in). A look that
 * changes nothing, for restore --check: it tries to take the lock and, if
 * it can, lets it go at once, writing no record. A run starting in that
 * same instant is refused as if another held it; run again, it goes ahead.
 */
export function lockHolder(dataDir: string): Holder | undefined {
  const file = join(dataDir, LOCK_FILE);
  // Anything but a file (a FIFO would wait for a writer) is no lock a run holds: they make it a file or refuse.
  if (!lstatSync(file, { throwIfNoEntry: false })?.isFile()) return undefined;
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true, timeout: 0 });
    db.pragma('journal_mode = MEMORY');
  } catch {
    return undefined;
  }
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return undefined;
  } catch (err) {
    if ((err as { code?: string }).code !== 'SQLITE_BUSY') return undefined;
    return holderOf(join(dataDir, OWNER_FILE));
  } finally {
    db.close();
  }
}

/** The work DATA_DIR's lock record names, read without the lock: a run in progress, one killed (the record stays), or none. */
export function recordedWork(dataDir: string): LockedWork | undefined {
  try {
    return readOwner(join(dataDir, OWNER_FILE))?.doing;
  } catch {
    return undefined;
  }
}

/** The holder its record names, as much of it as is known. */
function holderOf(ownerFile: string): Holder {
  try {
    return holderNamed(readOwner(ownerFile));
  } catch {
    return holderNamed(undefined);
  }
}

function holderNamed(owner: Owner | undefined): Holder {
  return owner ? { doing: owner.doing, who: describe(owner) } : { who: 'quién, no se sabe aún' };
}

/** Aborted once the IPC channel to the holder closes; waiting for it keeps this process alive no longer than its work. */
function holderGone(): AbortSignal {
  const gone = new AbortController();
  process.once('disconnect', () => gone.abort());
  process.channel?.unref();
  return gone.signal;
}

/**
 * The lock's file, created 0600 if missing and, run as root, given to
 * DATA_DIR's owner, whose services and backups take it next
 * (storage/data-dir-owner.ts; every root run gives it again, so one killed
 * between making it and giving it leaves it root's only until the next);
 * its journal in memory, so a killed holder leaves nothing beside it. No
 * busy wait: a held lock is refused at once.
 */
function openLock(file: string, dataDir: string): Database.Database {
  try {
    ensurePrivateFile(file);
    giveToDataDirOwner(file, dataDir);
    const db = new Database(file, { timeout: 0 });
    db.pragma('journal_mode = MEMORY');
    return db;
  } catch (err) {
    throw new BackupError(`${file}: ${(err as Error).message}`);
  }
}

function describe(owner: Owner): string {
  const where = owner.host === hostname() ? '' : ` en ${owner.host}`;
  return `pid ${owner.pid}${where}, empezada ${owner.started}`;
}

/** Written beside it and renamed into place: a reader never sees half of it. Run as root, DATA_DIR's owner's: a run of theirs reads the record a killed one left. */
function writeOwner(ownerFile: string, owner: Owner, dataDir: string): void {
  const draft = `${ownerFile}.${process.pid}`;
  try {
    writeFileSync(draft, JSON.stringify(owner), { mode: 0o600 });
    giveToDataDirOwner(draft, dataDir);
    renameSync(draft, ownerFile);
  } catch (err) {
    rmSync(draft, { force: true });
    throw new BackupError(`${ownerFile}: ${(err as Error).message}`);
  }
}

/** The owner a record names; undefined when there is none, or one no run of ours wrote whole (edited by hand). */
function readOwner(ownerFile: string): Owner | undefined {
  let content: string;
  try {
    content = readFileSync(ownerFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BackupError(`${ownerFile}: ${(err as Error).message}`);
  }
  try {
    const owner = JSON.parse(content) as Partial<Owner>;
    if (!Number.isSafeInteger(owner.pid) || typeof owner.started !== 'string' || typeof owner.token !== 'string') return undefined;
    const doing: LockedWork = owner.doing === 'una restauración' ? owner.doing : 'una copia';
    return { doing, pid: owner.pid as number, host: typeof owner.host === 'string' ? owner.host : hostname(), started: owner.started, token: owner.token };
  } catch {
    return undefined;
  }
}
