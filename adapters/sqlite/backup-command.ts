import { join, resolve } from 'node:path';
import type { Clock } from '../../core/ports/clock';
import { backUp, BackupError, checkBackup, type DataFiles, restore, type Restored } from './backup';
import { backupName, removeOldBackups } from './backup-folders';
import { type BackupLock, type Holder, LOCK_FILE, lockBackups, LockHeld, lockHolder, recordedWork } from './backup-lock';
import { finishInterruptedRestore, JOURNAL_FILE, pendingRestore, restoreLeftovers, SwapError, swapUnderWay } from './restore-journal';
import { callerPath } from '../config/caller-path';
import { StartRefusal } from '../config/start-refusal';
import { prepareDataDir } from '../storage/data-dir';

/** A service's files for its backup and restore commands, and what it keeps elsewhere (said, not copied). */
export interface ServiceData extends DataFiles {
  service: string;
  /** E.g. "the database is PostgreSQL: pg_dump". */
  elsewhere: string[];
}

/** What the services share: the one-line refusal, whatever failed, and exit code 1. A stack trace tells the operator nothing. */
async function runCommand(service: string, usage: string, argv: string[], work: () => Promise<void> | void): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return;
  }
  try {
    await work();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`${service}: ${message}`);
    process.exitCode = 1;
  }
}

/** The service keeps nothing in DATA_DIR (its database on PostgreSQL, and admin's key in JWT_PRIVATE_KEY_FILE): its commands refuse, and `npm run backup` and `restore` skip it, saying where its data is. */
export function nothingToCopy(data: ServiceData): boolean {
  return data.databases.length === 0 && data.files.length === 0;
}

/** What `backup` was asked for. */
export interface BackupOptions {
  /** The folder to copy into, absolute: a relative one is the operator's, from where they typed it (callerPath). */
  to?: string;
  name?: string;
  /** How many default-named backups to leave in DATA_DIR/backups once the new one is in. */
  keep?: number;
}

/**
 * Reads and checks `backup`'s options, refusing (BackupError) before anything
 * is copied: the service's command and `npm run backup`, which must refuse
 * before citas's copy as admin's would after it, read them here.
 */
export function backupOptions(argv: string[]): BackupOptions {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [option, value] = [argv[i], argv[i + 1]];
    // Refused, not ignored: a mistyped `--kepp 7` would copy every night and remove nothing until the disk is full.
    if (!['--to', '--name', '--keep'].includes(option)) throw new BackupError(`${option}: no es una opción de backup (--to, --name, --keep).`);
    if (value === undefined || value.startsWith('-')) throw new BackupError(`${option} necesita un valor.`);
    given.set(option, value);
  }
  const [typedTo, name, keep] = [given.get('--to'), given.get('--name'), given.get('--keep')];
  const to = typedTo === undefined ? undefined : callerPath(typedTo);
  if (to !== undefined && name !== undefined) throw new BackupError('--to y --name son alternativos: dé uno.');
  if (name !== undefined && !/^[\w.-]+$/.test(name)) throw new BackupError(`--name ${name}: solo letras, cifras, punto, guion y guion bajo.`);
  if (keep === undefined) return { to, name };
  // --keep removes old backups from DATA_DIR/backups only. A --to folder is the operator's: what sits beside it
  // (a USB disk, a share) is not ours to sort or delete, and pruning DATA_DIR instead would not be what they asked.
  if (to !== undefined) throw new BackupError('--keep solo borra copias antiguas de DATA_DIR/backups: no va con --to.');
  if (!/^[1-9]\d*$/.test(keep) || !Number.isSafeInteger(Number(keep))) throw new BackupError(`--keep ${keep}: diga cuántas copias guardar, un número entero desde 1.`);
  return { to, name, keep: Number(keep) };
}

/**
 * `backup [--to DIR | --name NAME] [--keep N]`: the service's files into
 * DIR, by default DATA_DIR/backups/<NAME or the time, UTC>. Safe while the
 * service runs. With --keep, once the copy is written and checked, the
 * default-named backups beyond the newest N are removed, whole. On one
 * DATA_DIR both services write into one folder: `npm run backup` gives
 * --keep only to admin's command, which runs last, so a folder goes once,
 * with both copies in the new one (scripts/backup-restore.js). In the
 * images each service has its own volume, and prunes its own. One backup
 * of a DATA_DIR at a time (backup-lock.ts): a second is refused.
 */
export function backupCommand(service: string, argv: string[], load: () => ServiceData, clock: Clock): Promise<void> {
  const usage =
    `Uso: backup [--to CARPETA | --name NOMBRE] [--keep N]   copia los ficheros de ${service} en CARPETA (por defecto DATA_DIR/backups/<fecha UTC>) con el servicio en marcha; nunca sobrescribe una copia. ` +
    'Con --keep N, hecha y comprobada la copia, borra las de DATA_DIR/backups/<fecha UTC> más antiguas que las N últimas; nunca otras carpetas.';
  return runCommand(service, usage, argv, async () => {
    const { to, name, keep } = backupOptions(argv);
    const data = load();
    if (nothingToCopy(data)) throw new BackupError(`nada que copiar aquí. ${data.elsewhere.join(' ')}`);
    // Every backup of the DATA_DIR, --to too: one at a time is a rule simple enough to trust at 2 a.m.
    const lock = lockBackups(data.dataDir, clock, (line) => console.log(`${service}: ${line}`));
    // Run by npm run backup under its lock, this command must not outlive it: once that run is killed (SIGKILL, out of
    // memory) nothing holds the lock, and what this command still copied or pruned would go on beside the next run's.
    // It ends at once; a file it was writing goes with it (backUp).
    lock.lost.addEventListener('abort', () => {
      console.error(`${service}: npm run backup, que lanzó esta copia, terminó sin esperarla (¿SIGKILL, falta de memoria?): la copia se deja sin terminar y no se borra ninguna copia antigua.`);
      process.exit(1);
    });
    try {
      // A restore killed half-way leaves one database from the backup beside the other from before: a copy of that is no backup.
      if (swapUnderWay(data.dataDir)) {
        throw new BackupError(`DATA_DIR (${data.dataDir}) tiene una restauración interrumpida a medias (${JOURNAL_FILE}): arranque los servicios o vuelva a lanzar npm run restore, que la terminan, y copie después.`);
      }
      const backups = resolve(data.dataDir, 'backups');
      const folder = name ?? backupName(clock.now());
      const dest = resolve(to ?? join(backups, folder));
      const written = await backUp(data, dest);
      console.log(`${service}: copia en ${dest} (${written.map((f) => f.slice(dest.length + 1)).join(', ')})`);
      for (const note of data.elsewhere) console.log(`${service}: ${note}`);
      if (keep !== undefined) for (const old of removeOldBackups(backups, keep, folder)) console.log(`${service}: borrada la copia antigua ${old}`);
    } finally {
      lock.release();
    }
  });
}

/** What `restore` was asked for. */
export interface RestoreOptions {
  /** The backup folder, absolute: a relative one is the operator's, from where they typed it (callerPath). */
  from: string;
  /** Only check the backup. */
  check: boolean;
}

/** Reads and checks `restore`'s options, refusing (BackupError) before anything is touched: the command and `npm run restore` read them here. */
export function restoreOptions(argv: string[]): RestoreOptions {
  const from: string[] = [];
  let check = false;
  for (const arg of argv) {
    if (arg === '--check') check = true;
    else if (arg.startsWith('-')) throw new BackupError(`${arg}: no es una opción de restore (--check).`);
    else from.push(arg);
  }
  if (from.length !== 1) throw new BackupError('diga de qué carpeta restaurar: restore CARPETA');
  return { from: callerPath(from[0]), check };
}

/**
 * `restore [--check] DIR`: checks the backup in DIR, then (without --check)
 * puts it in DATA_DIR (restoreServices); the service must be stopped.
 */
export function restoreCommand(service: string, argv: string[], load: () => ServiceData, clock: Clock): Promise<void> {
  const usage =
    `Uso: restore [--check] CARPETA   con ${service} detenido: comprueba la copia de CARPETA (integrity_check, esquema) y la pone en DATA_DIR; ` +
    'lo que sustituye queda en DATA_DIR/replaced-<fecha UTC>/. Con --check solo comprueba, sin cambiar nada: la copia, y si DATA_DIR tiene una restauración interrumpida o en curso.';
  return runCommand(service, usage, argv, async () => {
    const { from, check } = restoreOptions(argv);
    const data = load();
    if (!check) return restoreServices(service, [data], from, clock);
    assertSomethingToRestore(data);
    checkRestore(service, [data], from);
  });
}

/**
 * `restore --check DIR` for every service in `services` (npm run restore
 * gives both on its DATA_DIR, a service's command its own), changing
 * nothing: each service's backup in DIR, checked as a restore checks it,
 * one line each; and, before them, what DATA_DIR holds of a restore, in
 * one line on stderr: one interrupted (what state its files are in and what
 * the next start or restore does with them, restore-journal.ts) or one
 * running now. Either way DATA_DIR is not as a restore leaves it, and the
 * check fails (exit code 1): checked after a restore was killed, the
 * backup alone passed, and the operator was told nothing of a DATA_DIR
 * holding citas from that backup beside admin from before.
 */
export function checkRestore(who: string, services: ServiceData[], from: string): void {
  for (const dataDir of new Set(services.map((data) => data.dataDir))) {
    const state = restoreStateOf(dataDir);
    if (state === undefined) continue;
    console.error(`${who}: ${state}`);
    process.exitCode = 1;
  }
  for (const data of services) {
    try {
      assertSomethingToRestore(data);
      checkBackup(data, from);
      console.log(`${data.service}: la copia de ${from} está bien`);
    } catch (err) {
      console.error(`${data.service}: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  }
}

/** What DATA_DIR holds of a restore, for restore --check, read without changing anything; undefined when nothing. */
function restoreStateOf(dataDir: string): string | undefined {
  // A look at the lock only when a restore may be there: its leftovers, or its record (a restore still checking the backup has no leftovers yet).
  if (!restoreLeftovers(dataDir) && recordedWork(dataDir) !== 'una restauración') return undefined;
  const holder = lockHolder(dataDir);
  // A backup holding it does not make those files: they are an interrupted restore's.
  if (holder && holder.doing !== 'una copia') {
    return `hay una restauración de DATA_DIR (${dataDir}) en curso (${holder.who}): DATA_DIR está a medio cambiar hasta que termine; compruebe de nuevo cuando acabe.`;
  }
  const pending = pendingRestore(dataDir);
  return pending === undefined ? undefined : `DATA_DIR (${dataDir}) ${pending}`;
}

/**
 * Puts the backup in `from` into their DATA_DIR for every service in
 * `services` (stopped), as one: all or nothing (backup.ts's restore), what
 * they replace in one DATA_DIR/replaced-<now>/ folder, under DATA_DIR's
 * lock (backup-lock.ts: refused while a backup runs, and a backup while
 * this does). Says what each service got. `npm run restore` gives both
 * services on its DATA_DIR, in one process: each service's command
 * restoring its own, one failing after the other had succeeded left citas
 * from the backup beside admin from now. `who` starts the lock's lines.
 */
export async function restoreServices(who: string, services: ServiceData[], from: string, clock: Clock): Promise<void> {
  for (const data of services) assertSomethingToRestore(data);
  const { dataDir } = services[0];
  // A new machine's DATA_DIR is made here, as at a service's start, or refused in the same words: the lock lives in it.
  prepareDataDir(dataDir);
  // The lock's note of a run killed while it held it is said only when no line below says more (an interrupted restore ended).
  const notes: string[] = [];
  const lock = lockBackups(dataDir, clock, (line) => notes.push(line), 'una restauración');
  let done: Restored[];
  let heard: NodeJS.Signals | undefined;
  try {
    ({ result: done, heard } = await withStopSignalsHeld(() => {
      // A restore killed half-way is ended first, one way or the other (restore-journal.ts): this one then starts from a whole DATA_DIR.
      const finished = endInterruptedRestore(dataDir);
      for (const line of finished ? [finished] : notes) console.log(`${who}: ${line}`);
      return restore(services, from, backupName(clock.now()));
    }));
  } finally {
    lock.release();
  }
  for (const [i, { service, elsewhere }] of services.entries()) {
    const { restored, setAside } = done[i];
    console.log(`${service}: restaurado ${restored.join(', ')}${setAside ? `; lo anterior está en ${setAside}` : ''}`);
    for (const note of elsewhere) console.log(`${service}: ${note}`);
  }
  if (heard) console.error(`${who}: recibida ${heard} con la restauración en marcha; se ha terminado igualmente: pararla a medias dejaría DATA_DIR a medio restaurar.`);
}

/** How long a service's start waiting for DATA_DIR's lock pauses between two looks at it. */
const START_LOOK_AGAIN_MS = 250;
/**
 * How often, by its clock, a start still waiting says so again, with how
 * long it has: a restore stuck on a disk otherwise left the log silent
 * after one line, and a start waiting looked like one hung. Minutes, not
 * seconds: a large restore's copy takes that long, and the log stays short.
 */
const SAY_AGAIN_AFTER_MS = 5 * 60_000;
const pauseBeforeLookingAgain = () => new Promise<void>((resume) => setTimeout(resume, START_LOOK_AGAIN_MS));

/**
 * At a service's start, before it opens anything in DATA_DIR: a restore
 * interrupted there (killed, a power cut) is finished or rolled back
 * (restore-journal.ts) and said in one line on stderr, so that no service
 * starts on one database from the backup beside the other from before, or
 * on a database set aside with nothing in its place (it would make a new,
 * empty one). Done under DATA_DIR's lock.
 *
 * A restore running there holds that lock, and the start waits for it to
 * end, for as long as it runs, saying so in one line, and again every
 * SAY_AGAIN_AFTER_MS of its clock with how long it has waited; then it
 * starts on what the restore left. So does a restore still checking the backup,
 * which has made no file yet but has written its record (backup-lock.ts):
 * a service that opened its database then would go on writing into the
 * file the restore sets aside. Admin and citas start at once (npm start),
 * and one ends an interrupted restore while the other waits, then finds
 * nothing to do. It used to wait 60 s at most, a bound meant for that
 * other service, and a restore copying a large backup for longer was
 * refused as "interrumpida". No bound replaces it: the lock is the
 * kernel's, held only by a live process, and dropped when it dies however
 * it dies, so a dead holder is never waited for (the start then ends what
 * it left); one still running is doing what the operator asked. Between
 * looks it pauses (`pause`; a test gives its own, and takes no time).
 * Refused (StartRefusal) only when the lock cannot be taken for another
 * reason, or the interrupted restore can be neither finished nor undone.
 */
export async function endInterruptedRestoreAtStart(service: string, dataDir: string, clock: Clock, pause: () => Promise<void> = pauseBeforeLookingAgain): Promise<void> {
  // A look without the lock: nothing of a restore there, and no restore's record, is the everyday start.
  if (!restoreLeftovers(dataDir) && recordedWork(dataDir) !== 'una restauración') return;
  const lock = await lockOnceFree(service, dataDir, clock, pause);
  try {
    const finished = endInterruptedRestore(dataDir);
    if (finished) console.error(`${service}: ${finished}`);
  } catch (err) {
    throw new StartRefusal(`${service}: no arranca: ${(err as Error).message}`);
  } finally {
    lock.release();
  }
}

/** DATA_DIR's lock for a service's start, looked for again after each pause while a live run holds it, said at first and every SAY_AGAIN_AFTER_MS. */
async function lockOnceFree(service: string, dataDir: string, clock: Clock, pause: () => Promise<void>): Promise<BackupLock> {
  let since: number | undefined;
  let saidAt = 0;
  for (;;) {
    try {
      return lockBackups(dataDir, clock, () => {}, 'una restauración');
    } catch (err) {
      if (!(err instanceof LockHeld)) {
        throw new StartRefusal(
          `${service}: no arranca: DATA_DIR (${dataDir}) tiene restos de una restauración y no se puede tomar su cerrojo para terminarla (${(err as Error).message}); ` +
            `revise ${join(dataDir, LOCK_FILE)} (el usuario del servicio ha de poder escribir en él) y vuelva a arrancar.`,
        );
      }
      const now = clock.now().getTime();
      if (since === undefined) {
        since = saidAt = now;
        console.error(`${service}: ${waitingFor(dataDir, err.holder)}`);
      } else if (now - saidAt >= SAY_AGAIN_AFTER_MS) {
        saidAt = now;
        console.error(`${service}: ${stillWaitingFor(dataDir, err.holder, now - since)}`);
      }
      await pause();
    }
  }
}

/** The line a service's start says while it waits for `holder` to end. */
function waitingFor(dataDir: string, holder: Holder): string {
  const meanwhile = 'espera mientras ese proceso siga en marcha; si muere, este arranque sigue, y termina o deshace lo que haya dejado a medias.';
  if (holder.doing === 'una copia') {
    return `espera a que termine la copia de DATA_DIR (${dataDir}) en curso (${holder.who}): antes de arrancar ha de borrar los restos de una restauración que no terminó; ${meanwhile}`;
  }
  return `espera a que termine la restauración de DATA_DIR (${dataDir}) en curso (${holder.who}) para arrancar sobre lo que deje; ${meanwhile}`;
}

/** The line a service's start says again, `waited` ms after its first, while `holder` (the run holding the lock now) has not ended. */
function stillWaitingFor(dataDir: string, holder: Holder, waited: number): string {
  const work = holder.doing === 'una copia' ? 'la copia' : 'la restauración';
  return `sigue esperando a que termine ${work} de DATA_DIR (${dataDir}) en curso (${holder.who}): lleva ${Math.floor(waited / 60_000)} min; arrancará en cuanto ese proceso termine o muera.`;
}

/** finishInterruptedRestore under the caller's lock, its failure in one line for the operator. */
function endInterruptedRestore(dataDir: string): string | undefined {
  try {
    return finishInterruptedRestore(dataDir);
  } catch (err) {
    const where = err instanceof SwapError ? `${err.at}: ` : '';
    throw new BackupError(
      `hay una restauración interrumpida en ${dataDir} que no se pudo terminar ni deshacer (${where}${(err as Error).message}); ${JOURNAL_FILE} dice qué ficheros movía: revise DATA_DIR antes de arrancar los servicios.`,
    );
  }
}

/** What ends a run from outside: Ctrl-C (the terminal's whole group), `kill`, a closed terminal or SSH session. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `work` (synchronous) with STOP_SIGNALS caught: one that arrives
 * meanwhile no longer ends the process half-way, but waits for `work`'s end
 * and is returned (the first, if several) for the caller to say. Ctrl-C
 * reaches every process of the terminal's group, so whatever restores must
 * hold it itself.
 */
async function withStopSignalsHeld<T>(work: () => T): Promise<{ result: T; heard?: NodeJS.Signals }> {
  let heard: NodeJS.Signals | undefined;
  const hear = (signal: NodeJS.Signals) => (heard ??= signal);
  for (const signal of STOP_SIGNALS) process.on(signal, hear);
  try {
    const result = work();
    // A signal caught during `work` is handed to its listeners on the event loop's next turn, before this resumes.
    await new Promise((turn) => setImmediate(turn));
    return { result, heard };
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, hear);
  }
}

function assertSomethingToRestore(data: ServiceData): void {
  if (nothingToCopy(data)) throw new BackupError(`nada que restaurar aquí. ${data.elsewhere.join(' ')}`);
}
