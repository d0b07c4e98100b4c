import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { giveToDataDirOwner } from '../storage/data-dir-owner';
import { syncFolder, writeNewFileDurably } from '../storage/durable-files';

/**
 * How a restore swaps files in DATA_DIR so that a crash at any moment
 * (SIGKILL, the OOM killer, a power cut) leaves a state the next
 * `npm run restore` or service start recognises and ends one way:
 *
 *  1. copy: each file of the backup is written beside its place,
 *     `<file>.restoring`, and flushed to the disk (fsync). DATA_DIR's files
 *     are untouched.
 *  2. journal: DATA_DIR is flushed (the new names), then
 *     `restore-journal.json` is written as `restore-journal.json.draft`,
 *     flushed, renamed into place and DATA_DIR flushed again. From here on
 *     every new file is provably whole: the journal names each with its size
 *     and SHA-256, and exists only once they are on the disk.
 *  3. aside: each file the restore replaces that exists (each database with
 *     its -wal and -shm, then the keys) is renamed into
 *     DATA_DIR/replaced-<stamp>/, in the journal's order.
 *  4. place: each `<file>.restoring` is renamed to `<file>`.
 *  5. done: replaced-<stamp>/ and DATA_DIR are flushed, then the journal is
 *     removed and DATA_DIR flushed: the restore is over.
 *
 * A crash leaves one of these states, and the next run (under DATA_DIR's
 * lock, backup-lock.ts) does what the last column says:
 *
 *   during 1, or in 2 before the rename   some `*.restoring`, perhaps the draft,  removes them: DATA_DIR was never
 *                                         no journal                             changed ("no había cambiado nada")
 *   during 3 or 4, or in 5 before the     the journal; some files in             rolls forward: sets aside what is
 *   journal's removal                     replaced-<stamp>/, some new ones       left, puts the rest in place
 *                                         in place, the rest `*.restoring`       ("terminada")
 *   after 5                               nothing of the restore                 nothing
 *
 * It rolls back instead (every file set aside goes back, the new ones are
 * removed: "deshecha") when a new file is not what the journal says (a disk
 * that lost a write it had acknowledged, a file edited or removed by hand),
 * or when a rename of the roll forward fails; a restore that fails half-way
 * in its own process rolls back the same way. Before rolling back the
 * journal is rewritten with `undo` (the reason), so a crash during the roll
 * back is rolled back again, never forward. Each step is a rename checked
 * against what is there, so running it again after a crash in it is safe.
 *
 * Without this (renames only, nothing flushed) a crash between the renames
 * left admin.db set aside with nothing in its place, or citas.db from the
 * backup beside admin.db from before, and the next start opened that
 * silently: admin made a new empty database, new keys and a first admin.
 *
 * Test hook: ODONTOCARE_TEST_RESTORE_STOP_BEFORE=<step> (copy:<file>,
 * journal, aside:<file>, place:<file>, done; back:<file> in a roll back) makes the process say
 * "[test hook] restore stopped before <step>" on stderr and wait there for
 * ever, for a test to kill it (test/e2e/restore-interrupted.e2e.test.ts).
 * Nothing else reads it.
 */

export const JOURNAL_FILE = 'restore-journal.json';
const DRAFT_FILE = `${JOURNAL_FILE}.draft`;
export const PARTIAL_SUFFIX = '.restoring';

/** What DATA_DIR/restore-journal.json holds: every name is a file directly in DATA_DIR. */
export interface RestoreJournal {
  /** The backup folder, for the operator. */
  from: string;
  /** The folder in DATA_DIR where `aside` go: replaced-<stamp>. */
  setAside: string;
  /** The files moved into `setAside`, in order: each one the restore replaces that existed. */
  aside: string[];
  /** The files put in place from `<name>.restoring`, in order, and what each must hold. */
  restored: NewFile[];
  /** Why it is being rolled back, once it is. */
  undo?: string;
}

export interface NewFile {
  name: string;
  size: number;
  sha256: string;
}

/** A rename of the swap failed: `at` is the file it was moving. */
export class SwapError extends Error {
  constructor(
    readonly at: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'SwapError';
  }
}

export function describeNewFile(name: string, content: Buffer): NewFile {
  return { name, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

/** Step 2: once this returns, the swap is decided and the next run finishes it (the copies must already be flushed). */
export function beginSwap(dataDir: string, journal: RestoreJournal): void {
  try {
    syncFolder(dataDir);
    writeJournal(dataDir, journal, 'journal');
  } catch (err) {
    rmSync(join(dataDir, JOURNAL_FILE), { force: true }); // renamed into place, perhaps, but not flushed: the swap never began
    throw err;
  }
}

/** Steps 3 to 5: sets aside what is still in place, puts in place what is still beside it, flushes, and ends the journal. */
export function swapIn(dataDir: string, journal: RestoreJournal): void {
  const folder = join(dataDir, journal.setAside);
  const partialOf = (name: string) => join(dataDir, name + PARTIAL_SUFFIX);
  const placed = new Set(journal.restored.filter(({ name }) => !existsSync(partialOf(name))).map(({ name }) => name));
  if (journal.aside.length > 0) {
    try {
      mkdirSync(folder, { mode: 0o700 });
    } catch (err) {
      // Made by the run that was interrupted, or by a service's own restore in the same second (none of our names in it).
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new SwapError(folder, err);
    }
    try {
      // Made or not by this run: one killed between making it and this is given to the user too.
      giveToDataDirOwner(folder, dataDir);
    } catch (err) {
      throw new SwapError(folder, err);
    }
  }
  for (const name of journal.aside) {
    const [here, there] = [join(dataDir, name), join(folder, name)];
    if (!existsSync(here) || placed.has(name)) continue; // set aside already (and perhaps its new file put in place)
    stopHereInTests(`aside:${name}`);
    moveOnto(here, there);
  }
  for (const { name } of journal.restored) {
    if (placed.has(name)) continue;
    stopHereInTests(`place:${name}`);
    moveOnto(partialOf(name), join(dataDir, name));
  }
  if (journal.aside.length > 0) syncFolder(folder);
  syncFolder(dataDir);
  stopHereInTests('done');
  endJournal(dataDir);
}

/**
 * Rolls the swap back: every file set aside returns to its place (over the
 * new one, if it is there), the new files and the copies beside their place
 * are removed, the set-aside folder too if that leaves it empty. The
 * journal is first rewritten with `reason`, so that a run meeting it
 * after a crash rolls back too.
 */
export function swapBack(dataDir: string, journal: RestoreJournal, reason: string): void {
  if (journal.undo === undefined) writeJournal(dataDir, { ...journal, undo: reason });
  const folder = join(dataDir, journal.setAside);
  const restored = new Set(journal.restored.map(({ name }) => name));
  for (const name of journal.aside) {
    const [here, there] = [join(dataDir, name), join(folder, name)];
    if (!existsSync(there)) continue;
    // Only the restore's new file is replaced (in place once its copy beside it is gone); anything else there is someone's, and kept.
    const newOne = restored.has(name) && !existsSync(join(dataDir, name + PARTIAL_SUFFIX));
    if (existsSync(here) && !newOne) throw new SwapError(there, new Error(`${here} ya existe y no lo puso la restauración`));
    stopHereInTests(`back:${name}`);
    move(there, here);
  }
  for (const { name } of journal.restored) {
    const partial = join(dataDir, name + PARTIAL_SUFFIX);
    // A new file in place is one whose partial is gone; where nothing was replaced, nothing comes back over it.
    if (!journal.aside.includes(name) && !existsSync(partial)) remove(join(dataDir, name));
    remove(partial);
  }
  try {
    rmdirSync(folder); // empty again: everything it held is back in its place
  } catch {
    // not there, or not empty after all (it held something else): kept, never emptied by a restore
  }
  syncFolder(dataDir);
  endJournal(dataDir);
}

/** Whether a restore is swapping files in DATA_DIR, or was killed doing so: some of them may be the backup's and others not. */
export function swapUnderWay(dataDir: string): boolean {
  return existsSync(join(dataDir, JOURNAL_FILE));
}

/** Whether DATA_DIR holds anything a restore leaves only while it runs: a look without the lock, before taking it. */
export function restoreLeftovers(dataDir: string): boolean {
  return swapUnderWay(dataDir) || strayFiles(dataDir).length > 0;
}

/**
 * Ends a restore that was interrupted in `dataDir` (the caller holds its
 * lock), as the table above says, and returns the line that says what it
 * did; undefined when there was none. Throws (a SwapError or the system's)
 * when neither way can be finished: the journal stays, for the operator and
 * the next run.
 */
export function finishInterruptedRestore(dataDir: string): string | undefined {
  const journal = readJournal(dataDir);
  if (!journal) {
    const stray = strayFiles(dataDir);
    if (stray.length === 0) return undefined;
    for (const name of stray) remove(join(dataDir, name));
    syncFolder(dataDir);
    return `restauración interrumpida en ${dataDir} antes de cambiar nada: borrados ${stray.join(', ')}; no había cambiado nada, DATA_DIR está como estaba.`;
  }
  let reason = journal.undo ?? damagedNewFile(dataDir, journal);
  if (reason === undefined) {
    try {
      swapIn(dataDir, journal);
      const restored = journal.restored.map(({ name }) => name).join(', ');
      const setAside = journal.aside.length > 0 ? `; lo anterior está en ${join(dataDir, journal.setAside)}` : '';
      return `restauración interrumpida de ${journal.from} terminada: DATA_DIR tiene ${restored} de esa copia${setAside}.`;
    } catch (err) {
      reason = `no se pudo terminar: ${err instanceof SwapError ? `${err.at}: ` : ''}${(err as Error).message}`;
    }
  }
  swapBack(dataDir, journal, reason);
  return `restauración interrumpida de ${journal.from} deshecha (${reason}): DATA_DIR está como antes de ella; restaure de nuevo si quiere esa copia.`;
}

/**
 * What finishInterruptedRestore would find in `dataDir` and do with it, said
 * without doing anything (restore --check reads only): the state the files
 * are in and what the next restore or service start will do, in one line
 * that goes on "DATA_DIR (…) …"; undefined when nothing of a restore is
 * there. The caller has made sure no restore is running there now: its
 * files would be that one's, half-way.
 */
export function pendingRestore(dataDir: string): string | undefined {
  let journal: RestoreJournal | undefined;
  try {
    journal = readJournal(dataDir);
  } catch (err) {
    return `tiene ${JOURNAL_FILE}, el diario de una restauración interrumpida, pero no se puede leer (${(err as Error).message}): ni los servicios arrancarán ni se podrá restaurar hasta que lo revise; el diario dice qué ficheros movía.`;
  }
  if (!journal) {
    const stray = strayFiles(dataDir);
    if (stray.length === 0) return undefined;
    return (
      `tiene restos de una restauración interrumpida antes de cambiar nada (${stray.join(', ')}): DATA_DIR sigue como estaba, sin restaurar; ` +
      'vuelva a lanzar la restauración, o arranque los servicios para seguir con lo que había: cualquiera de los dos borra esos restos.'
    );
  }
  const files = journal.restored.map(({ name }) => `${name} ${fileState(dataDir, journal, name)}`).join(', ');
  const folder = join(dataDir, journal.setAside);
  const reason = journal.undo ?? damagedNewFile(dataDir, journal);
  if (reason === undefined) {
    const setAside = journal.aside.length > 0 ? ` y lo anterior en ${folder}` : '';
    return (
      `tiene una restauración de ${journal.from} interrumpida a medias: ${files}. El próximo arranque de los servicios o una nueva restauración la terminará ` +
      `(DATA_DIR quedará con esa copia${setAside}): arranque los servicios o vuelva a lanzar la restauración.`
    );
  }
  return (
    `tiene una restauración de ${journal.from} interrumpida a medias que no se puede terminar (${reason}): ${files}. El próximo arranque de los servicios ` +
    'o una nueva restauración la deshará y DATA_DIR volverá a estar como antes de ella: arranque los servicios, o vuelva a lanzar la restauración si quiere esa copia.'
  );
}

/** Where one of the journal's files is, for the operator: the backup's, the one from before, set aside, or missing. */
function fileState(dataDir: string, journal: RestoreJournal, name: string): string {
  const [here, there] = [join(dataDir, name), join(dataDir, journal.setAside, name)];
  const replaces = journal.aside.includes(name);
  if (existsSync(join(dataDir, name + PARTIAL_SUFFIX))) {
    if (existsSync(here)) return 'sigue siendo el de antes';
    return replaces && existsSync(there) ? `está apartado en ${journal.setAside} y no hay nada en su sitio` : 'aún no está';
  }
  if (!existsSync(here)) return 'no está';
  // In place only once every file was set aside (damagedNewFile): one whose old file is not in the folder yet is the old one.
  return !replaces || existsSync(there) ? 'es ya el de esa copia' : 'sigue siendo el de antes';
}

/** Why a new file the journal names is not whole where it should be; undefined when every one is. */
function damagedNewFile(dataDir: string, journal: RestoreJournal): string | undefined {
  const folder = join(dataDir, journal.setAside);
  for (const { name, size, sha256 } of journal.restored) {
    const partial = join(dataDir, name + PARTIAL_SUFFIX);
    const target = join(dataDir, name);
    // Put in place only once every file was set aside: a file in place whose old one is not in the folder yet is the old one.
    const placed = !existsSync(partial) && (!journal.aside.includes(name) || existsSync(join(folder, name)));
    const file = existsSync(partial) ? partial : placed ? target : undefined;
    if (!file || !existsSync(file)) return `${name}: la copia nueva no está`;
    const content = readFileSync(file);
    if (content.length !== size || describeNewFile(name, content).sha256 !== sha256) return `${file} no es la copia nueva completa`;
  }
  return undefined;
}

/** The journal, or undefined when there is none. Unreadable, it is refused: it was written whole (draft, flush, rename), so someone changed it. */
function readJournal(dataDir: string): RestoreJournal | undefined {
  const file = join(dataDir, JOURNAL_FILE);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const journal = JSON.parse(content) as RestoreJournal;
  if (typeof journal.setAside !== 'string' || !Array.isArray(journal.aside) || !Array.isArray(journal.restored)) throw new Error(`${file} no es un diario de restauración de OdontoCare`);
  return journal;
}

/** Writes the journal whole: a draft flushed, renamed into place, DATA_DIR flushed. */
function writeJournal(dataDir: string, journal: RestoreJournal, step?: string): void {
  const draft = join(dataDir, DRAFT_FILE);
  try {
    rmSync(draft, { force: true });
    writeNewFileDurably(draft, JSON.stringify(journal, null, 2));
    giveToDataDirOwner(draft, dataDir); // the service's own start, as its user, may have to end the swap after a crash
    if (step) stopHereInTests(step);
    renameSync(draft, join(dataDir, JOURNAL_FILE));
    syncFolder(dataDir);
  } catch (err) {
    rmSync(draft, { force: true });
    throw new SwapError(join(dataDir, JOURNAL_FILE), err);
  }
}

function endJournal(dataDir: string): void {
  rmSync(join(dataDir, JOURNAL_FILE), { force: true });
  syncFolder(dataDir);
}

/** What an interrupted restore can leave with no journal: copies beside their place (regular files only: anything else is not ours) and the journal's draft. */
function strayFiles(dataDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return [];
  }
  // Read without the lock too (restoreLeftovers): a file a running restore removes meanwhile is simply not there.
  return names.filter((name) => (name.endsWith(PARTIAL_SUFFIX) || name === DRAFT_FILE) && lstatSync(join(dataDir, name), { throwIfNoEntry: false })?.isFile());
}

/** A rename of the swap forward, which never replaces a file: one where it should go is not the restore's (the roll back keeps it too). */
function moveOnto(from: string, to: string): void {
  if (existsSync(to)) throw new SwapError(from, new Error(`${to} ya existe`));
  move(from, to);
}

function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    throw new SwapError(from, err);
  }
}

function remove(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch (err) {
    throw new SwapError(file, err);
  }
}

/** The test hook (above): says where it stopped, synchronously (the process is killed there), and waits for ever. */
export function stopHereInTests(step: string): void {
  if (process.env.ODONTOCARE_TEST_RESTORE_STOP_BEFORE !== step) return;
  writeSync(2, `[test hook] restore stopped before ${step}\n`);
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
