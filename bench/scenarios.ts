import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './run';

/** The scenarios against the real services; skipped (and said so) while a service is not in the tree yet. */
export async function runServiceScenarios(ctx: BenchContext): Promise<void> {
  for (const app of ['apps/admin/main.ts', 'apps/citas/main.ts']) {
    if (!existsSync(join(ctx.root, app))) {
      ctx.notes.push(`${app} is not in the tree yet: service scenarios skipped.`);
      return;
    }
  }
}
