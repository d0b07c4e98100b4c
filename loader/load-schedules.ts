import { ApiClient, problemOf, ServiceUnreachableError } from './api-client';
import { DEFAULT_CONCURRENCY, inPool } from './pool';
import { printable } from './report';

/**
 * Optional loader step: gives every active doctor without a schedule a
 * weekly schedule in the citas service (PUT /agenda/{id_doctor}/horario), so
 * disponibilidad shows real franjas instead of the JORNADA default.
 *
 * The plan is deterministic (doctors and centers in id order):
 * - every doctor works mornings, Monday to Friday 09:00-14:00, at a "home"
 *   center (centers taken in turn), so the loader's own appointment (a
 *   weekday morning with the first doctor at the first center) still fits;
 * - doctors in odd positions also work afternoons, Monday to Thursday
 *   16:00-20:00, at the next center (a doctor in two places, never at once);
 * - the others work Tuesday and Thursday afternoons at their home center.
 *
 * A doctor who already has any schedule is left alone (staff may have
 * changed it), so running the step twice sets nothing twice.
 */

export interface Franja {
  dia: number;
  desde: string;
  hasta: string;
}

export interface PlannedSchedule {
  idDoctor: number;
  nombre: string;
  idCentro: number;
  franjas: Franja[];
  duracion_cita_min: number;
}

export interface ScheduleStepResult {
  /** Schedules written now (one per doctor and center). */
  set: PlannedSchedule[];
  /** Doctors skipped because they already had a schedule. */
  skipped: { idDoctor: number; nombre: string }[];
  failed: { idDoctor: number; nombre: string; code: string; detail: string }[];
}

const MORNINGS: Franja[] = [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '14:00' }));
const AFTERNOONS_MON_THU: Franja[] = [1, 2, 3, 4].map((dia) => ({ dia, desde: '16:00', hasta: '20:00' }));
const AFTERNOONS_TUE_THU: Franja[] = [2, 4].map((dia) => ({ dia, desde: '16:00', hasta: '20:00' }));

interface Record_ {
  id: number;
  nombre: string;
}

/** The schedules to set for these doctors and centers (both active, any order). */
export function weeklyPlan(doctors: Record_[], centers: Record_[]): PlannedSchedule[] {
  if (centers.length === 0) return [];
  const cs = [...centers].sort((a, b) => a.id - b.id);
  const plan: PlannedSchedule[] = [];
  [...doctors]
    .sort((a, b) => a.id - b.id)
    .forEach((d, i) => {
      const home = cs[i % cs.length];
      const base = { idDoctor: d.id, nombre: d.nombre, duracion_cita_min: 30 };
      if (i % 2 === 1 && cs.length > 1) {
        plan.push({ ...base, idCentro: home.id, franjas: MORNINGS });
        plan.push({ ...base, idCentro: cs[(i + 1) % cs.length].id, franjas: AFTERNOONS_MON_THU });
      } else {
        plan.push({ ...base, idCentro: home.id, franjas: [...MORNINGS, ...AFTERNOONS_TUE_THU].sort((a, b) => a.dia - b.dia || a.desde.localeCompare(b.desde)) });
      }
    });
  return plan;
}

async function allActive(api: ApiClient, path: string, idField: string): Promise<Record_[]> {
  const out: Record_[] = [];
  for (let page = 1; ; page++) {
    const answer = await api.get('admin', `${path}?page=${page}&page_size=100`);
    if (answer.status !== 200) {
      const p = problemOf(answer);
      throw new Error(`No se pudo leer ${path}: ${p.code} — ${p.detail}`);
    }
    const body = answer.body as { items: Record<string, unknown>[]; total: number };
    for (const item of body.items) {
      if (item.activo === true) out.push({ id: item[idField] as number, nombre: String(item.nombre) });
    }
    if (page * 100 >= body.total || body.items.length === 0) return out;
  }
}

export interface ScheduleStepOptions {
  /** Doctors in flight at once (the loader's --concurrency); a doctor's own schedules go one after the other. */
  concurrency: number;
}

/** One doctor's schedules, and that doctor's part of the step's result. */
async function scheduleDoctor(api: ApiClient, idDoctor: number, schedules: PlannedSchedule[]): Promise<ScheduleStepResult> {
  const nombre = schedules[0].nombre;
  const outcome: ScheduleStepResult = { set: [], skipped: [], failed: [] };
  const current = await api.get('citas', `/agenda/${idDoctor}/horario`);
  if (current.status !== 200) {
    const p = problemOf(current);
    outcome.failed.push({ idDoctor, nombre, code: p.code, detail: p.detail });
    return outcome;
  }
  if ((current.body as { horarios: unknown[] }).horarios.length > 0) {
    outcome.skipped.push({ idDoctor, nombre });
    return outcome;
  }
  // one after the other: a doctor at two centers must not race its own schedules
  for (const s of schedules) {
    const answer = await api.send('citas', 'PUT', `/agenda/${idDoctor}/horario`, {
      id_centro: s.idCentro,
      franjas: s.franjas,
      duracion_cita_min: s.duracion_cita_min,
    });
    if (answer.status === 200) outcome.set.push(s);
    else {
      const p = problemOf(answer);
      outcome.failed.push({ idDoctor, nombre, code: p.code, detail: p.detail });
    }
  }
  return outcome;
}

/**
 * Sets the plan, `concurrency` doctors at a time (each PUT is a transaction
 * in citas and a lookup in admin: one doctor after another left both
 * services mostly waiting). The result lists doctors in plan order, however
 * the answers arrive.
 */
export async function loadSchedules(api: ApiClient, options: ScheduleStepOptions): Promise<ScheduleStepResult> {
  const [doctors, centers] = await Promise.all([allActive(api, '/admin/doctores', 'id_doctor'), allActive(api, '/admin/centros', 'id_centro')]);
  const byDoctor = new Map<number, PlannedSchedule[]>();
  for (const p of weeklyPlan(doctors, centers)) byDoctor.set(p.idDoctor, [...(byDoctor.get(p.idDoctor) ?? []), p]);

  const doctorsInPlan = [...byDoctor].map(([idDoctor, schedules], index) => ({ idDoctor, schedules, index }));
  const outcomes: ScheduleStepResult[] = [];
  await inPool(doctorsInPlan, options.concurrency, async ({ idDoctor, schedules, index }) => {
    outcomes[index] = await scheduleDoctor(api, idDoctor, schedules);
  });
  return {
    set: outcomes.flatMap((o) => o.set),
    skipped: outcomes.flatMap((o) => o.skipped),
    failed: outcomes.flatMap((o) => o.failed),
  };
}

/**
 * npx ts-node --transpile-only loader/load-schedules.ts
 * (ADMIN_URL, CITAS_URL, ADMIN_BOOTSTRAP_USERNAME, ADMIN_BOOTSTRAP_PASSWORD as for the services)
 */
async function main(): Promise<number> {
  const api = new ApiClient({
    adminUrl: process.env.ADMIN_URL ?? 'http://127.0.0.1:5001',
    citasUrl: process.env.CITAS_URL ?? 'http://127.0.0.1:5002',
    credentials: {
      username: process.env.ADMIN_BOOTSTRAP_USERNAME ?? 'admin',
      password: process.env.ADMIN_BOOTSTRAP_PASSWORD ?? 'OdontoCare2026!',
    },
    maxSockets: DEFAULT_CONCURRENCY,
  });
  try {
    const r = await loadSchedules(api, { concurrency: DEFAULT_CONCURRENCY });
    for (const s of r.set) {
      const days = [...new Set(s.franjas.map((f) => f.dia))].join(',');
      console.log(`horario  doctor ${s.idDoctor} (${printable(s.nombre)}) centro ${s.idCentro}: días ${days}, ${[...new Set(s.franjas.map((f) => `${f.desde}-${f.hasta}`))].join(' y ')}`);
    }
    for (const s of r.skipped) console.log(`omitido  doctor ${s.idDoctor} (${printable(s.nombre)}): ya tiene horario`);
    for (const f of r.failed) console.error(`ERROR    doctor ${f.idDoctor} (${printable(f.nombre)}): ${printable(f.code)} — ${printable(f.detail)}`);
    console.log(`${r.set.length} horarios definidos, ${r.skipped.length} doctores omitidos, ${r.failed.length} errores.`);
    return r.failed.length === 0 ? 0 : 1;
  } catch (err) {
    console.error(printable(err instanceof ServiceUnreachableError || err instanceof Error ? err.message : String(err), { lines: true }));
    return 2;
  } finally {
    api.close();
  }
}

if (require.main === module) {
  void main().then((code) => process.exit(code));
}
