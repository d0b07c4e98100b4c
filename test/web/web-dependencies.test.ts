import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { importsOf } from '../architecture/dependency-rule.test';

/**
 * The web image installs only apps/web/package.json's dependencies. Every
 * package the web service loads, through any of its imports, must be one of
 * them: otherwise it starts in development (the root node_modules has
 * everything) and crashes in its container. (It once pulled swagger-ui in
 * through the APIs' app shell.)
 */
const ROOT = resolve(__dirname, '..', '..');

function packagesReachedFrom(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const spec of importsOf(source)) {
      if (spec.startsWith('.')) {
        const base = resolve(dirname(file), spec);
        const target = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(f));
        if (target) queue.push(target);
        continue;
      }
      // import type lines carry no runtime dependency
      if (new RegExp(`import\\s+type\\s[^;]*['"]${spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}['"]`).test(source)) continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!packages.has(name)) packages.set(name, file.slice(ROOT.length + 1));
    }
  }
  return packages;
}

describe('web service dependencies', () => {
  it('loads only the packages its own package.json declares (what its image installs)', () => {
    const declared = Object.keys(JSON.parse(readFileSync(join(ROOT, 'apps', 'web', 'package.json'), 'utf8')).dependencies);
    const builtins = new Set(builtinModules);
    const undeclared = [...packagesReachedFrom(join(ROOT, 'apps', 'web', 'main.ts'))]
      .filter(([name]) => !name.startsWith('node:') && !builtins.has(name) && !declared.includes(name))
      .map(([name, from]) => `${name} (from ${from})`);
    assert.deepEqual(undeclared, []);
  });
});
