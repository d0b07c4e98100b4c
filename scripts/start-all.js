#!/usr/bin/env node
// `npm start`: the three services as three processes, like in production
// (admin and citas each with its own SQLite file, web with the page), run as
// plain `node` on one JavaScript file each, bundled from the sources and
// their packages (scripts/bundle-for-start.js); when a source or a package
// changed since they were bundled, on the file-by-file copy
// (scripts/compile-for-start.js), bundling again once all three answer
// with the production node flags (scripts/service-node-flags.json). The page
// is compiled by scripts/build-page.js's transpilePage (no type-check, like
// the services: npm test type-checks), only when its sources changed
// since the last start (a stamp in dist/page). All three start at once:
// neither citas nor web needs admin to start (they ask it per request, and
// their /ready says whether it answers); web waits only for its page. Admin
// must answer /health within START_HEALTH_TIMEOUT_MS or all are stopped.
// Log lines are prefixed [admin] / [citas] / [web]; Ctrl-C (SIGINT) or
// SIGTERM is passed to all, which drain and close their databases. If one
// dies on its own, the others are stopped and this exits non-zero, so a
// supervisor notices.
'use strict';
const { spawn } = require('node:child_process');
const { readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { createInterface } = require('node:readline');
const { join, relative, resolve } = require('node:path');
const { buildBundles, bundlesFor } = require('./bundle-for-start');
const { compileForStart } = require('./compile-for-start');
const { transpilePage } = require('./build-page');
const { TRANSPILER } = require('./transpile');
const NODE_FLAGS = require('./service-node-flags.json');

const ROOT = join(__dirname, '..');
const ADMIN_PORT = process.env.ADMIN_PORT || '5001';
const ADMIN_URL = process.env.ADMIN_URL || `http://127.0.0.1:${ADMIN_PORT}`;
const CITAS_PORT = process.env.CITAS_PORT || '5002';
const CITAS_URL = process.env.CITAS_URL || `http://127.0.0.1:${CITAS_PORT}`;
const WEB_PORT = process.env.WEB_PORT || '5000';
// Web relays every browser's login to admin from this machine, with the
// browser's address in X-Forwarded-For. Admin believes that header only from
// the loopback (where web is), so its login throttle counts each browser:
// without it, 20 failed logins from anyone refused every front desk login
// for the window. A client elsewhere cannot claim an address this way.
const TRUST_PROXY = process.env.TRUST_PROXY || 'loopback';
// Whether a secretaria may book: citas decides with it, web tells the page
// whether to offer her booking. One value for both, named here so neither
// can be started with the other's (blank means the default, false).
const RESERVA_SECRETARIA = process.env.RESERVA_SECRETARIA || 'false';
const HEALTH_TIMEOUT_MS = Number(process.env.START_HEALTH_TIMEOUT_MS || 60_000);
// Where the page is compiled and web reads it: dist/page (what scripts/build-page.js writes) unless WEB_PAGE_DIR says otherwise.
const PAGE_DIR = resolve(ROOT, process.env.WEB_PAGE_DIR || join('dist', 'page'));
const PAGE_STAMP = join(PAGE_DIR, '.start-stamp.json');

/** Where each service's code runs from: its bundle, or the file-by-file copy while the bundles are stale. */
let entryOf;

function commandFor(app) {
  return [...NODE_FLAGS[app], entryOf(app)];
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

/** What the compiled page depends on: its sources and its tsconfig, as sizes and mtimes, and the transpiler. */
function pageSources() {
  const files = [join(ROOT, 'tsconfig.page.json')];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(join(ROOT, 'adapters', 'web', 'page'));
  return JSON.stringify({ transpiler: TRANSPILER, files: files.sort().map((f) => [relative(ROOT, f), statSync(f).mtimeMs, statSync(f).size]) });
}

/**
 * dist/page is current when build-page.js wrote it from exactly these
 * sources (its stamp, written after a successful build, matches). The build
 * empties dist/page first, so a failed or foreign build leaves no stamp and
 * the next start compiles again: never a stale page.
 */
function pageIsCurrent(sources) {
  try {
    statSync(join(PAGE_DIR, 'index.html'));
    return readFileSync(PAGE_STAMP, 'utf8') === sources;
  } catch {
    return false;
  }
}

/** Compiles the page unless it is current; true when the page is there. */
function preparePage() {
  const sources = pageSources();
  if (pageIsCurrent(sources)) return true;
  const started = Date.now();
  try {
    transpilePage(PAGE_DIR);
  } catch (err) {
    process.stderr.write(`[start] la página web no compila: ${err instanceof Error ? err.message : err}\n`);
    return false;
  }
  writeFileSync(PAGE_STAMP, sources);
  process.stderr.write(`[start] página web compilada en ${Date.now() - started} ms\n`);
  return true;
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
  const bundles = bundlesFor(ROOT);
  if (bundles.current) {
    entryOf = (app) => join(bundles.dir, `${app}.js`);
  } else {
    const build = compileForStart(ROOT);
    entryOf = (app) => join(build.dir, 'apps', app, 'main.js');
    const compiled = build.compiled > 0 ? `${build.compiled} archivos compilados en ${Date.now() - started} ms; ` : '';
    process.stderr.write(`[start] ${compiled}los servicios arrancan archivo a archivo y se empaquetarán para el próximo arranque\n`);
  }
  start('admin', { ADMIN_PORT, TRUST_PROXY });
  start('citas', { ADMIN_URL, CITAS_PORT, TRUST_PROXY, RESERVA_SECRETARIA });
  // While those two load: the page.
  if (!preparePage()) {
    process.stderr.write('[start] la página web no compila; se detiene el resto.\n');
    exitCode = 1;
    stopAll('SIGTERM');
    return;
  }
  start('web', { ADMIN_URL, CITAS_URL, WEB_PORT, WEB_PAGE_DIR: PAGE_DIR, RESERVA_SECRETARIA });
  process.stdout.write(`[start] abra http://127.0.0.1:${WEB_PORT} en el navegador\n`);
  const up = await waitForHealth(ADMIN_URL, HEALTH_TIMEOUT_MS);
  if (stopping) return;
  if (!up) {
    process.stderr.write(`[start] admin no respondió en ${ADMIN_URL}/health en ${HEALTH_TIMEOUT_MS / 1000} s; se detiene.\n`);
    exitCode = 1;
    stopAll('SIGTERM');
    return;
  }
  if (bundles.current) return;
  // Not before all three answer: bundling would take CPU from their start.
  for (const url of [CITAS_URL, `http://127.0.0.1:${WEB_PORT}`]) if (!(await waitForHealth(url, HEALTH_TIMEOUT_MS))) return;
  const bundling = Date.now();
  try {
    await buildBundles(ROOT, bundles);
    process.stderr.write(`[start] servicios empaquetados en ${Date.now() - bundling} ms para el próximo arranque\n`);
  } catch (err) {
    // The services run as they are; the next start tries again.
    process.stderr.write(`[start] no se pudieron empaquetar los servicios para el próximo arranque: ${err instanceof Error ? err.message.split('\n')[0] : err}\n`);
  }
})();
