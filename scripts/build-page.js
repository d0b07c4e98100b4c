#!/usr/bin/env node
// Builds the web front desk's page into dist/page (or the folder given):
// the TypeScript in adapters/web/page/src, type-checked and compiled by the
// project's own tsc (tsconfig.page.json), and the static files of
// adapters/web/page/public copied beside it. No bundler: the browser loads
// the ES modules as they are (docs/adr/0008-web-front-desk.md).
// `npm start` calls transpilePage instead: each file compiled on its own
// by scripts/transpile.js and no type-check, as the services are at start
// (npm test and `npm run build:page` type-check it): ~50 ms instead of ~2 s
// with tsc, and no TypeScript to load.
'use strict';
const { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = join(__dirname, '..');
const CONFIG = join(ROOT, 'tsconfig.page.json');
const PUBLIC = join(ROOT, 'adapters', 'web', 'page', 'public');
// tsconfig.page.json's rootDir and include: every .ts file under it is the page.
const SOURCES = join(ROOT, 'adapters', 'web', 'page', 'src');

/** Type-checks and compiles the page into `out`; false (tsc has said why) when it does not compile. */
function buildPage(out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, '-p', CONFIG, '--outDir', join(out, 'js')], { stdio: 'inherit' });
  if (result.status !== 0) return false;
  cpSync(PUBLIC, out, { recursive: true });
  return true;
}

/** Compiles the page into `out` file by file as tsconfig.page.json says, without a type-check. */
function transpilePage(out) {
  rmSync(out, { recursive: true, force: true });
  const { toBrowserModule } = require('./transpile');
  for (const rel of readdirSync(SOURCES, { recursive: true, encoding: 'utf8' })) {
    if (!rel.endsWith('.ts') || rel.endsWith('.d.ts')) continue;
    const file = join(SOURCES, rel);
    const target = join(out, 'js', rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, toBrowserModule(readFileSync(file, 'utf8'), relative(ROOT, file)));
  }
  cpSync(PUBLIC, out, { recursive: true });
}

module.exports = { buildPage, transpilePage };

if (require.main === module) {
  if (!buildPage(resolve(process.argv[2] || join(ROOT, 'dist', 'page')))) {
    console.error('build:page: la página no compila (tsc -p tsconfig.page.json).');
    process.exit(1);
  }
}
