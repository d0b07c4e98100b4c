#!/usr/bin/env node
// `npm run backup [-- --to DIR | --name NAME] [--keep N]` and `npm run restore -- DIR`:
// both services' commands (apps/{citas,admin}/{backup,restore}.ts) on one
// DATA_DIR, as `npm start` runs them (a restore: what they run, for both at
// once, in this process), compiled as `npm start` compiles them
// (scripts/compile-for-start.js), so this runs the JavaScript the images run.
//
// backup: citas first, then admin. A patient or doctor booked into a cita
// exists in admin before the cita is written, so admin's later copy names
// everyone citas's copy does; the other order could keep a cita whose
// patient was created after admin's copy. Both land in one folder.
// --keep N goes to admin's command only, and only once citas's copy is in:
// old folders hold both services' copies and go whole, once, after the new
// folder is complete. A folder missing citas.db must not push a whole
// backup out (night after night, a failing citas would empty the shelf).
// A service that keeps nothing in DATA_DIR (citas on PostgreSQL: pg_dump's
// to copy) is not a failure: it is skipped, with a line saying where its
// data is, and the other is copied, pruned and restored as usual; cron
// would otherwise mail a failure every night and admin's copies pile up.
// One backup of a DATA_DIR at a time (adapters/sqlite/backup-lock.ts): this
// script holds the lock from before citas's copy to after admin's --keep, and
// gives the commands it runs what lets them run under it. A second run meanwhile
// (cron and a manual one) is refused in one line; each used to remove the
// other's folder while it was being written.
// A signal to this script alone (cron's `timeout` sends SIGTERM to it, not to
// what it started) stops a backup: the command copying is told and waited
// for, and the lock released only then; its commands used to go on copying,
// orphaned, with no lock held, beside the next run's --keep. SIGKILL (the OOM
// killer, `timeout -k`) cannot be passed on: each command has an IPC channel
// to this script, which the kernel closes when it dies, and ends with it
// (adapters/sqlite/backup-lock.ts), leaving no file of its copy half-written.
// restore: both services at once, in this process, all or nothing
// (restoreServices in adapters/sqlite/backup-command.ts): every check of both
// before either's files are touched, one replaced-<UTC time> folder for both,
// a failure half-way undone, and a signal meanwhile (Ctrl-C reaches the whole
// group, and used to end the command restoring admin once citas was restored)
// held until it has finished, then said; under the same lock as a backup (a backup
// between the two restores would copy one service from before the restore and
// the other from after). A restore killed outright (SIGKILL, a power cut) is
// finished or undone by the next restore, or by the services' next start,
// from the journal it writes before the first file moves
// (adapters/sqlite/restore-journal.ts); a backup meanwhile is refused.
// `restore --check` checks both services' backup in this process too, and says
// in one line whether DATA_DIR holds a restore interrupted (or running), what
// state its files are in and what to do; then it fails, exit code 1. It
// changes nothing (restore --check used to pass a half-restored DATA_DIR).
'use strict';
const { spawn } = require('node:child_process');
const { once } = require('node:events');
const { join } = require('node:path');
const { compileForStart } = require('./compile-for-start');

const ROOT = join(__dirname, '..');
const USAGE = [
  'npm run backup [-- --to CARPETA | --name NOMBRE] [--keep N]   copia citas.db, admin.db y jwt-keys.json con los servicios en marcha',
  '                                                              (por defecto en DATA_DIR/backups/<fecha UTC>); con --keep N, hecha y comprobada',
  '                                                              la copia, borra las de DATA_DIR/backups/<fecha UTC> más antiguas que las N últimas',
  'npm run restore -- [--check] CARPETA                          con los servicios detenidos: comprueba la copia y la pone en DATA_DIR (--check: solo comprueba,',
  '                                                              sin cambiar nada, la copia y si DATA_DIR tiene una restauración interrumpida o en curso)',
  'Una CARPETA relativa se lee desde la carpeta en la que se escribió la orden (INIT_CWD, que npm pasa), no desde la del proyecto.',
].join('\n');
const [action, ...args] = process.argv.slice(2);
if (action !== 'backup' && action !== 'restore') {
  console.error(USAGE);
  process.exit(2);
}

const build = compileForStart(ROOT).dir;
/** What the commands this script runs are given to run under its lock (adapters/sqlite/backup-lock.ts). */
let underLock = {};
/** The service's command running now, if any. */
let running;
/** The signal that asked this backup to stop (cron's `timeout` sends SIGTERM to this process alone), if one did. */
let stopSignal;
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
// A backup stops: the command copying is told too, and waited for, so that nothing of this run copies after its
// lock is gone (an orphaned copy went on beside the next run's --keep). Stopping a copy loses nothing. A restore
// holds these signals itself while it changes files, and finishes (restoreServices).
if (action === 'backup') {
  for (const signal of Object.keys(SIGNAL_NUMBERS)) {
    process.on(signal, () => {
      stopSignal ??= signal;
      running?.kill(signal);
    });
  }
}

/** Ends a backup asked to stop, once no command of it runs: the lock is released on exit (its exit hook, then the kernel). */
function stopIfAsked() {
  if (stopSignal === undefined) return;
  console.error(`backup: interrumpida por ${stopSignal}: la copia no está completa y no se ha borrado ninguna copia antigua.`);
  process.exit(128 + SIGNAL_NUMBERS[stopSignal]);
}

/** Runs one service's command; a failure ends this script, unless `goOn` (then it only sets the exit code). True when it succeeded. */
async function run(app, extra, goOn = false) {
  stopIfAsked();
  // The IPC channel is how a command under this script's lock learns that the script is gone, however it ended (backup-lock.ts).
  running = spawn(process.execPath, [join(build, 'apps', app, `${action}.js`), ...extra], { cwd: ROOT, stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...underLock } });
  const [status] = await once(running, 'exit');
  running = undefined;
  stopIfAsked();
  if (status === 0) return true;
  if (!goOn) process.exit(status ?? 1);
  process.exitCode = status ?? 1;
  return false;
}

/** Each service's files in DATA_DIR as its own commands see them (apps/<service>/data-dir.ts), in the order they are copied. */
const SERVICES = {
  citas: () => require(join(build, 'apps', 'citas', 'data-dir.js')).citasData(require(join(build, 'apps', 'citas', 'config.js')).loadCitasConfig()),
  admin: () => require(join(build, 'apps', 'admin', 'data-dir.js')).adminData(require(join(build, 'apps', 'admin', 'config.js')).loadAdminConfig()),
};

/**
 * The services with files in DATA_DIR, saying for each other one where its
 * data is instead of running its command. When neither has any, both: their
 * commands refuse, each in its line. A service whose settings cannot be read
 * counts as here: its command says what is wrong.
 */
function servicesInDataDir() {
  const { nothingToCopy } = require(join(build, 'adapters', 'sqlite', 'backup-command.js'));
  const elsewhere = new Map();
  for (const [app, dataOf] of Object.entries(SERVICES)) {
    let data;
    try {
      data = dataOf();
    } catch {
      continue;
    }
    if (nothingToCopy(data)) elsewhere.set(app, data.elsewhere);
  }
  const apps = Object.keys(SERVICES);
  if (elsewhere.size === apps.length) return apps;
  for (const [app, notes] of elsewhere) for (const note of notes) console.log(`${app}: ${note}`);
  return apps.filter((app) => !elsewhere.has(app));
}

/** `args` (option-value pairs, as backupOptions checked them) without `--keep N`. */
function withoutKeep(args) {
  const kept = [];
  for (let i = 0; i < args.length; i += 2) if (args[i] !== '--keep') kept.push(args[i], args[i + 1]);
  return kept;
}

async function main() {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
  } else if (action === 'backup') {
    const { backupOptions } = require(join(build, 'adapters', 'sqlite', 'backup-command.js'));
    const { backupName } = require(join(build, 'adapters', 'sqlite', 'backup-folders.js'));
    // Refused here, before citas copies anything, as admin's command would refuse it after.
    let options;
    try {
      options = backupOptions(args);
    } catch (err) {
      console.error(`backup: ${err.message}`);
      process.exit(1);
    }
    const { lockBackups } = require(join(build, 'adapters', 'sqlite', 'backup-lock.js'));
    const { dataDirOf } = require(join(build, 'adapters', 'config', 'env.js'));
    const { SystemClock } = require(join(build, 'adapters', 'clock', 'system-clock.js'));
    let lock;
    try {
      lock = lockBackups(dataDirOf(process.env), new SystemClock(), (line) => console.log(`backup: ${line}`));
      underLock = lock.env;
    } catch (err) {
      console.error(`backup: ${err.message.split('\n').join(' ')}`);
      process.exit(1);
    }
    try {
      // One folder for both: the same name under DATA_DIR/backups unless --to says where.
      const named = options.to !== undefined || options.name !== undefined ? args : [...args, '--name', backupName(new Date())];
      // Admin's copy is taken even when citas's fails, the keys at least; --keep goes to the last command, once every copy before it is in.
      const apps = servicesInDataDir();
      const failed = [];
      for (const [i, app] of apps.entries()) {
        const last = i === apps.length - 1;
        if (last && options.keep !== undefined && failed.length > 0) console.error(`backup: no se borra ninguna copia antigua: la copia de ${failed.join(' y ')} no se hizo.`);
        if (!(await run(app, last && failed.length === 0 ? named : withoutKeep(named), true))) failed.push(app);
      }
    } finally {
      lock.release();
    }
  } else {
    const { restoreOptions } = require(join(build, 'adapters', 'sqlite', 'backup-command.js'));
    let options;
    try {
      options = restoreOptions(args);
    } catch (err) {
      console.error(`restore: ${err.message}`);
      process.exit(1);
    }
    const apps = servicesInDataDir();
    if (options.check) {
      // In this process, as the restore: one line about DATA_DIR (a restore interrupted or running there), not one per service.
      const { checkRestore } = require(join(build, 'adapters', 'sqlite', 'backup-command.js'));
      try {
        checkRestore('restore', apps.map((app) => SERVICES[app]()), options.from);
      } catch (err) {
        console.error(`restore: ${err.message.split('\n').join(' ')}`);
        process.exit(1);
      }
    } else {
      // Both services in this process, as one (restoreServices: all or nothing, under the lock, one replaced-<time>
      // folder): each service's command restoring its own, a failure in admin's after citas's had succeeded left citas
      // from the backup beside admin from now, and a second restore in the same second collided with the first.
      const { restoreServices } = require(join(build, 'adapters', 'sqlite', 'backup-command.js'));
      const { SystemClock } = require(join(build, 'adapters', 'clock', 'system-clock.js'));
      try {
        await restoreServices('restore', apps.map((app) => SERVICES[app]()), options.from, new SystemClock());
      } catch (err) {
        console.error(`restore: ${err.message.split('\n').join(' ')}`);
        process.exit(1);
      }
    }
  }
}

void main();
