/**
 * `npm run backup` and `npm run restore` (scripts/backup-restore.js) as the
 * clinic's IT person runs them: real child processes on a real DATA_DIR,
 * and the two services sharing that DATA_DIR as `npm start` runs them.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, cpSync, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { after, before } from 'node:test';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { loadCitasConfig } from '../../apps/citas/config';
import { type RunningService, startCitas } from '../../apps/citas/main';
import { startTestAdmin, type TestAdmin } from './admin';
import { httpClient, type HttpClient, TEST_PASSWORD } from './citas';
import { firstMondayNextYear } from './clinic-days';

const SCRIPT = resolve(__dirname, '..', '..', 'scripts', 'backup-restore.js');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * What every suite of `npm run backup` / `restore` sets up, called in its
 * describe: temporary folders removed when the suite ends, and one run that
 * compiles what changed into npm start's cache first, so no test's held or
 * timed run pays for the compiler.
 */
export function backupSuite(): { tempDir: (name: string) => string } {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  before(async () => {
    const warm = await run('backup', ['--help'], {});
    assert.equal(warm.code, 0, warm.stderr);
  });
  return {
    tempDir(name) {
      const dir = mkdtempSync(join(tmpdir(), `odontocare-${name}-`));
      dirs.push(dir);
      return dir;
    },
  };
}

/** A user other than the test's own to run a process as (the test runs as root): the services' user, on a machine where root restores. */
export interface RunAs {
  uid: number;
  gid: number;
}

/** `npm run backup` / `npm run restore` (package.json), to its end; as the user `as` when given. */
export function run(action: 'backup' | 'restore', args: string[], env: Record<string, string>, as?: RunAs): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [SCRIPT, action, ...args], {
      cwd: resolve(SCRIPT, '..', '..'),
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...as,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A run of `npm run backup` / `restore` going on, in a process group of its own (the script and what it starts). */
/** SIGKILLs what is left of a run's process group (a command the script started may outlive it); false when nothing was. */
function killGroup(pid: number): boolean {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
  return true;
}

export interface StartedRun {
  /** The script's process id, and its group's. */
  pid: number;
  /** The script's own end: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its output closed: the script and every process it started have ended (or closed it); with what they wrote. */
  ended: Promise<Ran>;
  /** Whether any process of its group is still running; ends them, SIGKILL, if so. */
  endLeftovers(): boolean;
  /** True once its stderr matches `pattern`; false if its output closes first (an event, never a timer). */
  saysOnStderr(pattern: RegExp): Promise<boolean>;
}

/**
 * Starts `npm run backup` / `restore` for a test that signals it while it
 * runs: alone (process.kill(pid), as cron's `timeout` or the OOM killer
 * reach it) or with everything it started (process.kill(-pid), as Ctrl-C
 * in a terminal reaches the whole foreground group).
 */
export function startRun(action: 'backup' | 'restore', args: string[], env: Record<string, string>): StartedRun {
  const child = spawn(process.execPath, [SCRIPT, action, ...args], {
    cwd: resolve(SCRIPT, '..', '..'),
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const closed = new Promise<void>((done) => child.on('close', () => done()));
  return {
    pid: child.pid!,
    saysOnStderr: (pattern) =>
      new Promise((done) => {
        const look = () => {
          if (!pattern.test(stderr)) return;
          child.stderr!.off('data', look);
          done(true);
        };
        child.stderr!.on('data', look);
        look();
        void closed.then(() => done(pattern.test(stderr)));
      }),
    exited: new Promise((done) => child.on('exit', (code, signal) => done({ code, signal }))),
    // 'close' waits for the pipes, which a process the script started still holds after the script has gone.
    ended: new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr }))),
    endLeftovers: () => killGroup(child.pid!),
  };
}

/**
 * `npm run restore ...args` stopped by its test hook before `step`
 * (ODONTOCARE_TEST_RESTORE_STOP_BEFORE, adapters/sqlite/restore-journal.ts),
 * then SIGKILLed with everything it started, as a crash leaves it: whether
 * it got there, and what it said.
 */
export async function restoreKilledBefore(step: string, args: string[], env: Record<string, string>): Promise<{ stopped: boolean; ended: Ran }> {
  const restoring = startRun('restore', args, { ...env, ODONTOCARE_TEST_RESTORE_STOP_BEFORE: step });
  let stopped: boolean;
  try {
    stopped = await restoring.saysOnStderr(new RegExp(`stopped before ${step.replace(/\./g, '\\.')}$`, 'm'));
  } finally {
    restoring.endLeftovers(); // SIGKILL to the whole group: the crash
  }
  return { stopped, ended: await restoring.ended };
}

/**
 * What to add to a run's environment so that every process it starts reads
 * the same still time from the machine's clock (frozen-date.js): two
 * services' commands then run "within one second" by construction.
 */
export function clockStoppedAt(iso: string): Record<string, string> {
  const preload = `--require ${resolve(__dirname, 'frozen-date.js')}`;
  return { NODE_OPTIONS: [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' '), FROZEN_DATE_AT: iso };
}

/** A run of `npm run backup` held in the middle until the test lets it go. */
export interface HeldBackup {
  /** The script's process id. */
  pid: number;
  /** Lets it go on, and resolves with its exit code and what it wrote to stderr. */
  finish(): Promise<Ran>;
  /** SIGKILL to the script and its children, as a crash or a power cut would leave things. */
  kill(): Promise<void>;
  /** `signal` to the script alone (cron's `timeout` sends SIGTERM to the command it ran): resolves with its exit code once it has ended. */
  signalScript(signal: NodeJS.Signals): Promise<number | null>;
  /** Whether any process the script started is still running (its process group); ends them, SIGKILL, if so. */
  endLeftovers(): boolean;
}

/**
 * Starts `npm run backup ...args` so that it stops once citas's copy is
 * written, before admin's begins: its stdout is a pipe already full, so the
 * citas command's line about its copy cannot be written and that process
 * cannot end (the script waits for it). No timing involved: it stays there
 * until finish() reads the pipe. The script and its children form their own
 * process group, so kill() reaches all of them.
 */
export function holdBackup(args: string[], env: Record<string, string>): HeldBackup {
  const fifoDir = mkdtempSync(join(tmpdir(), 'odontocare-held-backup-'));
  const fifo = join(fifoDir, 'stdout');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) throw new Error(`mkfifo: ${made.stderr}`);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  const filler = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  const page = Buffer.alloc(4096, '.');
  for (;;) {
    try {
      writeSync(filler, page);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') break;
      throw err;
    }
  }
  closeSync(filler);

  const child = spawn(process.execPath, [SCRIPT, 'backup', ...args], {
    cwd: resolve(SCRIPT, '..', '..'),
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', writer, 'pipe'],
    detached: true,
  });
  closeSync(writer);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  // The script's own end: 'close' waits for its stderr, which a command it started and left running still holds.
  const exited = new Promise<number | null>((done) => child.on('exit', (code, signal) => done(code ?? (signal ? 128 : null))));
  // Not read before finish(): a socket reads as soon as it exists, which would let the run go on.
  let stdout: Socket | undefined;
  const cleanUp = () => {
    if (stdout) stdout.destroy();
    else closeSync(reader);
    rmSync(fifoDir, { recursive: true, force: true });
  };

  return {
    pid: child.pid!,
    async finish() {
      let out = '';
      stdout = new Socket({ fd: reader, readable: true, writable: false });
      stdout.on('data', (d) => (out += d));
      const code = await ended;
      cleanUp();
      return { code, stdout: out.replace(/^\.+/, ''), stderr };
    },
    async kill() {
      process.kill(-child.pid!, 'SIGKILL');
      await ended;
      cleanUp();
    },
    async signalScript(signal) {
      process.kill(child.pid!, signal);
      return exited;
    },
    endLeftovers: () => killGroup(child.pid!),
  };
}

export interface Services {
  admin: TestAdmin;
  citas: RunningService & HttpClient;
  close(): Promise<void>;
}

/** Admin and citas sharing one DATA_DIR, as `npm start` runs them. */
export async function startBoth(dataDir: string): Promise<Services> {
  const admin = await startTestAdmin({ DATA_DIR: dataDir });
  const config = loadCitasConfig({
    CITAS_PORT: '0',
    CITAS_HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    CITAS_WORKERS: 'false',
    MAX_CITAS_FUTURAS: '1000',
    ADMIN_TIMEOUT_MS: '10000',
    ADMIN_URL: admin.url,
    DATA_DIR: dataDir,
  });
  const service = await startCitas(config);
  const citas = { ...service, ...httpClient(service.url) };
  return {
    admin,
    citas,
    close: async () => {
      await citas.close();
      await admin.close();
    },
  };
}

/** What a clinic has: centers in admin.db, citas in citas.db. */
export interface Facts {
  centers: number;
  citas: number;
}
/** What aClinicWithABackup's backup holds, and what its DATA_DIR holds. */
export const CLINIC_BACKUP: Facts = { centers: 1, citas: 1 };
export const CLINIC_NOW: Facts = { centers: 2, citas: 2 };

/**
 * A stopped clinic in `dataDir`: a center and a cita, its backup in
 * backups/antes, then another center and another cita (acknowledged after
 * the backup: a restore sets them aside, and nothing may lose them).
 */
export async function aClinicWithABackup(dataDir: string): Promise<void> {
  const services = await startBoth(dataDir);
  try {
    const { admin, citas } = services;
    const token = await admin.adminToken();
    const doctor = await admin.post<{ id_doctor: number }>('/admin/doctores', { nombre: 'Dra. Corte', especialidad: 'Ortodoncia', username: 'dra.corte', password: TEST_PASSWORD }, token);
    const patient = await admin.post<{ id_paciente: number }>('/admin/pacientes', { nombre: 'Paciente Corte', telefono: '600123456', username: 'pac.corte', password: TEST_PASSWORD }, token);
    const center = async (nombre: string) => (await admin.post<{ id_centro: number }>('/admin/centros', { nombre, direccion: 'Calle Mayor 1, Madrid' }, token)).body.id_centro;
    const day = firstMondayNextYear(new Date(), 6);
    const book = async (id_centro: number, hour: string) =>
      (await citas.post('/citas', { fecha: `${day}T${hour}:00`, motivo: 'Revisión', id_paciente: patient.body.id_paciente, id_doctor: doctor.body.id_doctor, id_centro }, token)).status;
    assert.deepEqual([doctor.status, patient.status], [201, 201]);
    assert.equal(await book(await center('Centro de antes'), '09:00'), 201);
    const copied = await run('backup', ['--name', 'antes'], { DATA_DIR: dataDir });
    assert.equal(copied.code, 0, copied.stderr);
    assert.equal(await book(await center('Centro de después'), '10:00'), 201);
  } finally {
    await services.close();
  }
}

/** Counts read from a copy of the databases in `dir` (reading them in place would add -wal and -shm files there). */
export function factsOf(dir: string): Facts {
  const scratch = mkdtempSync(join(tmpdir(), 'odontocare-facts-'));
  try {
    const count = (db: string, table: string) => {
      for (const suffix of ['', '-wal']) if (existsSync(join(dir, db + suffix))) cpSync(join(dir, db + suffix), join(scratch, db + suffix));
      const file = new Database(join(scratch, db), { fileMustExist: true });
      try {
        return (file.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      } finally {
        file.close();
      }
    };
    return { centers: count('admin.db', 'centers'), citas: count('citas.db', 'citas') };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
