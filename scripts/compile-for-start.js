// The services' JavaScript file by file, for `npm run backup|restore` and the
// tests of compiled services, compiled from the sources here into
// node_modules/.cache/odontocare/start/ and kept there: each .ts file of
// core/, adapters/ and apps/ is transpiled (scripts/transpile.js, no
// type-check: `npm run typecheck` does that) only when it changed since the
// last run, so a run with nothing changed loads no compiler at all and the
// commands run as plain `node`, as the images run them. (`npm start` runs
// one bundle per service instead: scripts/bundle-for-start.js.)
//
// Never stale: an output is up to date only while its source has the size
// and mtime recorded when it was compiled (node_modules/.cache/.../.manifest.json),
// outputs whose source is gone are removed, and a different transpiler
// version or options start afresh.
'use strict';
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');
const { toCommonJs, TRANSPILER } = require('./transpile');

const SOURCE_DIRS = ['core', 'adapters', 'apps'];

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* walk(path);
    else yield path;
  }
}

function isSource(file) {
  return file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts');
}

/** The services' TypeScript sources under `root` (core/, adapters/, apps/), tests left out. */
function* sourceFiles(root) {
  for (const dir of SOURCE_DIRS) for (const file of walk(join(root, dir))) if (isSource(file)) yield file;
}

/** Brings the compiled copy up to date; returns where it is and how many files had to be compiled. */
function compileForStart(root) {
  const out = join(root, 'node_modules', '.cache', 'odontocare', 'start');
  const manifestFile = join(out, '.manifest.json');
  const stamp = TRANSPILER;
  let manifest = { stamp, files: {} };
  try {
    const previous = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (previous.stamp === stamp) manifest = previous;
  } catch {
    // first start, or a damaged manifest: compile everything
  }
  if (Object.keys(manifest.files).length === 0) rmSync(out, { recursive: true, force: true });

  let compiled = 0;
  const files = {};
  const wanted = new Set();
  for (const file of sourceFiles(root)) {
    const rel = relative(root, file);
    const target = join(out, rel.replace(/\.ts$/, '.js'));
    wanted.add(target);
    const { mtimeMs, size } = statSync(file);
    files[rel] = [mtimeMs, size];
    const known = manifest.files[rel];
    if (known && known[0] === mtimeMs && known[1] === size && exists(target)) continue;
    writeAtomically(target, toCommonJs(readFileSync(file, 'utf8'), rel));
    compiled++;
  }
  for (const file of walk(out)) if (file.endsWith('.js') && !wanted.has(file)) rmSync(file, { force: true });
  if (compiled > 0 || Object.keys(files).length !== Object.keys(manifest.files).length) {
    mkdirSync(out, { recursive: true });
    writeFileSync(manifestFile, JSON.stringify({ stamp, files }));
  }
  return { dir: out, compiled };
}

/** Written aside and renamed: a second `npm start` at the same moment never reads half a file. */
function writeAtomically(target, text) {
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, target);
}

function exists(file) {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

module.exports = { compileForStart, sourceFiles, writeAtomically };
