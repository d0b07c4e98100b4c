import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BOOTSTRAP_ADMIN, login, seedDirectory, type Directory } from './lib/api';
import { measure, type LoadResult } from './lib/load';
import type { Row } from './lib/report';
import type { ServiceProcess } from './lib/service';
import { startAdminProcess, startCitasProcess, type Runtime } from './lib/system';
import type { BenchContext } from './run';
import { seedCitas } from './seed-citas';
import { measureLoader } from './loader-scenario';

const READ_TARGET = 0.5;
const BOOK_TARGET = 0.25;
const ARGON2_TARGET = 0.7;
const LIST_P99_TARGET_MS = 25;
const LIST_ROWS = 100_000;

/** BENCH_ONLY=login,doctor,list,book,loader runs a subset (profiling one path); the default is all. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const want = (key: string): boolean => !ONLY || ONLY.includes(key);

function vsBaseline(result: LoadResult, baseline: LoadResult, target: number): Row {
  const ratio = result.reqPerSec / baseline.reqPerSec;
  return {
    scenario: result.scenario,
    result,
    ratio,
    baseline,
    target: `≥ ${target * 100} % of baseline, 0 errors`,
    pass: ratio >= target && result.errors === 0,
  };
}

function vsArgon2(ctx: BenchContext, result: LoadResult, argon2PerSecond: number): Row {
  const share = result.reqPerSec / argon2PerSecond;
  ctx.notes.push(
    `${result.scenario}: ${result.reqPerSec.toFixed(1)} /s = ${(share * 100).toFixed(1)} % of the raw Argon2id rate measured just before (${argon2PerSecond.toFixed(1)} hashes/s); target ≥ ${ARGON2_TARGET * 100} %`,
  );
  return {
    scenario: result.scenario,
    result,
    target: `≥ ${ARGON2_TARGET * 100} % of raw Argon2id`,
    pass: share >= ARGON2_TARGET && result.errors === 0,
    note: `${(share * 100).toFixed(1)} % of ${argon2PerSecond.toFixed(1)}/s`,
  };
}

/** A scenario that cannot run is a MISS with its reason, not the end of the bench. */
async function attempt(ctx: BenchContext, name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    console.log(`      ${name} failed: ${reason}`);
    ctx.rows.push({ scenario: name, target: 'runs', pass: false, note: reason.slice(0, 80) });
  }
}

function runtime(ctx: BenchContext): Runtime {
  const profile = process.env.BENCH_PROFILE; // e.g. "citas" -> node --cpu-prof on that service
  return {
    root: ctx.build,
    runner: 'node',
    logLevel: process.env.BENCH_LOG_LEVEL ?? 'info',
    nodeArgs: (name) => (profile && name.startsWith(profile) ? ['--cpu-prof', `--cpu-prof-dir=${join(ctx.root, 'bench', 'profiles')}`] : []),
  };
}

/** The scenarios against the real services; a service not in the tree yet is skipped, and the table says so. */
export async function runServiceScenarios(ctx: BenchContext): Promise<void> {
  if (!existsSync(join(ctx.root, 'apps/admin/main.ts'))) {
    ctx.notes.push('apps/admin/main.ts is not in the tree yet: service scenarios skipped.');
    return;
  }
  const rt = runtime(ctx);
  const admin = await startAdminProcess(rt, 'admin', join(ctx.work, 'admin'));
  ctx.services.push(admin);
  const token = await login(admin.url, BOOTSTRAP_ADMIN.username, BOOTSTRAP_ADMIN.password);
  console.log('      seeding the directory through the admin API ...');
  const directory = await seedDirectory(admin.url, token, 20, 60);

  if (want('login')) await attempt(ctx, 'POST /auth/login', () => loginScenario(ctx, admin));
  if (want('doctor')) await attempt(ctx, 'GET /admin/doctores/{id}', () => doctorScenario(ctx, admin, token, directory));
  if (want('list') || want('book')) {
    if (!existsSync(join(ctx.root, 'apps/citas/main.ts'))) {
      ctx.notes.push('apps/citas/main.ts is not in the tree yet: citas scenarios skipped.');
    } else {
      await attempt(ctx, 'citas scenarios', () => citasScenarios(ctx, rt, admin, token, directory));
    }
  }
  if (want('loader')) {
    console.log('      loader against a fresh pair ...');
    await attempt(ctx, 'loader', async () => {
      const argon2 = await ctx.pairedArgon2();
      ctx.rows.push(vsArgon2(ctx, await measureLoader(ctx, rt), argon2));
    });
  }
}

async function loginScenario(ctx: BenchContext, admin: ServiceProcess): Promise<void> {
  console.log('      POST /auth/login ...');
  const argon2 = await ctx.pairedArgon2();
  const result = await measure({
    scenario: 'POST /auth/login',
    url: admin.url,
    // More connections than cores, so the hashing threads never wait for a request.
    connections: 8,
    duration: ctx.seconds,
    warmupSeconds: 1,
    method: 'POST',
    path: '/auth/login',
    body: JSON.stringify(BOOTSTRAP_ADMIN),
    cpuSeconds: () => admin.cpuSeconds(),
  });
  ctx.rows.push(vsArgon2(ctx, result, argon2));
}

async function doctorScenario(ctx: BenchContext, admin: ServiceProcess, token: string, directory: Directory): Promise<void> {
  console.log('      GET /admin/doctores/{id} ...');
  const baseline = await ctx.pairedBaseline();
  let d = 0;
  const result = await measure({
    scenario: 'GET /admin/doctores/{id}',
    url: admin.url,
    connections: ctx.connections,
    duration: ctx.seconds,
    warmupSeconds: 1,
    headers: { authorization: `Bearer ${token}` },
    nextPath: () => `/admin/doctores/${directory.doctores[d++ % directory.doctores.length]}`,
    cpuSeconds: () => admin.cpuSeconds(),
  });
  ctx.rows.push(vsBaseline(result, baseline, READ_TARGET));
}

async function citasScenarios(ctx: BenchContext, rt: Runtime, admin: ServiceProcess, token: string, directory: Directory): Promise<void> {
  const dataDir = join(ctx.work, 'citas');
  console.log(`      seeding ${LIST_ROWS} citas straight into the citas SQLite file ...`);
  const seeded = seedCitas(join(dataDir, 'citas.db'), LIST_ROWS);
  // The bench's 60 patients each book ~50 citas; the cap (default 5) is a rule, not the thing measured.
  const citas = await startCitasProcess(rt, 'citas', dataDir, admin.url, { MAX_CITAS_FUTURAS: '1000' });
  ctx.services.push(citas);
  const auth = { authorization: `Bearer ${token}` };

  if (want('list')) {
    console.log(`      GET /citas?fecha=<day> over ${LIST_ROWS} citas ...`);
    const baseline = await ctx.pairedBaseline();
    let day = 0;
    const list = await measure({
      scenario: `GET /citas?fecha=<day> (${LIST_ROWS / 1000}k citas)`,
      url: citas.url,
      connections: ctx.connections,
      duration: ctx.seconds,
      warmupSeconds: 1,
      headers: auth,
      nextPath: () => `/citas?fecha=${seeded.days[day++ % seeded.days.length]}`,
      cpuSeconds: () => citas.cpuSeconds(),
    });
    ctx.rows.push({
      scenario: list.scenario,
      result: list,
      ratio: list.reqPerSec / baseline.reqPerSec,
      target: `p99 < ${LIST_P99_TARGET_MS} ms at ${ctx.connections} conn., 0 errors`,
      pass: list.p99Ms < LIST_P99_TARGET_MS && list.errors === 0,
      baseline,
    });
  }

  if (want('book')) {
    console.log('      POST /citas (distinct future slots) ...');
    const baseline = await ctx.pairedBaseline();
    const slots = bookingSlots(directory, seeded.firstFreeInstant);
    const book = await measure({
      scenario: 'POST /citas (remote checks against admin)',
      url: citas.url,
      connections: ctx.connections,
      duration: ctx.seconds,
      warmupSeconds: 1,
      method: 'POST',
      path: '/citas',
      headers: auth,
      nextBody: () => JSON.stringify(slots()),
      // A booking is served by citas AND by admin (three directory lookups).
      cpuSeconds: () => citas.cpuSeconds() + admin.cpuSeconds(),
    });
    ctx.rows.push(vsBaseline(book, baseline, BOOK_TARGET));
  }
}

/**
 * Booking bodies that can never conflict: every request gets its own
 * 30-minute slot (one after the other in time, after every seeded cita),
 * spread round-robin over the bench's doctors and patients.
 */
function bookingSlots(directory: Directory, from: number): () => Record<string, unknown> {
  let k = 0;
  return () => {
    const i = k++;
    return {
      fecha: new Date(from + i * 30 * 60_000).toISOString(),
      motivo: 'Revisión (bench)',
      id_paciente: directory.pacientes[i % directory.pacientes.length].id,
      id_doctor: directory.doctores[i % directory.doctores.length],
      id_centro: directory.centros[0],
      duracion_min: 30,
    };
  };
}
