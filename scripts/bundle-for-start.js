// The three services as `npm start` runs them: one JavaScript file each,
// bundled by esbuild from the service's sources and the packages they use,
// into node_modules/.cache/odontocare/start-bundle/. Loading a service file
// by file spent about half of its start in node's module loader (resolving,
// stat-ing, reading and wrapping some 400 files: inversify, zod, express and
// their dependencies are many small ones). Bundled, on a 2-core machine
// under load, each service's CPU until /health went from 1.20-1.62 to
// 1.04-1.28 s (admin), 1.20-1.61 to 0.97-1.32 s (citas) and 1.24-1.34 to
// 0.76-0.86 s (web), and `npm start` until all three answered from 9.3-14.7
// to 7.2-10.7 s (five alternating rounds, BENCHMARKS.md). Bundling costs
// about 1.4 s of CPU where compiling file by file cost 0.9 s, paid by the
// first start after a change.
//
// Left to node, as packages: the native ones (better-sqlite3 and
// @node-rs/argon2 find their compiled addon next to their own files) and
// swagger-ui-express, which serves swagger-ui-dist's files from its folder.
//
// Never stale: the bundles are built again when any source of core/,
// adapters/ or apps/ changed (size or mtime), when packages were installed
// (npm writes node_modules/.package-lock.json on every install), or when the
// bundler or its options changed; a start with nothing changed reads a few
// hundred stats and loads no bundler. `npm run backup|restore` and the tests
// of compiled services run scripts/compile-for-start.js's file-by-file copy.
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

/**
 * Brings the bundles up to date; returns their folder (`<dir>/<service>.js`)
 * and whether they had to be built.
 */
function bundleForStart(root) {
  const out = join(root, 'node_modules', '.cache', 'odontocare', 'start-bundle');
  const keyFile = join(out, 'inputs.json');
  const key = inputs(root);
  let known;
  try {
    known = readFileSync(keyFile, 'utf8');
  } catch {
    known = undefined;
  }
  if (known === key && SERVICES.every((s) => stamp(join(out, `${s}.js`)))) return { dir: out, built: false };

  const { outputFiles } = require('esbuild').buildSync({
    ...OPTIONS,
    entryPoints: Object.fromEntries(SERVICES.map((s) => [s, join(root, 'apps', s, 'main.ts')])),
    outdir: out,
    write: false,
  });
  // Each file renamed into place, the inputs last: a second `npm start` at the same moment runs either
  // bundle whole, and a start interrupted halfway builds them again.
  for (const file of outputFiles) writeAtomically(file.path, file.text);
  writeAtomically(keyFile, key);
  return { dir: out, built: true };
}

module.exports = { bundleForStart };
