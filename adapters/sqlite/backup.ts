import { closeSync, existsSync, lstatSync, openSync, readFileSync, rmSync, type Stats, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { openElsewhere } from './open-elsewhere';
import { giveToDataDirOwner } from '../storage/data-dir-owner';
import { writeNewFileDurably } from '../storage/durable-files';
import { ensurePrivateDir } from '../storage/private-files';
import { newerSchemaMessage, unknownMigrations } from '../storage/schema-versions';
import { appliedMigrations, type Migration } from './open-database';
import { beginSwap, describeNewFile, JOURNAL_FILE, type NewFile, PARTIAL_SUFFIX, type RestoreJournal, stopHereInTests, SwapError, swapBack, swapIn } from './restore-journal';

/** What one service keeps in its DATA_DIR, as its backup and restore commands see it. */
export interface DataFiles {
  dataDir: string;
  /** Its SQLite files, each with the migrations this build knows (a restore refuses a newer schema). */
  databases: { file: string; migrations: Migration[] }[];
  /** Files copied as they are (admin's signing keys: written whole and renamed into place, never half-written). */
  files: string[];
}

/** A refusal for the operator: its message is the whole story, in one line. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * All pages in one step. The first step's read transaction is then the
 * snapshot: in WAL mode it does not block the service's writers, and a
 * write landing between steps cannot make SQLite restart the copy (which a
 * busy service could do forever with the default 100 pages per step).
 */
const ALL_PAGES = 0x7fffffff;
/** Waits this long for a lock held by the service (a checkpoint) instead of failing at once. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Copies a service's files into `destDir` (created 0700 if missing) while the
 * service runs: each database through SQLite's online backup API, a
 * consistent snapshot (docs/adr/0003-sqlite-durability.md), then checked as a
 * restore would check it. Every file is created 0600 and never overwrites
 * one already there. Returns the files written.
 */
export async function backUp(data: DataFiles, destDir: string): Promise<string[]> {
  // A wrong DATA_DIR is refused before any folder is made.
  for (const { file } of data.databases) if (!existsSync(file)) throw new BackupError(`${file} no existe.`);
  for (const file of data.files) readExisting(file);
  for (const folder of ensurePrivateDir(destDir)) giveToDataDirOwner(folder, data.dataDir);
  const written: string[] = [];
  for (const { file, migrations } of data.databases) {
    const dest = join(destDir, basename(file));
    createExclusive(dest);
    // Before SQLite writes into it: run as root, SQLite gives the journal it makes beside it the file's owner.
    giveToDataDirOwner(dest, data.dataDir);
    // A copy left half-written by a process ended meanwhile (process.exit: npm run backup gone, backup-command.ts) goes with it.
    const unfinished = () => rmSync(dest, { force: true });
    process.on('exit', unfinished);
    try {
      const source = openExisting(file, false);
      try {
        source.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        await source.backup(dest, { progress: () => ALL_PAGES });
      } finally {
        source.close();
      }
      // One self-contained file: a copy left in WAL mode would grow a -wal and a -shm beside it whenever it is read.
      const copy = new Database(dest, { fileMustExist: true });
      copy.pragma('journal_mode = DELETE');
      copy.close();
      checkDatabase(dest, migrations);
    } catch (err) {
      unfinished();
      throw err instanceof BackupError ? err : new BackupError(`${file}: ${(err as Error).message}`);
    } finally {
      process.off('exit', unfinished);
    }
    written.push(dest);
  }
  for (const file of data.files) {
    const dest = join(destDir, basename(file));
    const content = readExisting(file);
    createExclusive(dest);
    giveToDataDirOwner(dest, data.dataDir);
    writeFileSync(dest, content);
    written.push(dest);
  }
  return written;
}

/** Refuses a backup folder that lacks one of the service's files, or holds a damaged database or one newer than this build. */
export function checkBackup(data: DataFiles, fromDir: string): void {
  for (const { file, migrations } of data.databases) checkDatabase(join(fromDir, basename(file)), migrations);
  for (const file of data.files) readExisting(join(fromDir, basename(file)));
}

/**
 * Where a restore sets aside what it replaces: DATA_DIR/replaced-<stamp>/.
 * One folder for a whole `npm run restore`, which restores every service
 * under one stamp: their files have different names, so they share it, and
 * the IT person finds everything the restore replaced in one place.
 */
export function setAsideFolder(dataDir: string, stamp: string): string {
  return join(dataDir, `replaced-${stamp}`);
}

/**
 * Every check restore() makes before it changes anything: the backup is
 * whole and readable by this build, the service is stopped, and nothing
 * already set aside under `stamp` would be overwritten.
 */
function checkRestore(data: DataFiles, fromDir: string, stamp: string): void {
  checkBackup(data, fromDir);
  assertNotInUse(data);
  const folder = setAsideFolder(data.dataDir, stamp);
  let kind: Stats;
  try {
    kind = lstatSync(folder);
  } catch {
    return; // made by restore()
  }
  if (!kind.isDirectory()) throw new BackupError(`${folder} ya existe y no es una carpeta: apártelo y vuelva a restaurar.`);
  for (const f of replacedBy(data)) {
    const there = join(folder, basename(f));
    if (existsSync(there)) throw new BackupError(`${there} ya existe (lo apartó otra restauración en este mismo segundo): no se restaura nada; vuelva a intentarlo dentro de un segundo.`);
  }
}

/** What a restore moves aside: each file it replaces that exists, a database's -wal and -shm too. */
function replacedBy(data: DataFiles): string[] {
  const databases = data.databases.flatMap(({ file }) => [file, `${file}-wal`, `${file}-shm`]);
  return [...databases, ...data.files].filter((f) => existsSync(f));
}

/** What restore() did for one service. */
export interface Restored {
  /** The files it put in place. */
  restored: string[];
  /** Where what they replaced is, if they replaced anything. */
  setAside?: string;
}

/**
 * Puts a checked backup in DATA_DIR for every service in `services` (each
 * stopped, all in one DATA_DIR), all or nothing: `npm run restore` gives it
 * both, so a restore failing half-way (a full disk, a file in the way) can
 * no longer leave the services to start on citas from the backup beside
 * admin from now, or on a database set aside with nothing in its place.
 * Every check of every service comes first. Then every file of the backup
 * is copied beside its place (`<file>.restoring`) and flushed to the disk:
 * the slow part, the one a full disk fails, with DATA_DIR untouched. Then
 * the swap (restore-journal.ts, which also says what a crash at each step
 * leaves and what the next run does with it): a journal naming every file,
 * then only renames: what is replaced, a database's -wal and -shm too,
 * into setAsideFolder(stamp), never deleted (a stale -wal left beside a
 * restored file would be replayed onto it), and each copy into its place.
 * A failure among them rolls the swap back, so the files set aside are back
 * where they were. Either way the refusal (BackupError) says in one line
 * what failed and that nothing was restored. Run as root (a container's
 * restore), every file it makes is given DATA_DIR's owner, so the service's
 * own user can open them (storage/data-dir-owner.ts).
 */
export function restore(services: DataFiles[], fromDir: string, stamp: string): Restored[] {
  for (const data of services) checkRestore(data, fromDir, stamp);
  const { dataDir } = services[0];
  // One journal, in one DATA_DIR: npm run restore gives both services on its DATA_DIR, a service's command its own.
  if (services.some((data) => data.dataDir !== dataDir)) throw new BackupError('una restauración pone todos sus ficheros en un mismo DATA_DIR.');
  const targets = services.flatMap((data) => [...data.databases.map((d) => d.file), ...data.files]);
  const partials: string[] = [];
  const restored: NewFile[] = [];
  const folder = setAsideFolder(dataDir, stamp);
  const journal: RestoreJournal = { from: fromDir, setAside: basename(folder), aside: services.flatMap(replacedBy).map((f) => relative(dataDir, f)), restored };
  /** What is being done when something fails, for the refusal. */
  let at = fromDir;
  try {
    at = dataDir;
    ensurePrivateDir(dataDir);
    for (const target of targets) {
      at = target;
      const name = relative(dataDir, target);
      stopHereInTests(`copy:${name}`);
      const partial = `${target}${PARTIAL_SUFFIX}`;
      rmSync(partial, { force: true }); // left by a restore that was interrupted
      const content = readFileSync(join(fromDir, basename(target)));
      try {
        writeNewFileDurably(partial, content);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupError(`${partial} ya existe: apártelo y vuelva a restaurar.`);
        throw err;
      }
      partials.push(partial);
      giveToDataDirOwner(partial, dataDir);
      restored.push(describeNewFile(name, content));
    }
    at = join(dataDir, JOURNAL_FILE);
    beginSwap(dataDir, journal);
  } catch (err) {
    for (const partial of partials) rmSync(partial, { force: true });
    throw nothingRestored(err instanceof SwapError ? err.at : at, err);
  }

  const done = services.map((data) => ({ restored: [...data.databases.map((d) => d.file), ...data.files], setAside: replacedBy(data).length > 0 ? folder : undefined }));
  try {
    swapIn(dataDir, journal);
  } catch (err) {
    const failedAt = err instanceof SwapError ? err.at : dataDir;
    try {
      swapBack(dataDir, journal, `falló en ${failedAt}: ${(err as Error).message}`);
    } catch (undoErr) {
      const stuck = undoErr instanceof SwapError ? undoErr.at : dataDir;
      throw new BackupError(
        `la restauración falló en ${failedAt} (${(err as Error).message}) y no se pudo deshacer del todo: ${stuck} no volvió a su sitio (${(undoErr as Error).message}); el próximo arranque de los servicios o npm run restore volverá a deshacerla (${JOURNAL_FILE}), o revise DATA_DIR.`,
      );
    }
    throw nothingRestored(failedAt, err);
  }
  return done;
}

function nothingRestored(at: string, err: unknown): BackupError {
  const reason = err instanceof Error ? err.message : String(err);
  return new BackupError(`la restauración falló en ${at} (${reason}) y se ha deshecho: no se ha restaurado nada, DATA_DIR está como estaba.`);
}

/**
 * A service still running keeps its database open: its writes would go on
 * into the file set aside (an open file follows its rename), and every cita
 * it acknowledged after the restore would be missing from the restored file
 * once it restarts. Refused before anything is moved.
 */
export function assertNotInUse(data: DataFiles): void {
  for (const { file } of data.databases) {
    if (openElsewhere(file)) throw new BackupError(`${file} está abierta por otro proceso: detenga el servicio antes de restaurar.`);
  }
}

/** A database passes `PRAGMA integrity_check` and every migration it holds is one this build knows (adapters/storage/schema-versions.ts). */
function checkDatabase(file: string, migrations: Migration[]): void {
  const db = openExisting(file, true);
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`${file}: PRAGMA integrity_check no da "ok": ${String(integrity)}`);
    const applied = appliedMigrations(db);
    if (!applied) throw new BackupError(`${file} no es una base de OdontoCare (no tiene schema_migrations).`);
    const unknown = unknownMigrations(applied, migrations);
    if (unknown.length > 0) throw new BackupError(newerSchemaMessage(file, unknown, migrations, 'restore'));
  } catch (err) {
    throw err instanceof BackupError ? err : new BackupError(`${file}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

/** Opens a database that must exist: a wrong DATA_DIR must fail, not back up a new empty file made on the spot. */
function openExisting(file: string, readonly: boolean): Database.Database {
  if (!existsSync(file)) throw new BackupError(`${file} no existe.`);
  try {
    return new Database(file, { fileMustExist: true, readonly });
  } catch (err) {
    throw new BackupError(`${file}: ${(err as Error).message}`);
  }
}

function readExisting(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BackupError(code === 'ENOENT' ? `${file} no existe.` : `${file}: ${(err as Error).message}`);
  }
}

/** Creates `file` empty and 0600, refusing one that exists (a backup never replaces another). */
function createExclusive(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new BackupError(`${file} ya existe: una copia nunca sustituye a otra; elija otro destino.`);
    throw new BackupError(`${file}: ${(err as Error).message}`);
  }
}
