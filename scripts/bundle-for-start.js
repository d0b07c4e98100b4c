// The three services as `npm start` runs them: one JavaScript file each,
// bundled by esbuild from the service's sources and the packages they use,
// into node_modules/.cache/odontocare/start-bundle/. Loading a service file
// by file spent about half of its start in node's module loader (resolving,
// stat-ing, reading and wrapping some 400 files: inversify, zod, express and
// their dependencies are many small ones). Bundled, `npm start` until all
// three answered went from 2.34-2.59 to 1.70-2.28 s on a quiet 2-core
// machine (three alternating pairs, BENCHMARKS.md); each service's CPU until
// /health from 1.20-1.62 to 0.97-1.32 s under load (web: 1.24-1.34 to
// 0.76-0.86 s).
//
// Left to node, as packages: the native ones (better-sqlite3 and
// @node-rs/argon2 find their compiled addon next to their own files) and
// swagger-ui-express, which serves swagger-ui-dist's files from its folder.
//
// Never stale: the bundles count as current only while no source of
// core/, adapters/ or apps/ changed (size or mtime), no package was
// installed (npm writes node_modules/.package-lock.json on every install)
// and the bundler and its options are the same; checking reads a few hundred
// stats and loads no bundler. A start that finds them stale runs the
// file-by-file copy (scripts/compile-for-start.js: only what changed is
// compiled, as fast as before bundling) and bundles once all three answer,
// in esbuild's process, for the next start: bundling takes 1.4-1.6 s here,
// which a start after an edit would otherwise wait for. `npm run
// backup|restore` and the tests of compiled services run the file-by-file
// copy too.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const { sourceFiles, writeAtomically } = require('./compile-for-start');
const { NODE } = require('./transpile');

const SERVICES = ['admin', 'citas', 'web'];

const { loader: _oneFile, ...transpiled } = NODE; // a bundle's loader follows each file's extension
/** How each service is bundled. */
const OPTIONS = {
  ...transpiled,
  bundle: true,
  platform: 'node',
  external: ['better-sqlite3', '@node-rs/argon2', 'swagger-ui-express'],
  // A quarter less to write and for node to read at every start (9.2 MB against 12.6 for the three), names kept:
  // a service run to be debugged is run from its sources (npm run start:admin, through ts-node).
  minifyWhitespace: true,
  logLevel: 'error',
};

/** What a bundle depends on besides the sources: a change here builds them afresh. */
function bundlerKey() {
  return { esbuild: require('esbuild/package.json').version, OPTIONS, SERVICES };
}

function stamp(file) {
  try {
    const { mtimeMs, size } = statSync(file);
    return [mtimeMs, size];
  } catch {
    return null;
  }
}

/** Everything the bundles were built from, as sizes and mtimes. */
function inputs(root) {
  const sources = {};
  for (const file of sourceFiles(root)) sources[relative(root, file)] = stamp(file);
  return JSON.stringify({ bundler: bundlerKey(), installed: stamp(join(root, 'node_modules', '.package-lock.json')), sources });
}

/** The bundles' folder (`<dir>/<service>.js`), whether they match the sources and packages now, and what they must match. */
function bundlesFor(root) {
  const dir = join(root, 'node_modules', '.cache', 'odontocare', 'start-bundle');
  const key = inputs(root);
  let known;
  try {
    known = readFileSync(join(dir, 'inputs.json'), 'utf8');
  } catch {
    known = undefined;
  }
  return { dir, key, current: known === key && SERVICES.every((s) => stamp(join(dir, `${s}.js`))) };
}

/**
 * Bundles the three services into `bundles.dir` (bundlesFor's answer), in
 * esbuild's own process: the caller's event loop stays free meanwhile.
 */
async function buildBundles(root, bundles) {
  const { outputFiles } = await require('esbuild').build({
    ...OPTIONS,
    entryPoints: Object.fromEntries(SERVICES.map((s) => [s, join(root, 'apps', s, 'main.ts')])),
    outdir: bundles.dir,
    write: false,
  });
  // Each file renamed into place, the inputs last: a second `npm start` at the same moment runs either
  // bundle whole, and a start interrupted halfway bundles again next time.
  for (const file of outputFiles) writeAtomically(file.path, file.text);
  writeAtomically(join(bundles.dir, 'inputs.json'), bundles.key);
}

module.exports = { bundlesFor, buildBundles };
