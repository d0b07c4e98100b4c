#!/usr/bin/env node
// `npm start`: both services as two processes, like in production (each with
// its own SQLite file), run as plain `node` on JavaScript compiled from the
// sources (scripts/compile-for-start.js: only what changed since the last
// start) with the production node flags (scripts/service-node-flags.json).
// Both start at once: citas does not need admin to start (it asks admin per
// request, and its /ready says whether admin answers); admin must answer
// /health within START_HEALTH_TIMEOUT_MS or both are stopped. Log lines are
// prefixed [admin] / [citas]; Ctrl-C (SIGINT) or SIGTERM is passed to both,
// which drain and close their databases. If either dies on its own, the
// other is stopped and this exits non-zero, so a supervisor notices.
'use strict';
const { spawn } = require('node:child_process');
const { createInterface } = require('node:readline');
const { join } = require('node:path');
const { compileForStart } = require('./compile-for-start');
const { flags: NODE_FLAGS } = require('./service-node-flags.json');

const ROOT = join(__dirname, '..');
const ADMIN_PORT = process.env.ADMIN_PORT || '5001';
const ADMIN_URL = process.env.ADMIN_URL || `http://127.0.0.1:${ADMIN_PORT}`;
const HEALTH_TIMEOUT_MS = Number(process.env.START_HEALTH_TIMEOUT_MS || 60_000);

let BUILD;

function commandFor(app) {
  return [...NODE_FLAGS, join(BUILD, 'apps', app, 'main.js')];
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
  const started = Date.now();
  const build = compileForStart(ROOT);
  BUILD = build.dir;
  if (build.compiled > 0) process.stderr.write(`[start] ${build.compiled} archivos compilados en ${Date.now() - started} ms\n`);
  start('admin', { ADMIN_PORT });
  start('citas', { ADMIN_URL });
  const up = await waitForHealth(ADMIN_URL, HEALTH_TIMEOUT_MS);
  if (stopping) return;
  if (!up) {
    process.stderr.write(`[start] admin no respondió en ${ADMIN_URL}/health en ${HEALTH_TIMEOUT_MS / 1000} s; se detiene.\n`);
    exitCode = 1;
    stopAll('SIGTERM');
  }
})();
