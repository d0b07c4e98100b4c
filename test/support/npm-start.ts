/**
 * `npm start` (scripts/start-all.js) as the IT person runs it: a real
 * process, in a process group of its own as a terminal gives it, on free
 * ports and the DATA_DIR the test gives, with the defaults of a first day
 * (the test's own environment sets no secret, NODE_ENV nor URL).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';

const ROOT = resolve(__dirname, '..', '..');

export interface NpmStart {
  ports: { admin: number; citas: number; web: number };
  /** Its output closed: it and its services have ended; its exit code and all it said (stdout and stderr). */
  ended: Promise<{ code: number | null; output: string }>;
  /** True once its output matches `pattern`; false if it ends first (an event, never a timer). */
  says(pattern: RegExp): Promise<boolean>;
  /** Whether it still runs. */
  running(): boolean;
  /** SIGTERM to its group, as a service manager stops it; resolves once it has ended. */
  stop(): Promise<{ code: number | null; output: string }>;
}

export async function startNpmStart(dataDir: string, env: Record<string, string> = {}): Promise<NpmStart> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['NODE_ENV', 'SESSION_SECRET', 'ADMIN_BOOTSTRAP_PASSWORD', 'ADMIN_URL', 'CITAS_URL']) delete base[name];
  const ports = { admin: await freePort(), citas: await freePort(), web: await freePort() };
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start-all.js')], {
    cwd: ROOT,
    env: {
      ...base,
      ADMIN_PORT: String(ports.admin),
      CITAS_PORT: String(ports.citas),
      WEB_PORT: String(ports.web),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CITAS_WORKERS: 'false',
      // its own page, so the browser tests' dist/page is not rebuilt under them
      WEB_PAGE_DIR: join(dataDir, 'page'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let closed = false;
  const ended = new Promise<{ code: number | null; output: string }>((done) =>
    child.on('close', (code) => {
      closed = true;
      done({ code, output });
    }),
  );
  for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (c: Buffer) => (output += c.toString()));
  return {
    ports,
    ended,
    says: (pattern) =>
      new Promise((done) => {
        const look = () => {
          if (!pattern.test(output)) return;
          for (const stream of [child.stdout!, child.stderr!]) stream.off('data', look);
          done(true);
        };
        for (const stream of [child.stdout!, child.stderr!]) stream.on('data', look);
        look();
        void ended.then(() => done(pattern.test(output)));
      }),
    running: () => !closed,
    stop: () => {
      if (!closed) process.kill(-child.pid!, 'SIGTERM');
      return ended;
    },
  };
}
