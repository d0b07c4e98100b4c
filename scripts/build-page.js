#!/usr/bin/env node
// Builds the web front desk's page into dist/page (or the folder given):
// the TypeScript in adapters/web/page/src, type-checked and compiled by the
// project's own tsc (tsconfig.page.json), and the static files of
// adapters/web/page/public copied beside it. No bundler: the browser loads
// the ES modules as they are (docs/adr/0008-web-front-desk.md).
'use strict';
const { cpSync, mkdirSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = join(__dirname, '..');
const out = resolve(process.argv[2] || join(ROOT, 'dist', 'page'));

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.page.json'), '--outDir', join(out, 'js')], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('build:page: la página no compila (tsc -p tsconfig.page.json).');
  process.exit(result.status || 1);
}
cpSync(join(ROOT, 'adapters', 'web', 'page', 'public'), out, { recursive: true });
