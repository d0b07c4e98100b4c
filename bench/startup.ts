import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './lib/service';

export interface StartupResult {
  adminMs: number;
  citasMs: number;
  webMs: number;
  /** Peak RSS of `npm start`'s children is not measured here: only readiness. */
  exitCode: number | null;
  /**
   * Set when this start found the bundles stale (a source or a package
   * changed): it ran file by file, and bundled for the next start once
   * ready, which this waits for (so the next start measured is a start with
   * nothing changed): how long the bundling took.
   */
  bundlingMs?: number;
}

async function up(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(500) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * `npm start` itself (npm, then scripts/start-all.js, from the repository,
 * not from the bench's build), on free ports and a fresh DATA_DIR: the time
 * from spawning it until ALL THREE services (admin, citas, web) answer GET /health, polled every
 * 20 ms. It runs in its own process group, stopped as a whole.
 */
export async function measureStartup(root: string, timeoutMs = 60_000): Promise<StartupResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'odontocare-start-'));
  const adminPort = await freePort();
  const citasPort = await freePort();
  const webPort = await freePort();
  const started = performance.now();
  const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['start', '--silent'], {
    cwd: root,
    detached: true,
    env: { ...process.env, ADMIN_PORT: String(adminPort), CITAS_PORT: String(citasPort), WEB_PORT: String(webPort), ADMIN_HOST: '127.0.0.1', CITAS_HOST: '127.0.0.1', WEB_HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let willBundle = false;
  let bundling: string | undefined; // npm start's line once its bundling for the next start ended
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-2000);
    willBundle ||= stderr.includes('se empaquetarán para el próximo arranque');
    bundling ??= /empaquetados en \d+ ms|no se pudieron empaquetar[^\n]*/.exec(stderr)?.[0];
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let adminMs = Number.NaN;
  let citasMs = Number.NaN;
  let webMs = Number.NaN;
  const pending = () => Number.isNaN(adminMs) || Number.isNaN(citasMs) || Number.isNaN(webMs);
  try {
    while (performance.now() - started < timeoutMs && pending()) {
      const [a, c, w] = await Promise.all([
        Number.isNaN(adminMs) ? up(`http://127.0.0.1:${adminPort}`) : true,
        Number.isNaN(citasMs) ? up(`http://127.0.0.1:${citasPort}`) : true,
        Number.isNaN(webMs) ? up(`http://127.0.0.1:${webPort}`) : true,
      ]);
      const now = performance.now() - started;
      if (a && Number.isNaN(adminMs)) adminMs = now;
      if (c && Number.isNaN(citasMs)) citasMs = now;
      if (w && Number.isNaN(webMs)) webMs = now;
      await new Promise((r) => setTimeout(r, 20));
    }
    if (pending()) throw new Error(`npm start not ready in ${timeoutMs} ms: ${stderr.split('\n').slice(-3).join(' ')}`);
    while (willBundle && bundling === undefined && performance.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 50));
  } finally {
    const group = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    group('SIGTERM');
    const timer = setTimeout(() => group('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const bundled = /empaquetados en (\d+) ms/.exec(bundling ?? '');
  if (willBundle && !bundled) throw new Error(`npm start did not bundle the services for the next start: ${bundling ?? 'no line'}`);
  return { adminMs, citasMs, webMs, exitCode: await exited, bundlingMs: bundled ? Number(bundled[1]) : undefined };
}
