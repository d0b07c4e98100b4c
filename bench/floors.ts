import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { measure, type LoadResult } from './lib/load';
import type { Floor } from './lib/report';
import { freePort, spawnService, type ServiceProcess } from './lib/service';
import type { SeededCitas } from './seed-citas';

/**
 * The floors every scenario is judged against: bench/baseline-server.ts (bare
 * express 5 + better-sqlite3, the services' SQLite settings, no auth, no log,
 * no helmet) doing only each path's own work. One floor server per seeded
 * citas file: it gets its own COPY of the file, made before either process
 * opens it, so its bookings never meet the service's.
 */
export interface FloorServer {
  server: ServiceProcess;
  seeded: SeededCitas;
  /** The next distinct, never-conflicting booking body (after every seeded cita). */
  nextBooking(): string;
  /** CPU seconds used so far by everything serving the floors; default the floor process (on PostgreSQL, plus the database server's). */
  cpuSeconds?(): number;
  /** The floors' scenario names; default the SQLite ones. */
  names?: { list: string; book: string };
}

const cpuOf = (f: FloorServer) => (): number => (f.cpuSeconds ?? f.server.cpuSeconds)();

export async function startFloorServer(name: string, build: string, dir: string, citasFile: string, seeded: SeededCitas): Promise<FloorServer> {
  const floorFile = join(dir, `${name.replace(/\W+/g, '-')}-citas.db`);
  copyFileSync(citasFile, floorFile);
  const port = await freePort();
  const server = await spawnService({
    name,
    script: 'bench/baseline-server.js',
    root: build,
    runner: 'node',
    port,
    env: { BENCH_PORT: String(port), BENCH_DB: join(dir, `${name.replace(/\W+/g, '-')}-read.db`), BENCH_CITAS_DB: floorFile },
  });
  return { server, seeded, nextBooking: bookingBodies(seeded.firstFreeInstant, 20, 60) };
}

/**
 * Booking bodies that can never conflict: every request gets its own
 * 30-minute slot (one after the other in time, after every seeded cita),
 * spread round-robin over `doctors` and `patients` (ids, or counts 1..n).
 */
export function bookingBodies(from: number, doctors: number | number[], patients: number | number[], centro = 1): () => string {
  const pick = (ids: number | number[], i: number) => (typeof ids === 'number' ? (i % ids) + 1 : ids[i % ids.length]);
  let k = 0;
  return () => {
    const i = k++;
    return JSON.stringify({
      fecha: new Date(from + i * 30 * 60_000).toISOString(),
      motivo: 'Revisión (bench)',
      id_paciente: pick(patients, i),
      id_doctor: pick(doctors, i),
      id_centro: centro,
      duracion_min: 30,
    });
  };
}

export const asFloor = (label: string, r: LoadResult): Floor => ({ label, reqPerSec: r.reqPerSec, cpuMsPerRequest: r.cpuMsPerRequest });

export interface Timing {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export function measureRawRead(f: FloorServer, t: Timing): Promise<LoadResult> {
  let i = 0;
  return measure({
    scenario: 'raw read: GET /doctores/{id} (express + better-sqlite3)',
    url: f.server.url,
    connections: t.connections,
    duration: t.seconds,
    warmupSeconds: t.warmupSeconds,
    nextPath: () => `/doctores/${(i++ % 10_000) + 1}`,
    cpuSeconds: () => f.server.cpuSeconds(),
  });
}

export function measureListFloor(f: FloorServer, t: Timing, pageSize = 20): Promise<LoadResult> {
  let day = 0;
  const days = f.seeded.listDays;
  return measure({
    scenario: f.names?.list ?? `list floor: ${f.seeded.perDay} of ${f.seeded.rows} rows`,
    url: f.server.url,
    connections: t.connections,
    duration: t.seconds,
    warmupSeconds: t.warmupSeconds,
    nextPath: () => `/citas?fecha=${days[day++ % days.length]}&page_size=${pageSize}`,
    cpuSeconds: cpuOf(f),
  });
}

export function measureBookFloor(f: FloorServer, t: Timing): Promise<LoadResult> {
  return measure({
    scenario: f.names?.book ?? 'booking floor: overlap check + INSERT in BEGIN IMMEDIATE, synchronous=FULL',
    url: f.server.url,
    connections: t.connections,
    duration: t.seconds,
    warmupSeconds: t.warmupSeconds,
    method: 'POST',
    path: '/citas',
    nextBody: f.nextBooking,
    cpuSeconds: cpuOf(f),
  });
}
