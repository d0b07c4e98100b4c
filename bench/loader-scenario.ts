import { join } from 'node:path';
import { DEFAULT_OPTIONS, generateData, writeData } from '../loader/generate-data';
import { load } from '../loader/load';
import type { LoadResult } from './lib/load';
import { startAdminProcess, startCitasProcess, type Runtime } from './lib/system';
import type { BenchContext } from './run';

const PATIENTS = 300;

/**
 * The loader's own `load()` (what `npm run load` runs) against a fresh admin
 * + citas pair, with a generated data set of 300 patients. Every row but the
 * centers costs one Argon2id hash on the admin side, so records/s is judged
 * against the raw Argon2id rate.
 */
export async function measureLoader(ctx: BenchContext, rt: Runtime): Promise<LoadResult> {
  const dataDir = join(ctx.work, 'loader-data');
  writeData(dataDir, generateData({ ...DEFAULT_OPTIONS, patients: PATIENTS }));
  const admin = await startAdminProcess(rt, 'admin (loader run)', join(ctx.work, 'loader-admin'));
  ctx.services.push(admin);
  const citas = await startCitasProcess(rt, 'citas (loader run)', join(ctx.work, 'loader-citas'), admin.url);
  ctx.services.push(citas);
  try {
    const cpu = (): number => admin.cpuSeconds() + citas.cpuSeconds();
    const cpuBefore = cpu();
    const ownBefore = process.cpuUsage();
    const started = performance.now();
    const result = await load({ dataDir, adminUrl: admin.url, citasUrl: citas.url });
    const seconds = (performance.now() - started) / 1000;
    const cpuMs = (cpu() - cpuBefore) * 1000;
    const own = process.cpuUsage(ownBefore);
    const records = result.files.reduce((n, f) => n + f.created, 0);
    const failed = result.files.reduce((n, f) => n + f.failed, 0) + (result.fatal ? 1 : 0) + (result.citaError ? 1 : 0);
    if (result.fatal) ctx.notes.push(`loader stopped: ${result.fatal}`);
    ctx.notes.push(
      `loader: ${(cpuMs / records).toFixed(2)} ms CPU per record in admin + citas, ${((own.user + own.system) / 1000 / records).toFixed(2)} ms in the loader's own process (the bench's)`,
    );
    return {
      scenario: `loader: ${records} records (${PATIENTS} patients)`,
      requests: records,
      durationS: Math.round(seconds * 10) / 10,
      reqPerSec: records / seconds,
      p50Ms: Number.NaN,
      p99Ms: Number.NaN,
      errors: failed,
      statuses: { created: records, failed },
      cpuMsPerRequest: records > 0 ? cpuMs / records : undefined,
    };
  } finally {
    await citas.stop();
    await admin.stop();
  }
}
