import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './lib/load';
import { markdownTable, type Row } from './lib/report';
import { measureBookFloor, measureListFloor, measureRawRead, startFloorServer, type Timing } from './floors';
import type { BenchContext } from './run';
import { attempt, bookScenario, label, listScenario, startBenchCitas, type Services } from './scenarios';
import { seedCitas } from './seed-citas';

/**
 * Does a path's cost stay flat in the size of the table? The day list and
 * booking against citas files of 10k and 1M rows (100k is the main run), and
 * the list with 100 citas in the day instead of 20. Each size gets its own
 * seeded file, its own floor server on a copy of it and its own citas process
 * (same admin); runs are shorter than the main ones (BENCH_SCALE_SECONDS).
 */
export interface ScaleRow {
  rows: number;
  perDay: number;
  path: 'list' | 'book';
  row: Row;
  seedMs?: number;
}

const SCALE_SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 3);

export async function runScale(ctx: BenchContext, s: Services, main: { list?: Row; book?: Row }): Promise<ScaleRow[]> {
  const out: ScaleRow[] = [];
  if (main.list) out.push({ rows: ctx.main.seeded.rows, perDay: ctx.main.seeded.perDay, path: 'list', row: main.list, seedMs: ctx.main.seeded.ms });
  if (main.book) out.push({ rows: ctx.main.seeded.rows, perDay: ctx.main.seeded.perDay, path: 'book', row: main.book, seedMs: ctx.main.seeded.ms });
  const sizes: { rows: number; perDay: number; paths: ('list' | 'book')[] }[] = [
    { rows: 10_000, perDay: 20, paths: ['list', 'book'] },
    { rows: 1_000_000, perDay: 20, paths: ['list', 'book'] },
    { rows: 100_000, perDay: 100, paths: ['list'] },
  ];
  const t: Timing = { connections: ctx.connections, seconds: 2, warmupSeconds: 0.5 };
  for (const size of sizes) {
    const name = `${label(size.rows)}-${size.perDay}`;
    await attempt(ctx, `scale ${name}`, async () => {
      const dir = join(ctx.work, `scale-${name}`);
      mkdirSync(dir, { recursive: true });
      console.log(`      scale: seeding ${size.rows} citas, ${size.perDay} per day ...`);
      const seeded = seedCitas(join(dir, 'citas', 'citas.db'), size.rows, size.perDay);
      console.log(`      seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
      const floor = await startFloorServer(`baseline (${name})`, ctx.build, dir, join(dir, 'citas', 'citas.db'), seeded);
      ctx.services.push(floor.server);
      const citas = await startBenchCitas(ctx, `citas (${name})`, join(dir, 'citas'), s.admin);
      try {
        const paired = async (measureFloor: () => Promise<LoadResult>) => {
          const floorResult = await measureFloor();
          const raw = await measureRawRead(floor, t);
          return { floor: floorResult, raw };
        };
        const timing = { seconds: SCALE_SECONDS, warmupSeconds: 0.5 };
        if (size.paths.includes('list')) {
          const row = await listScenario(ctx, citas, s, seeded, (pageSize) => paired(() => measureListFloor(floor, t, pageSize)), timing);
          out.push({ rows: size.rows, perDay: size.perDay, path: 'list', row, seedMs: seeded.ms });
        }
        if (size.paths.includes('book')) {
          const row = await bookScenario(ctx, citas, s, seeded, () => paired(() => measureBookFloor(floor, t)), timing);
          out.push({ rows: size.rows, perDay: size.perDay, path: 'book', row, seedMs: seeded.ms });
        }
      } finally {
        await citas.stop();
        await floor.server.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  return out;
}

export function scaleTable(rows: ScaleRow[]): string {
  const order = (r: ScaleRow) => (r.path === 'list' ? 0 : 1) * 1e9 + r.perDay * 1e7 + r.rows;
  const lines = [...rows]
    .sort((a, b) => order(a) - order(b))
    .map((r) => {
      const res = r.row.result;
      return [
        r.path === 'list' ? 'GET /citas?fecha=' : 'POST /citas',
        label(r.rows),
        String(r.perDay),
        res ? res.reqPerSec.toFixed(0) : '-',
        res ? res.p99Ms.toFixed(1) : '-',
        res?.cpuMsPerRequest !== undefined ? res.cpuMsPerRequest.toFixed(3) : '-',
        r.row.floor ? `${r.row.floor.reqPerSec.toFixed(0)} / ${r.row.floor.cpuMsPerRequest?.toFixed(3) ?? '-'}` : '-',
        r.row.ratio !== undefined ? `${(r.row.ratio * 100).toFixed(0)} %` : '-',
        res ? String(res.errors) : '-',
        r.seedMs !== undefined ? (r.seedMs / 1000).toFixed(1) : '-',
      ];
    });
  return markdownTable(['path', 'citas in table', 'citas in the day', 'req/s', 'p99 ms', 'CPU ms/req', 'floor req/s / CPU ms/req', '% of floor', 'errors', 'seed s'], lines);
}
