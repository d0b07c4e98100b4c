import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

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
