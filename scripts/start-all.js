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
// must answer at all within START_HEALTH_TIMEOUT_MS or all are stopped (one
// answering 503 is starting, however long a restore it waits for takes).
// Log lines are prefixed [admin] / [citas] / [web]. Ctrl-C (SIGINT), SIGTERM
// or SIGHUP stops them in order, each once the one before it has exited
// (STOP_ORDER), and each drains and closes its databases; a second Ctrl-C
// tells all that remain at once. If one dies on its own, the others are
// stopped (in the same order, once each has taken its port or been refused
// too, so every refusal of a first start is said at once) and this exits
// non-zero, so a supervisor notices; after a stop asked for, the exit code is 0 unless a service ended
// badly or had to be killed. Killed outright itself (kill -9, the OOM killer),
// it leaves nothing behind: each service stops on its own, draining, once its
// channel to this script closes.
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

/**
 * The order the services stop in, each once the one before it has exited.
 * Web first: it stops taking the browsers' work, and what it relays in
 * flight still finds citas and admin. Citas next: each booking in flight
 * needs one lookup in admin, and citas drains them (apps/citas/main.ts).
 * Admin last. Stopped all at once, citas's last bookings met admin closed
 * and failed with 503.
 */
const STOP_ORDER = ['web', 'citas', 'admin'];
/** How long a service told to stop may take before it is killed (its own drain ends well before). */
const KILL_AFTER_MS = 20_000;
/**
 * A signal this soon after the first is the same Ctrl-C: the terminal sends
 * SIGINT to this process and npm, and npm passes its copy on; where npm's
 * shell execs this script (bash does), that copy arrives here too.
 */
const SAME_PRESS_MS = 300;
/** The services told to stop. */
const told = new Set();
/**
 * The services whose settings are judged: each has taken its port (it says so
 * on its channel, adapters/http/serve.ts) or ended. One refused at start
 * stops the rest only once all are judged, so the operator reads every
 * service's refusal (web's SESSION_SECRET and admin's bootstrap password under
 * NODE_ENV=production) in one start; stopped at once, the others ended on
 * SIGTERM before saying theirs, and she found them one start at a time.
 */
const judged = new Set();
/** How long a refused start waits for the others to be judged (each takes its port within moments). */
const JUDGE_WAIT_MS = 10_000;
/** Set while a refused start waits for the others to be judged: stops them once they are. */
let stopWhenJudged;

function prefixLines(stream, name, out) {
  createInterface({ input: stream }).on('line', (line) => out.write(`[${name}] ${line}\n`));
}

function start(name, env) {
  const child = spawn(process.execPath, commandFor(name), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // The channel tells the service when this script is gone, however it ended (adapters/http/serve.ts).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // A process group of its own: the terminal's Ctrl-C (SIGINT to its whole foreground group) reaches this
    // script alone, which stops the services in order; in the terminal's group, all three stopped at once.
    detached: true,
  });
  prefixLines(child.stdout, name, process.stdout);
  prefixLines(child.stderr, name, process.stderr);
  children.set(name, child);
  child.on('message', (message) => {
    if (message !== 'listening') return;
    judged.add(name);
    stopWhenJudged?.();
  });
  child.on('exit', (code, signal) => {
    children.delete(name);
    judged.add(name);
    if (!stopping) {
      process.stderr.write(`[start] ${name} terminó inesperadamente (${signal ?? `código ${code}`}); se detiene el resto.\n`);
      exitCode = code || 1;
      stopOnceJudged();
    } else if (stopWhenJudged) {
      // Refused too, while the first refusal waited for it: its own lines said why.
      process.stderr.write(`[start] ${name} terminó (${signal ?? `código ${code}`})\n`);
      stopWhenJudged();
    } else {
      process.stderr.write(`[start] ${name} se detuvo (${signal ?? `código ${code}`})\n`);
      // Ended by the SIGTERM it was told with (before it could drain: it was still starting) is a stop as asked;
      // killed after KILL_AFTER_MS, or failed while draining, is not.
      if (code !== 0 && signal !== 'SIGTERM' && exitCode === 0) exitCode = code || 1;
      stopNext();
    }
  });
  return child;
}

/** Tells `name` to stop (SIGTERM: it drains, then closes), and kills it if it has not exited within KILL_AFTER_MS. */
function tell(name) {
  const child = children.get(name);
  if (!child || told.has(name)) return;
  told.add(name);
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS).unref();
}

/** Tells the first service of STOP_ORDER still running to stop; exits once none is left. */
function stopNext() {
  const next = STOP_ORDER.find((name) => children.has(name));
  if (next === undefined) process.exit(exitCode);
  tell(next);
}

function stopInOrder() {
  stopping = true;
  stopNext();
}

/** A service ended on its own: the rest are stopped in order once every one's settings are judged (or after JUDGE_WAIT_MS). */
function stopOnceJudged() {
  stopping = true;
  const timer = setTimeout(() => stopWhenJudged?.(true), JUDGE_WAIT_MS);
  stopWhenJudged = (waitedEnough = false) => {
    if (!waitedEnough && [...children.keys()].some((name) => !judged.has(name))) return;
    stopWhenJudged = undefined;
    clearTimeout(timer);
    stopNext();
  };
  stopWhenJudged();
}

/** A second Ctrl-C: every service still running is told at once, as the first Ctrl-C did before STOP_ORDER. */
function stopAllNow() {
  for (const name of STOP_ORDER) tell(name);
}

/**
 * True once `url`/health answers 200; false once a stop began, or when
 * nothing at all answered there within `timeoutMs`. A service that answers
 * 503 holds its port and is opening what it needs, which may rightly take
 * longer than any deadline: it waits for a restore of its DATA_DIR to end,
 * however long that takes, or for a migration (it says which in its own
 * lines). It is waited for, and `onStillStarting` told once, when the
 * deadline passes. Stopped at the deadline, a colleague's restore of more
 * than a minute stopped the whole start.
 */
async function waitForHealth(url, timeoutMs, onStillStarting = () => {}) {
  const deadline = Date.now() + timeoutMs;
  let answered = false;
  let told = false;
  for (;;) {
    if (stopping) return false;
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return true;
      answered = true;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline) {
      if (!answered) return false;
      if (!told) onStillStarting();
      told = true;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
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

// Once the terminal is gone (SIGHUP), its output with it: what the services still log is dropped, not a crash
// of this script that would leave them running without it.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
let firstSignalAt;
// SIGHUP too: the services are not in the terminal's group any more, and would outlive a closed terminal.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (!stopping) {
      firstSignalAt = performance.now();
      process.stderr.write(`[start] ${signal} recibido; deteniendo los servicios en orden: ${STOP_ORDER.join(', ')}...\n`);
      stopInOrder();
      // Said once a second press counts as one.
      setTimeout(() => {
        if (children.size > 0) process.stderr.write('[start] Ctrl-C otra vez los detiene todos a la vez, sin esperar a que termine cada uno.\n');
      }, SAME_PRESS_MS).unref();
    } else if (firstSignalAt === undefined || performance.now() - firstSignalAt >= SAME_PRESS_MS) {
      // (undefined: the stop began because a service died; the operator's first Ctrl-C is then a second word)
      process.stderr.write(`[start] ${signal} otra vez: se detienen todos a la vez.\n`);
      stopAllNow();
    }
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
    stopInOrder();
    return;
  }
  start('web', { ADMIN_URL, CITAS_URL, WEB_PORT, WEB_PAGE_DIR: PAGE_DIR, RESERVA_SECRETARIA });
  const up = await waitForHealth(ADMIN_URL, HEALTH_TIMEOUT_MS, () =>
    process.stderr.write(`[start] admin sigue arrancando (${ADMIN_URL}/health responde que aún no está listo; sus líneas dicen qué espera): se le sigue esperando.\n`),
  );
  if (stopping) return;
  if (!up) {
    process.stderr.write(
      `[start] admin no respondió en ${ADMIN_URL}/health en ${HEALTH_TIMEOUT_MS / 1000} s; se detiene. ` +
        'Compruebe que ADMIN_URL es donde escucha admin (ADMIN_PORT, ADMIN_HOST); en una máquina lenta, dé más tiempo con START_HEALTH_TIMEOUT_MS (milisegundos).\n',
    );
    exitCode = 1;
    stopInOrder();
    return;
  }
  // Said once the page answers, never of a start that is failing (a service refused): open it then.
  const WEB_URL = `http://127.0.0.1:${WEB_PORT}`;
  if (!(await waitForHealth(WEB_URL, HEALTH_TIMEOUT_MS))) return;
  process.stdout.write(`[start] abra ${WEB_URL} en el navegador\n`);
  if (bundles.current) return;
  // Not before all three answer: bundling would take CPU from their start.
  if (!(await waitForHealth(CITAS_URL, HEALTH_TIMEOUT_MS))) return;
  const bundling = Date.now();
  try {
    await buildBundles(ROOT, bundles);
    process.stderr.write(`[start] servicios empaquetados en ${Date.now() - bundling} ms para el próximo arranque\n`);
  } catch (err) {
    // The services run as they are; the next start tries again.
    process.stderr.write(`[start] no se pudieron empaquetar los servicios para el próximo arranque: ${err instanceof Error ? err.message.split('\n')[0] : err}\n`);
  }
})();
