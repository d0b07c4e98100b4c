#!/usr/bin/env node
// Runs every *.test.ts under the given folders (default: test/) with node's
// test runner and ts-node. Node 20 has no glob support in --test, hence this.
'use strict';
const { readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));

function collect(path, out) {
  const st = statSync(path);
  if (st.isFile()) {
    if (path.endsWith('.test.ts')) out.push(path);
    return out;
  }
  for (const entry of readdirSync(path).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    collect(join(path, entry), out);
  }
  return out;
}

const files = (roots.length ? roots : ['test']).flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--require', 'ts-node/register', '--test', '--test-concurrency=2', '--test-timeout=300000', ...passThrough, ...files],
  {
    stdio: 'inherit',
    env: { TS_NODE_TRANSPILE_ONLY: 'true', LOG_LEVEL: 'silent', ...process.env },
  },
);
process.exit(result.status ?? 1);
