#!/usr/bin/env node
// `npm start`: the three services as three processes, like in production
// (admin and citas each with its own SQLite file, web with the page). The
// page is compiled first (scripts/build-page.js). Admin first; citas once
// admin answers /health, since citas verifies tokens with admin's published
// keys; web beside citas (it asks both per request). Log lines are prefixed
// [admin] / [citas] / [web]; Ctrl-C (SIGINT) or SIGTERM is passed to all,
// which drain and close their databases. If one dies on its own, the others
// are stopped and this exits non-zero, so a supervisor notices.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const { createInterface } = require('node:readline');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const ADMIN_PORT = process.env.ADMIN_PORT || '5001';
const ADMIN_URL = process.env.ADMIN_URL || `http://127.0.0.1:${ADMIN_PORT}`;
const CITAS_PORT = process.env.CITAS_PORT || '5002';
const CITAS_URL = process.env.CITAS_URL || `http://127.0.0.1:${CITAS_PORT}`;
const WEB_PORT = process.env.WEB_PORT || '5000';
const HEALTH_TIMEOUT_MS = Number(process.env.START_HEALTH_TIMEOUT_MS || 60_000);

/** The sources through ts-node (as `npm run start:admin` does): never a stale build. */
function commandFor(app) {
  return ['--require', 'ts-node/register/transpile-only', join(ROOT, 'apps', app, 'main.ts')];
}

const children = new Map();
let stopping = false;
let exitCode = 0;

function prefixLines(stream, name, out) {
  createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`));
}

function start(name, env) {
  const child = spawn(process.execPath, commandFor(name), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(child.stdout, name, process.stdout);
  prefixLines(child.stderr, name, process.stderr);
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) {
      process.stderr.write(`[start] ${name} terminó inesperadamente (${signal ?? `código ${code}`}); se detiene el resto.\n`);
      exitCode = code || 1;
      stopAll('SIGTERM');
    } else if (code && code !== 0 && exitCode === 0) {
      exitCode = code;
    }
    if (children.size === 0) process.exit(exitCode);
  });
  return child;
}

function stopAll(signal) {
  stopping = true;
  for (const child of children.values()) child.kill(signal);
  if (children.size === 0) process.exit(exitCode);
  // A child that ignores the signal does not keep us here forever.
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(exitCode || 1);
  }, 20_000).unref();
}

async function waitForHealth(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return false;
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    process.stderr.write(`[start] ${signal} recibido; deteniendo los servicios...\n`);
    stopAll(signal === 'SIGINT' ? 'SIGTERM' : signal);
  });
}

(async () => {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-page.js')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('[start] la página web no compila; no se arranca nada.\n');
    process.exit(1);
  }
  start('admin', { ADMIN_PORT });
  const up = await waitForHealth(ADMIN_URL, HEALTH_TIMEOUT_MS);
  if (stopping) return;
  if (!up) {
    process.stderr.write(`[start] admin no respondió en ${ADMIN_URL}/health en ${HEALTH_TIMEOUT_MS / 1000} s; se detiene.\n`);
    exitCode = 1;
    stopAll('SIGTERM');
    return;
  }
  start('citas', { ADMIN_URL, CITAS_PORT });
  start('web', { ADMIN_URL, CITAS_URL, WEB_PORT });
  process.stdout.write(`[start] abra http://127.0.0.1:${WEB_PORT} en el navegador\n`);
})();
