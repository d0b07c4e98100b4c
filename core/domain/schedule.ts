import { DURACION_MAX_MIN, DURACION_MIN_MIN, DURACION_PASO_MIN, DURACION_POR_DEFECTO_MIN } from './appointment';
import { type FieldProblem, ValidationError } from './errors';
import { centerCalled } from './party-names';

/**
 * A doctor's weekly schedule at one center: the hours (franjas) in which
 * citas may be booked there. Times are the clinic's wall clock ("09:00"), not
 * instants: slots.ts turns them into instants for a given date, which is what
 * keeps a 09:00 franja at 09:00 on both sides of a DST change.
 */
export interface Franja {
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  dia: number;
  /** "HH:MM", 00:00..23:59. */
  desde: string;
  /** "HH:MM", after desde; "24:00" means until midnight. */
  hasta: string;
}

export interface Horario {
  idDoctor: number;
  idCentro: number;
  franjas: Franja[];
  /** Length of the slots offered by disponibilidad (a booking may ask for another length). */
  duracionCitaMin: number;
}

export const MAX_FRANJAS = 70;

export const DIAS = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'] as const;

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since local midnight for "HH:MM" ("24:00" allowed only as an end); undefined when malformed. */
export function minutesOf(hhmm: string, allowEndOfDay = false): number | undefined {
  if (allowEndOfDay && hhmm === '24:00') return 24 * 60;
  const m = HHMM.exec(hhmm);
  if (!m) return undefined;
  return Number(m[1]) * 60 + Number(m[2]);
}

export function hhmmOf(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A franja with its bounds as minutes since local midnight. */
export interface FranjaMinutos {
  dia: number;
  desde: number;
  hasta: number;
}

export function franjaMinutos(f: Franja): FranjaMinutos {
  const desde = minutesOf(f.desde);
  const hasta = minutesOf(f.hasta, true);
  if (desde === undefined || hasta === undefined) throw new Error(`franja mal formada: ${f.desde}-${f.hasta}`);
  return { dia: f.dia, desde, hasta };
}

function describe(f: Franja): string {
  return `${DIAS[f.dia - 1] ?? `día ${f.dia}`} ${f.desde}-${f.hasta}`;
}

function franjasOverlap(a: FranjaMinutos, b: FranjaMinutos): boolean {
  return a.dia === b.dia && a.desde < b.hasta && b.desde < a.hasta;
}

/** Problems of one franja taken alone (format, day, order). */
function franjaProblems(f: Franja, path: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(f.dia) || f.dia < 1 || f.dia > 7) {
    problems.push({ path: `${path}.dia`, message: 'El día debe ser un entero de 1 (lunes) a 7 (domingo).' });
  }
  const desde = minutesOf(f.desde);
  const hasta = minutesOf(f.hasta, true);
  if (desde === undefined) problems.push({ path: `${path}.desde`, message: 'La hora debe tener el formato HH:MM (00:00 a 23:59).' });
  if (hasta === undefined) problems.push({ path: `${path}.hasta`, message: 'La hora debe tener el formato HH:MM (00:00 a 24:00).' });
  if (desde !== undefined && hasta !== undefined && desde >= hasta) {
    problems.push({ path: `${path}.hasta`, message: `La franja ${f.desde}-${f.hasta} debe terminar después de empezar.` });
  }
  return problems;
}

/** What assertValidHorario judges of a schedule: whichever of these fields are present. */
export type HorarioFields = Partial<Horario>;

/**
 * Validates the schedule a doctor gets at one center against itself and
 * against the doctor's schedules at the other centers: a doctor cannot be in
 * two places (or two franjas) at the same hour of the same weekday. Judges
 * the fields present: the HTTP edge passes those of a refused body whose
 * type was right. `centerNames`: the other centers as the caller knows them
 * (by id otherwise, "el centro 2").
 */
export function assertValidHorario(horario: HorarioFields, otherCenters: readonly Horario[], centerNames: ReadonlyMap<number, string> = new Map()): void {
  const problems: FieldProblem[] = [];
  const d = horario.duracionCitaMin;
  const franjas = horario.franjas ?? [];
  if (d !== undefined && (!Number.isInteger(d) || d < DURACION_MIN_MIN || d > DURACION_MAX_MIN || d % DURACION_PASO_MIN !== 0)) {
    problems.push({
      path: 'duracion_cita_min',
      message: `La duración de cita debe ser un entero de minutos entre ${DURACION_MIN_MIN} y ${DURACION_MAX_MIN}, múltiplo de ${DURACION_PASO_MIN}.`,
    });
  }
  if (franjas.length > MAX_FRANJAS) {
    problems.push({ path: 'franjas', message: `Un horario admite como máximo ${MAX_FRANJAS} franjas.` });
  }
  franjas.forEach((f, i) => problems.push(...franjaProblems(f, `franjas.${i}`)));
  if (problems.length === 0) {
    const mine = franjas.map(franjaMinutos);
    mine.forEach((a, i) => {
      for (let j = 0; j < i; j++) {
        if (franjasOverlap(a, mine[j])) {
          problems.push({
            path: `franjas.${i}`,
            message: `La franja ${describe(franjas[i])} se solapa con la franja ${describe(franjas[j])}.`,
          });
          return;
        }
      }
      for (const other of otherCenters) {
        if (other.idCentro === horario.idCentro) continue;
        const clash = other.franjas.find((f) => franjasOverlap(a, franjaMinutos(f)));
        if (clash) {
          problems.push({
            path: `franjas.${i}`,
            // Where the clash is, and what to do first: moving a doctor is taking the franja off there, then putting it here.
            message: `La franja ${describe(franjas[i])} se solapa con la franja ${describe(clash)} del mismo doctor en ${centerCalled({ centro: centerNames.get(other.idCentro) }, other.idCentro)}: quítela antes del horario de ese centro.`,
          });
          return;
        }
      }
    });
  }
  if (problems.length > 0) {
    const detail = problems.length === 1 ? problems[0].message : `El horario tiene ${problems.length} problemas: ${problems.map((p) => p.message).join(' ')}`;
    throw new ValidationError(problems, detail);
  }
}

/** Franjas sorted by day and start, for stable answers. */
export function sortFranjas(franjas: readonly Franja[]): Franja[] {
  return [...franjas].sort((a, b) => a.dia - b.dia || a.desde.localeCompare(b.desde));
}

/**
 * The weekdays (1 = Monday) a doctor without any schedule works: Monday to
 * Friday. JORNADA sets his hours, never these days. The front desk's
 * agenda reads them from the session (the web sends them), so it shows him
 * on the days he can be booked.
 */
export const DIAS_JORNADA: readonly number[] = [1, 2, 3, 4, 5];

/**
 * The working day used for a doctor without any schedule (JORNADA,
 * "09:00-14:00,16:00-20:00"), as franjas on each of DIAS_JORNADA. Throws a plain
 * Error on a malformed value: it is configuration, read once at start-up.
 */
export function parseJornada(jornada: string): Franja[] {
  const ranges = jornada
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  if (ranges.length === 0) throw new Error('JORNADA está vacía; use por ejemplo "09:00-14:00,16:00-20:00".');
  const perDay = ranges.map((r) => {
    const [desde, hasta, ...rest] = r.split('-').map((s) => s.trim());
    if (rest.length > 0 || desde === undefined || hasta === undefined) {
      throw new Error(`JORNADA tiene un tramo mal formado: "${r}" (se espera HH:MM-HH:MM).`);
    }
    return { desde, hasta };
  });
  const franjas: Franja[] = [];
  for (const dia of DIAS_JORNADA) for (const r of perDay) franjas.push({ dia, ...r });
  try {
    assertValidHorario({ idDoctor: 0, idCentro: 0, franjas, duracionCitaMin: DURACION_POR_DEFECTO_MIN }, []);
  } catch (err) {
    const why = err instanceof ValidationError ? err.message : String(err);
    throw new Error(`JORNADA no es válida ("${jornada}"): ${why}`);
  }
  return franjas;
}

export const JORNADA_POR_DEFECTO = '09:00-14:00,16:00-20:00';
