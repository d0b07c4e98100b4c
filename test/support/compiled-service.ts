import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { RunAs } from './npm-backup';

/**
 * A service run as `npm start` runs it: the compiled main.js (what
 * scripts/compile-for-start.js writes), a process of its own. For the tests
 * of starts that must be refused, whose one line goes to stderr.
 */
const ROOT = resolve(__dirname, '..', '..');
const { compileForStart } = require(join(ROOT, 'scripts', 'compile-for-start.js')) as { compileForStart(root: string): { dir: string } };

let build: string | undefined;

/** Compiles what changed (once per test process); call it in a before(), outside the runs a test times. */
export function compiledBuild(): string {
  build ??= compileForStart(ROOT).dir;
  return build;
}

/**
 * Runs `app`'s main.js to its end with `env` over this process's, and
 * returns its exit code and stderr. `deadlineMs` ends a service that hangs
 * instead of refusing (it is killed, and the code is null): a guard, not a wait.
 */
export function runToEnd(app: string, env: Record<string, string>, deadlineMs: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(compiledBuild(), 'apps', app, 'main.js')], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: deadlineMs,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

/** A service started as `npm start` starts it, for a test that looks at what it did on its way up. */
export interface StartedService {
  /** True once it logs that it listens; false if it ends first (a refused start). */
  listening: Promise<boolean>;
  /** True once its stderr matches `pattern`; false if it ends first (an event, never a timer). */
  saysOnStderr(pattern: RegExp): Promise<boolean>;
  /** SIGTERM (as npm start's Ctrl-C passes it on), and its exit code and stderr once it has ended. */
  stop(): Promise<{ code: number | null; stderr: string }>;
}

/** Starts `app`'s main.js with `env` over this process's, logging at info: its "listening" line is the event waited for. As the user `as` when given. */
export function startService(app: string, env: Record<string, string>, as?: RunAs): StartedService {
  const child = spawn(process.execPath, [join(compiledBuild(), 'apps', app, 'main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const ended = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  const listening = new Promise<boolean>((done) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (/service listening/.test(stdout)) done(true);
    });
    void ended.then(() => done(false));
  });
  return {
    listening,
    saysOnStderr: (pattern) =>
      new Promise((done) => {
        const look = () => {
          if (!pattern.test(stderr)) return;
          child.stderr.off('data', look);
          done(true);
        };
        child.stderr.on('data', look);
        look();
        void ended.then(() => done(pattern.test(stderr)));
      }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return { code: await ended, stderr };
    },
  };
}

/** Admin and citas started at once on DATA_DIR, as `npm start` starts them (as the user `as` when given), then stopped: whether each came to listen, and all they said on stderr. */
export async function bothStartedAndStopped(dataDir: string, as?: RunAs): Promise<{ listening: boolean[]; stderr: string }> {
  const env = { DATA_DIR: dataDir, ADMIN_PORT: '0', CITAS_PORT: '0', CITAS_WORKERS: 'false' };
  const services = [startService('admin', env, as), startService('citas', env, as)];
  const listening = await Promise.all(services.map((s) => s.listening));
  const stopped = await Promise.all(services.map((s) => s.stop()));
  return { listening, stderr: stopped.map((s) => s.stderr).join('') };
}
