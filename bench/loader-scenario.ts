import type { LoadResult } from './lib/load';
import type { Runtime } from './lib/system';
import type { BenchContext } from './run';

export async function measureLoader(_ctx: BenchContext, _rt: Runtime): Promise<LoadResult> {
  throw new Error('loader not available yet');
}
