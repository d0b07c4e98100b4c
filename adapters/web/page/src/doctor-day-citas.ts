import { all } from './api.js';
import { mapLimit } from './grid.js';
import type { Cita } from './types.js';

/** A doctor's citas by clinic day (YYYY-MM-DD); a day whose read failed is undefined. */
export type DayCitas = Map<string, Cita[] | undefined>;

/**
 * A doctor's citas on each of `days`, every estado, read with GET /citas's
 * own filters: `id_doctor` and `fecha`, the one day filter the API has
 * (a secretaria's list must name a day; a doctor's is his own whatever he
 * asks), every page of each day (all), four days at a time. One read per
 * day, not per cita: the citas inside his absences (Mis ausencias) and the
 * ones left to call (citas-to-call.ts) are read together, once per draw.
 * A day that cannot be read now is undefined, for its reader to say so or
 * keep what it remembers for the next draw.
 */
export async function doctorDayCitas(idDoctor: number, days: Iterable<string>): Promise<DayCitas> {
  const wanted = [...new Set(days)].sort();
  const read = await mapLimit(wanted, 4, (fecha) => all<Cita>('/citas/citas', { id_doctor: idDoctor, fecha }).catch(() => undefined));
  return new Map(wanted.map((day, i) => [day, read[i]]));
}
