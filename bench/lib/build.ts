import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
// The transpiler `npm start` uses, so the bench measures the code it runs.
const { toCommonJs } = require('../../scripts/transpile') as { toCommonJs(source: string, fileName: string): string };

const SOURCE_DIRS = ['core', 'adapters', 'apps', 'loader', 'bench'];

/**
 * Transpiles the repo's TypeScript to plain CommonJS under bench/.build so the
 * measured services run as plain `node file.js`, the way a deployment runs
 * them. Under ts-node a process also holds the TypeScript compiler (~40 MB of
 * extra RSS on a hello-world express server), which would be charged to the
 * service's memory target. No type-check here: `npm run typecheck` does that.
 */
export function buildForBench(repoRoot: string): string {
  const outDir = join(repoRoot, 'bench', '.build');
  rmSync(outDir, { recursive: true, force: true });
  for (const dir of SOURCE_DIRS) {
    for (const file of walk(join(repoRoot, dir))) {
      const rel = relative(repoRoot, file);
      const target = join(outDir, rel);
      mkdirSync(dirname(target), { recursive: true });
      if (file.endsWith('.ts') && !file.endsWith('.d.ts')) {
        writeFileSync(target.replace(/\.ts$/, '.js'), toCommonJs(readFileSync(file, 'utf8'), rel));
      } else if (file.endsWith('.json') || file.endsWith('.csv')) {
        copyFileSync(file, target);
      }
    }
  }
  return outDir;
}

function* walk(dir: string): Generator<string> {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
