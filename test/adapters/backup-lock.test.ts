import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE, lockBackups, OWNER_FILE } from '../../adapters/sqlite/backup-lock';
import { BackupError } from '../../adapters/sqlite/backup';
import { FixedClock } from '../fakes/fixed-clock';
import { aLockHolder } from '../support/backup-lock-holder';

/** DATA_DIR's backup lock (adapters/sqlite/backup-lock.ts), held by this process and by real child processes. */

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const aDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'odontocare-backup-lock-'));
  dirs.push(dir);
  return dir;
};
const clock = new FixedClock('2026-12-01T02:00:00Z');

/**
 * A child process that takes the lock (backup-lock-child.ts), with `env` added to its environment and, with `ipc`,
 * an IPC channel to this process (as npm run backup gives its commands); resolves with what it printed.
 */
function child(dataDir: string, mode: 'exit' | 'take', env: Record<string, string> = {}, ipc = false): Promise<string> {
  return new Promise((done, fail) => {
    const proc = spawn(process.execPath, ['--require', 'ts-node/register', join(__dirname, 'backup-lock-child.ts'), dataDir, mode], {
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', ...env },
      stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? ['ipc' as const] : [])],
    });
    let stdout = '';
    proc.stdout!.on('data', (d) => (stdout += d));
    proc.on('error', fail);
    // Its stdout whatever its end: in "exit" mode it is killed.
    proc.on('close', () => done(stdout.trim()));
  });
}

/** Whether this machine lets us start a process in a PID namespace of its own (root, util-linux's unshare). */
const ownPidNamespace = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'true']).status === 0;

describe('one backup of a DATA_DIR at a time (backup-lock.ts)', () => {
  it('refuses while a running process holds it, in one line naming that process; free again once released', async () => {
    const dataDir = aDataDir();
    const first = lockBackups(dataDir, clock, () => {});

    assert.throws(() => lockBackups(dataDir, clock, () => {}), (err: Error) => {
      assert.ok(err instanceof BackupError);
      assert.match(err.message, new RegExp(`en curso \\(pid ${process.pid}, empezada 2026-12-01T02:00:00.000Z\\)`));
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
    first.release();

    assert.equal(await child(dataDir, 'take'), 'held');
    assert.deepEqual(readdirSync(dataDir), [LOCK_FILE], 'more than the (free) lock file was left behind');
  });

  it('a command run by the process holding it with its env and an IPC channel to it (npm run backup runs each service’s) runs under it and does not release it', async () => {
    const dataDir = aDataDir();
    const held = lockBackups(dataDir, clock, () => {});

    assert.equal(await child(dataDir, 'take', held.env, true), 'held');
    assert.throws(() => lockBackups(dataDir, clock, () => {}), /en curso/, 'the child released its parent’s lock');
    held.release();
  });

  it('a command given the holder’s env but no channel to it (nothing would tell it the holder has gone) is refused', async () => {
    const dataDir = aDataDir();
    const held = lockBackups(dataDir, clock, () => {});
    try {
      assert.match(await child(dataDir, 'take', held.env), /en curso/);
    } finally {
      held.release();
    }
  });

  it('a process started by the holder without its env (its parent holds the lock, nothing else) is refused', async () => {
    const dataDir = aDataDir();
    const held = lockBackups(dataDir, clock, () => {});
    try {
      assert.match(await child(dataDir, 'take'), /en curso/);
    } finally {
      held.release();
    }
  });

  it('a lock whose owner was killed is taken over, once, and said', async () => {
    const dataDir = aDataDir();
    assert.equal(await child(dataDir, 'exit'), 'held');
    const dead = JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')).pid;

    const notes: string[] = [];
    const lock = lockBackups(dataDir, clock, (line) => notes.push(line));

    assert.equal(notes.length, 1);
    assert.match(notes[0], new RegExp(`pid ${dead}\\b.*se interrumpió`));
    lock.release();
    assert.deepEqual(readdirSync(dataDir), [LOCK_FILE]);
    lockBackups(dataDir, clock, (line) => notes.push(line)).release();
    assert.equal(notes.length, 1, 'said again on the next run');
  });

  it('a killed run’s record naming a pid now given to another process (after a reboot or a container restart) does not hold the lock', async () => {
    const dataDir = aDataDir();
    assert.equal(await child(dataDir, 'exit'), 'held');
    const file = join(dataDir, OWNER_FILE);
    // The dead owner's record, with the pid of a process that runs: this one, not the run that wrote it.
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), pid: process.pid }));

    const lock = lockBackups(dataDir, clock, () => {});
    lock.release();
  });

  // Two containers on one volume (`docker compose exec` in the service's and `docker compose run --rm` beside it),
  // or the host and a container on a bind mount: a pid means nothing from the other side.
  it('a run in progress in another PID namespace (another container on the same volume) is not taken for dead: a second run is refused', {
    skip: ownPidNamespace ? false : 'needs root and util-linux unshare (a PID namespace of its own, as a container has)',
  }, async () => {
    const dataDir = aDataDir();
    const other = await aLockHolder(dataDir, { under: ['unshare', '--pid', '--fork', '--mount-proc'] });
    try {
      const notes: string[] = [];
      let second: ReturnType<typeof lockBackups> | undefined;
      try {
        second = lockBackups(dataDir, clock, (line) => notes.push(line));
      } catch (err) {
        assert.ok(err instanceof BackupError, String(err));
        assert.match(err.message, /en curso/);
      }
      second?.release();
      assert.equal(second, undefined, `the second run went ahead beside the first: ${notes.join(' ')}`);
    } finally {
      await other.release();
    }
  });

  it('a DATA_DIR that does not exist is refused in one line naming DATA_DIR, and not created', () => {
    const dataDir = join(aDataDir(), 'no-existe');
    assert.throws(() => lockBackups(dataDir, clock, () => {}), (err: Error) => err instanceof BackupError && err.message.startsWith(`DATA_DIR (${dataDir}) no existe:`) && !err.message.includes('\n'));
    assert.equal(existsSync(dataDir), false);
  });
});
