import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BOOTSTRAP_ADMIN, login, seedDirectory, send, type Directory } from './api';
import { postgresCitasStore, sqliteCitasStore, type CitasStore } from './citas-db';
import { checkInvariants, type Ack, type CitaJson, type Requested } from './invariants';
import type { ServiceProcess } from './service';
import { startAdminProcess, startCitasProcess, type Runtime } from './system';

/**
 * Concurrency and crash proof: one admin and TWO citas processes on the same
 * citas store (one citas.db, or one PostgreSQL database), many clients
 * booking, changing and cancelling on a few hot, overlapping slots;
 * afterwards the stored rows are held against every 2xx the clients were
 * given (bench/lib/invariants.ts).
 */

/**
 * Where the services keep their data.
 * - sqlite (the default): admin.db, and one citas.db per round, under `work`.
 * - postgres: each service its own database and role, as deployed
 *   (ADMIN_DATABASE_URL, CITAS_DATABASE_URL); `newCitasDatabase` gives each
 *   round a fresh, empty citas database that both citas processes share.
 */
export type StressStorage =
  | { kind: 'sqlite' }
  | { kind: 'postgres'; adminDatabaseUrl: string; newCitasDatabase(label: string): Promise<string> };

export interface StressSystem {
  rt: Runtime;
  work: string;
  storage: StressStorage;
  admin: ServiceProcess;
  adminToken: string;
  directory: Directory;
  /** Bearer token per patient id. */
  patientTokens: Map<number, string>;
  close(): Promise<void>;
}

export async function startStressSystem(
  rt: Runtime,
  work: string,
  doctors: number,
  patients: number,
  storage: StressStorage = { kind: 'sqlite' },
): Promise<StressSystem> {
  mkdirSync(work, { recursive: true });
  const adminEnv = storage.kind === 'postgres' ? { ADMIN_DATABASE_URL: storage.adminDatabaseUrl } : {};
  const admin = await startAdminProcess(rt, 'admin', join(work, 'admin'), adminEnv);
  try {
    const adminToken = await login(admin.url, BOOTSTRAP_ADMIN.username, BOOTSTRAP_ADMIN.password);
    const directory = await seedDirectory(admin.url, adminToken, doctors, patients, 's');
    const patientTokens = new Map<number, string>();
    for (const p of directory.pacientes) patientTokens.set(p.id, await login(admin.url, p.username, p.password));
    return {
      rt,
      work,
      storage,
      admin,
      adminToken,
      directory,
      patientTokens,
      close: async () => {
        await admin.stop();
        rmSync(work, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await admin.stop();
    throw err;
  }
}

export interface RoundOptions {
  label: string;
  requests: number;
  concurrency: number;
  /** SIGKILL the second citas process after this share of the requests, and restart it. */
  crashAt?: number;
  seed: number;
  /** MAX_CITAS_FUTURAS given to both citas processes. */
  maxFutureCitas?: number;
  log?: (line: string) => void;
}

export interface RoundReport {
  label: string;
  /** Where the citas were stored. */
  storage: CitasStore['kind'];
  requests: number;
  durationMs: number;
  /** HTTP status (or "no answer") -> count, over the load requests. */
  statuses: Record<string, number>;
  /** problem `code` of the 4xx/5xx answers -> count. */
  codes: Record<string, number>;
  acknowledged: { creates: number; changes: number; cancels: number };
  storedCitas: number;
  activeCitas: number;
  /** Acknowledged citas read back through the restarted process after the crash. */
  readBackAfterRestart: number;
  crash?: { atRequest: number; downMs: number };
  violations: string[];
}

/** Small deterministic PRNG (mulberry32), so a failing round can be replayed with its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A few hot start times on two weekdays more than a week ahead, 15 minutes
 * apart while citas last 30 (or 45): neighbouring slots overlap partly, so
 * the interval rule is exercised, not only equal start times. Times are
 * sent in UTC (09:00Z is 10:00 or 11:00 in Madrid, inside JORNADA).
 */
function hotSlots(now: Date): string[] {
  const days: Date[] = [];
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 8));
  while (days.length < 2) {
    if (d.getUTCDay() >= 1 && d.getUTCDay() <= 5) days.push(new Date(d));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return days.flatMap((day) => [0, 15, 30, 45, 60, 75].map((m) => new Date(day.getTime() + 9 * 3_600_000 + m * 60_000).toISOString()));
}

interface Known {
  id: number;
  idPaciente: number;
}

export async function runRound(sys: StressSystem, opts: RoundOptions): Promise<RoundReport> {
  const log = opts.log ?? (() => undefined);
  const random = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const dataDir = join(sys.work, `citas-${opts.label}`);
  const store: CitasStore =
    sys.storage.kind === 'postgres' ? postgresCitasStore(await sys.storage.newCitasDatabase(opts.label)) : sqliteCitasStore(dataDir);
  const env = {
    ...store.env,
    MAX_CITAS_FUTURAS: String(opts.maxFutureCitas ?? 5),
    CITAS_WORKERS: 'true',
    // The proof is about what is stored, not latency: on a starved machine
    // the default 2 s admin timeout turns slow lookups into 503s (by design,
    // tested in the directory contract suite) and thins out the load.
    ADMIN_TIMEOUT_MS: '10000',
  };
  // Started together: both migrate the same new store at once, as two replicas would.
  const launched = await Promise.allSettled([
    startCitasProcess(sys.rt, 'citas-a', dataDir, sys.admin.url, env),
    startCitasProcess(sys.rt, 'citas-b', dataDir, sys.admin.url, env),
  ]);
  const up = launched.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (up.length < 2) {
    await Promise.all(up.map((p) => p.stop()));
    throw (launched.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
  }
  const a = up[0];
  let b = up[1];
  let bDown = false;
  const processes: ServiceProcess[] = [a, b];

  const slots = hotSlots(new Date());
  const { doctores, centros, pacientes } = sys.directory;
  const acks: Ack[] = [];
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const active: Known[] = [];
  let transportErrors = 0;
  let crash: RoundReport['crash'];
  let restarting: Promise<void> | undefined;
  const crashAtRequest = opts.crashAt === undefined ? -1 : Math.floor(opts.requests * opts.crashAt);

  const target = (): string => (bDown || random() < 0.5 ? a.url : b.url);
  const tokenFor = (idPaciente: number): string => (random() < 0.2 ? sys.adminToken : (sys.patientTokens.get(idPaciente) ?? sys.adminToken));
  const count = (status: number, body: unknown, transportError?: string): void => {
    const key = transportError ? 'no answer' : String(status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (transportError) transportErrors++;
    const code = (body as { code?: string } | undefined)?.code;
    if (status >= 400 && code) codes[code] = (codes[code] ?? 0) + 1;
  };
  const forget = (id: number): void => {
    const i = active.findIndex((k) => k.id === id);
    if (i >= 0) active.splice(i, 1);
  };

  const book = async (): Promise<void> => {
    const paciente = pick(pacientes).id;
    const requested: Requested = {
      fecha: pick(slots),
      motivo: `Revisión ${Math.floor(random() * 1000)}`,
      id_paciente: paciente,
      id_doctor: pick(doctores),
      id_centro: centros[0],
      ...(random() < 0.3 ? { duracion_min: 45 } : {}),
    };
    const r = await send(target(), 'POST', '/citas', tokenFor(paciente), requested);
    count(r.status, r.body, r.transportError);
    if (r.status === 201) {
      const cita = r.body as CitaJson;
      acks.push({ kind: 'create', requested: { ...requested, duracion_min: requested.duracion_min ?? 30 }, cita });
      active.push({ id: cita.id_cita, idPaciente: paciente });
    }
  };

  const change = async (known: Known): Promise<void> => {
    const requested: Requested = { fecha: pick(slots), ...(random() < 0.4 ? { id_doctor: pick(doctores) } : {}) };
    const r = await send(target(), 'PUT', `/citas/${known.id}`, tokenFor(known.idPaciente), requested);
    count(r.status, r.body, r.transportError);
    if (r.status === 200) {
      const body = r.body as { cita_nueva: CitaJson; cita_anterior: CitaJson };
      acks.push({ kind: 'change', oldId: known.id, requested, nueva: body.cita_nueva, anterior: body.cita_anterior });
      forget(known.id);
      active.push({ id: body.cita_nueva.id_cita, idPaciente: known.idPaciente });
    } else if (r.status === 409 || r.status === 404) {
      // already cancelled or replaced by a concurrent request: keep it out of the pool
      if ((r.body as { code?: string })?.code !== 'DOCTOR_OCUPADO' && (r.body as { code?: string })?.code !== 'PACIENTE_OCUPADO') forget(known.id);
    }
  };

  const cancel = async (known: Known): Promise<void> => {
    const viaDelete = random() < 0.5;
    const r = viaDelete
      ? await send(target(), 'DELETE', `/citas/${known.id}`, tokenFor(known.idPaciente))
      : await send(target(), 'PUT', `/citas/${known.id}`, tokenFor(known.idPaciente), { estado: 'Cancelada' });
    count(r.status, r.body, r.transportError);
    if (r.status === 200) {
      acks.push({ kind: 'cancel', id: known.id, cita: (r.body as { cita: CitaJson }).cita });
      forget(known.id);
    } else if (r.status === 409 || r.status === 404) forget(known.id);
  };

  const crashAndRestart = async (): Promise<void> => {
    const started = Date.now();
    bDown = true;
    log(`      SIGKILL citas-b (pid ${b.pid}) at request ${crashAtRequest}`);
    await b.crash();
    const port = b.port;
    b = await startCitasProcess(sys.rt, 'citas-b', dataDir, sys.admin.url, env, port);
    processes.push(b);
    bDown = false;
    crash = { atRequest: crashAtRequest, downMs: Date.now() - started };
    log(`      citas-b back (pid ${b.pid}) after ${crash.downMs} ms`);
  };

  const started = Date.now();
  let issued = 0;
  const worker = async (): Promise<void> => {
    while (issued < opts.requests) {
      const n = issued++;
      if (n === crashAtRequest) restarting = crashAndRestart();
      const roll = random();
      if (active.length === 0 || roll < 0.5) await book();
      else if (roll < 0.78) await change(pick(active));
      else await cancel(pick(active));
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    if (restarting) await restarting;
    const durationMs = Date.now() - started;

    // The restarted process serves what was acknowledged before and during its crash.
    let readBack = 0;
    if (crash) {
      for (const ack of acks.slice(-40)) {
        const id = ack.kind === 'create' ? ack.cita.id_cita : ack.kind === 'change' ? ack.nueva.id_cita : ack.id;
        const r = await send(b.url, 'GET', `/citas/${id}`, sys.adminToken);
        if (r.status === 200) readBack++;
      }
    }
    await Promise.all(processes.map((p) => p.stop()));

    const rows = await store.readCitas();
    const violations = checkInvariants(rows, acks, {
      maxFutureCitas: opts.maxFutureCitas ?? 5,
      nowMs: Date.now(),
      everyRequestAnswered: transportErrors === 0 && !crash,
    });
    if (crash && readBack < Math.min(40, acks.length)) violations.push(`after the restart citas-b answered ${readBack} of ${Math.min(40, acks.length)} acknowledged citas`);
    // 503 = admin could not be asked: refused before any write, so no invariant is at stake; a 500 is a bug.
    for (const [status, n] of Object.entries(statuses)) if (status.startsWith('5') && status !== '503') violations.push(`${n} answer(s) with status ${status}`);
    if (!crash && transportErrors > 0) violations.push(`${transportErrors} request(s) got no answer while no process was killed`);

    return {
      label: opts.label,
      storage: store.kind,
      requests: opts.requests,
      durationMs,
      statuses,
      codes,
      acknowledged: {
        creates: acks.filter((x) => x.kind === 'create').length,
        changes: acks.filter((x) => x.kind === 'change').length,
        cancels: acks.filter((x) => x.kind === 'cancel').length,
      },
      storedCitas: rows.length,
      activeCitas: rows.filter((r) => r.estado === 'Programada' || r.estado === 'Confirmada').length,
      readBackAfterRestart: readBack,
      crash,
      violations,
    };
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
  }
}

export function formatRound(r: RoundReport): string {
  const list = (o: Record<string, number>): string =>
    Object.entries(o)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ') || '-';
  return [
    `round "${r.label}" (${r.storage}): ${r.requests} requests in ${(r.durationMs / 1000).toFixed(1)} s (${((r.requests / r.durationMs) * 1000).toFixed(0)} req/s)`,
    `  statuses: ${list(r.statuses)}`,
    `  refusals: ${list(r.codes)}`,
    `  acknowledged: ${r.acknowledged.creates} creates, ${r.acknowledged.changes} changes, ${r.acknowledged.cancels} cancellations`,
    `  stored: ${r.storedCitas} citas, ${r.activeCitas} active`,
    ...(r.crash ? [`  crash: citas-b SIGKILLed at request ${r.crash.atRequest}, back after ${r.crash.downMs} ms; ${r.readBackAfterRestart} acknowledged citas read back through it`] : []),
    `  violations: ${r.violations.length}`,
    ...r.violations.slice(0, 20).map((v) => `    - ${v}`),
  ].join('\n');
}
