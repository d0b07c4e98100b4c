import { ApiClient, problemOf, ServiceUnreachableError } from './api-client';
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

export async function loadSchedules(api: ApiClient): Promise<ScheduleStepResult> {
  const [doctors, centers] = await Promise.all([allActive(api, '/admin/doctores', 'id_doctor'), allActive(api, '/admin/centros', 'id_centro')]);
  const result: ScheduleStepResult = { set: [], skipped: [], failed: [] };
  const plan = weeklyPlan(doctors, centers);
  const byDoctor = new Map<number, PlannedSchedule[]>();
  for (const p of plan) byDoctor.set(p.idDoctor, [...(byDoctor.get(p.idDoctor) ?? []), p]);

  for (const [idDoctor, schedules] of byDoctor) {
    const nombre = schedules[0].nombre;
    const current = await api.get('citas', `/agenda/${idDoctor}/horario`);
    if (current.status !== 200) {
      const p = problemOf(current);
      result.failed.push({ idDoctor, nombre, code: p.code, detail: p.detail });
      continue;
    }
    if ((current.body as { horarios: unknown[] }).horarios.length > 0) {
      result.skipped.push({ idDoctor, nombre });
      continue;
    }
    for (const s of schedules) {
      const answer = await api.send('citas', 'PUT', `/agenda/${idDoctor}/horario`, {
        id_centro: s.idCentro,
        franjas: s.franjas,
        duracion_cita_min: s.duracion_cita_min,
      });
      if (answer.status === 200) result.set.push(s);
      else {
        const p = problemOf(answer);
        result.failed.push({ idDoctor, nombre, code: p.code, detail: p.detail });
      }
    }
  }
  return result;
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
  });
  try {
    const r = await loadSchedules(api);
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
