import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * The hexagon's dependency rule, checked on every `npm test`:
 * core imports only core (no framework, no driver, no Node I/O);
 * adapters never import apps; an app never imports the other app.
 */
const ROOT = resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (entry === 'node_modules') continue;
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (entry.endsWith('.ts')) out.push(full);
  }
  return out;
}

export function importsOf(source: string): string[] {
  const found: string[] = [];
  const re = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(re)) found.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  return found;
}

/** Top folder (core, adapters, apps/admin, ...) a file or import target lives in. */
function layerOf(absPath: string): string {
  const parts = relative(ROOT, absPath).split(sep);
  return parts[0] === 'apps' ? `apps/${parts[1]}` : parts[0];
}

export function violations(file: string, source: string): string[] {
  const from = layerOf(file);
  const problems: string[] = [];
  for (const spec of importsOf(source)) {
    const relativeImport = spec.startsWith('.');
    const to = relativeImport ? layerOf(resolve(file, '..', spec)) : `package:${spec}`;
    if (from === 'core' && to !== 'core') problems.push(`${spec} (core may import only core)`);
    if (from === 'adapters' && to.startsWith('apps/')) problems.push(`${spec} (adapters never import apps)`);
    if (from.startsWith('apps/') && to.startsWith('apps/') && to !== from) problems.push(`${spec} (one app never imports another)`);
    if (from === 'loader' && (to.startsWith('apps/') || to === 'adapters/sqlite')) problems.push(`${spec} (the loader is an API client)`);
  }
  return problems.map((p) => `${relative(ROOT, file)}: ${p}`);
}

/** A command's file: it runs when it is the process's main module (`node dist/apps/admin/backup.js`). */
const isCommand = (source: string): boolean => source.includes('require.main === module');

/**
 * Relative imports of `file` that land on a command's file. In npm start's
 * bundle (scripts/bundle-for-start.js) every module shares the service's
 * `module`, so an imported command would run its command at every start.
 */
export function importedCommands(file: string, source: string, read: (path: string) => string | undefined): string[] {
  return importsOf(source)
    .filter((spec) => spec.startsWith('.'))
    .filter((spec) => {
      const target = read(`${resolve(file, '..', spec)}.ts`);
      return target !== undefined && isCommand(target);
    })
    .map((spec) => `${relative(ROOT, file)}: ${spec} (a command's file; move what it shares into a file of its own)`);
}

const readIfThere = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

describe('dependency rule', () => {
  it('is detected when broken (the checker itself works)', () => {
    const core = join(ROOT, 'core', 'domain', 'x.ts');
    assert.deepEqual(violations(core, "import { a } from '../../core/domain/errors';"), []);
    assert.equal(violations(core, "import express from 'express';").length, 1);
    assert.equal(violations(core, "import type { Db } from '../../adapters/sqlite/open-database';").length, 1);
    assert.equal(violations(core, "const x = require('better-sqlite3');").length, 1);
    assert.equal(violations(core, "import { randomUUID } from 'node:crypto';").length, 1);
    const adapter = join(ROOT, 'adapters', 'http', 'x.ts');
    assert.equal(violations(adapter, "export { y } from '../../apps/admin/config';").length, 1);
    const citas = join(ROOT, 'apps', 'citas', 'x.ts');
    assert.equal(violations(citas, "import { c } from '../admin/container';").length, 1);
  });

  it('holds for every source file', () => {
    const files = ['core', 'adapters', 'apps', 'loader']
      .map((d) => join(ROOT, d))
      .flatMap((d) => {
        try {
          return sourceFiles(d);
        } catch {
          return [];
        }
      });
    assert.ok(files.some((f) => f.includes(`${sep}core${sep}`)), 'core/ has source files');
    const problems = files.flatMap((f) => violations(f, readFileSync(f, 'utf8')));
    assert.deepEqual(problems, []);
  });

  it('no module imports a command\'s file (checked, and detected when broken)', () => {
    const main = join(ROOT, 'apps', 'admin', 'main.ts');
    assert.equal(importedCommands(main, "import { adminData } from './backup';", readIfThere).length, 1, 'the checker sees a command imported');
    // What npm start bundles; the loader runs file by file (ts-node), where each file has its own module.
    const files = ['core', 'adapters', 'apps'].flatMap((d) => sourceFiles(join(ROOT, d)));
    assert.deepEqual(files.flatMap((f) => importedCommands(f, readFileSync(f, 'utf8'), readIfThere)), []);
  });
});
