import { randomUUID } from 'node:crypto';
import { type ApiClient, problemOf } from './api-client';

/**
 * The loader's last step: one appointment for the first active patient of
 * pacientes.csv with the first active doctor, in the first free slot of the
 * doctor's agenda from the next weekday on (10:00 or later preferred). Its motivo marks it as
 * the loader's, so a re-run finds it and prints it instead of booking again.
 */
export const LOADER_MOTIVO = 'Revisión inicial (cita de la carga de datos)';

export interface PatientCandidate {
  nombre: string;
  telefono: string;
  /** Known when this run created the patient. */
  id?: number;
}

export interface DoctorCandidate {
  nombre: string;
  especialidad: string;
  id?: number;
}

export interface CenterCandidate {
  nombre: string;
  id?: number;
}

export interface Candidates {
  patients: PatientCandidate[];
  doctors: DoctorCandidate[];
  centers: CenterCandidate[];
}

export interface CitaOutcome {
  /** 'nueva': booked now; 'existente': a previous run had booked it. */
  status: 'nueva' | 'existente';
  cita: Record<string, unknown>;
}

export class BookingError extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'BookingError';
  }
}

export interface BookingOptions {
  clinicTimeZone: string;
  now: () => Date;
}

/** How far ahead the loader looks for a free slot, in weekdays. */
const SEARCH_DAYS = 10;
/** Preferred earliest start, clinic time: the loader's cita is a morning check-up. */
const PREFERRED_FROM = '10:00';
const TRY_NEXT_SLOT = new Set(['DOCTOR_OCUPADO', 'PACIENTE_OCUPADO', 'FUERA_DE_HORARIO', 'DOCTOR_AUSENTE']);
/** How many CSV rows to look up before giving up on finding an active record. */
const MAX_LOOKUPS = 20;

const same = (a: string, b: string): boolean =>
  a.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase() ===
  b.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

const lastNineDigits = (phone: string): string => phone.replace(/\D/g, '').slice(-9);

interface Page {
  items: Record<string, unknown>[];
}

async function list(api: ApiClient, path: string): Promise<Record<string, unknown>[]> {
  const answer = await api.get('admin', path);
  if (answer.status !== 200) {
    const p = problemOf(answer);
    throw new BookingError(p.code, `No se pudo consultar ${path}: ${p.detail}`);
  }
  return (answer.body as Page).items;
}

async function findPatient(api: ApiClient, candidates: PatientCandidate[]): Promise<number> {
  for (const c of candidates.slice(0, MAX_LOOKUPS)) {
    if (c.id !== undefined) return c.id;
    const items = await list(api, `/admin/pacientes?estado=ACTIVO&page_size=100&q=${encodeURIComponent(c.nombre.slice(0, 100))}`);
    const match = items.find((p) => same(String(p.nombre), c.nombre) && lastNineDigits(String(p.telefono)) === lastNineDigits(c.telefono));
    if (match) return Number(match.id_paciente);
  }
  throw new BookingError('SIN_PACIENTE_ACTIVO', 'No hay ningún paciente ACTIVO de pacientes.csv en el servicio admin.');
}

async function findDoctor(api: ApiClient, candidates: DoctorCandidate[]): Promise<number> {
  for (const c of candidates.slice(0, MAX_LOOKUPS)) {
    if (c.id !== undefined) return c.id;
    const items = await list(api, `/admin/doctores?activo=true&page_size=100&q=${encodeURIComponent(c.nombre.slice(0, 100))}`);
    const match = items.find((d) => same(String(d.nombre), c.nombre) && same(String(d.especialidad), c.especialidad));
    if (match) return Number(match.id_doctor);
  }
  throw new BookingError('SIN_DOCTOR_ACTIVO', 'No hay ningún doctor activo de doctores.csv en el servicio admin.');
}

function findCenter(candidates: CenterCandidate[]): number {
  const found = candidates.find((c) => c.id !== undefined);
  if (found?.id === undefined) throw new BookingError('SIN_CENTRO_ACTIVO', 'No hay ningún centro activo de centros.csv en el servicio admin.');
  return found.id;
}

/** A cita this loader booked before, still ahead and not cancelled. */
async function existingLoaderCita(api: ApiClient, idPaciente: number, now: Date): Promise<Record<string, unknown> | undefined> {
  for (let page = 1; page <= 10; page++) {
    const answer = await api.get('citas', `/citas?id_paciente=${idPaciente}&page=${page}&page_size=100`);
    if (answer.status !== 200) {
      const p = problemOf(answer);
      throw new BookingError(p.code, `No se pudieron consultar las citas del paciente ${idPaciente}: ${p.detail}`);
    }
    const body = answer.body as Page & { total: number };
    const found = body.items.find(
      (c) =>
        c.motivo === LOADER_MOTIVO &&
        (c.estado === 'Programada' || c.estado === 'Confirmada') &&
        Date.parse(String(c.fecha)) > now.getTime(),
    );
    if (found) return found;
    if (page * 100 >= body.total) return undefined;
  }
  return undefined;
}

/** Today's date (YYYY-MM-DD) in the clinic's time zone. */
export function clinicDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The next `count` Monday-to-Friday dates strictly after `date`. */
export function nextWeekdays(date: string, count: number): string[] {
  const out: string[] = [];
  const d = new Date(`${date}T00:00:00Z`);
  while (out.length < count) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

interface Hueco {
  inicio: string;
  id_centro: number | null;
}

/** The day's free slots of the doctor, those from 10:00 (clinic time) first. */
async function freeSlots(api: ApiClient, idDoctor: number, day: string): Promise<Hueco[]> {
  const answer = await api.get('citas', `/citas/disponibilidad?id_doctor=${idDoctor}&fecha=${day}`);
  if (answer.status !== 200) {
    const p = problemOf(answer);
    throw new BookingError(p.code, `No se pudo consultar la disponibilidad del doctor ${idDoctor}: ${p.detail}`);
  }
  const huecos = (answer.body as { huecos: Hueco[] }).huecos;
  const localTime = (h: Hueco): string => h.inicio.slice(11, 16);
  return [...huecos.filter((h) => localTime(h) >= PREFERRED_FROM), ...huecos.filter((h) => localTime(h) < PREFERRED_FROM)];
}

export async function bookLoaderCita(api: ApiClient, candidates: Candidates, options: BookingOptions): Promise<CitaOutcome> {
  const idPaciente = await findPatient(api, candidates.patients);
  const idDoctor = await findDoctor(api, candidates.doctors);
  const idCentro = findCenter(candidates.centers);

  const existing = await existingLoaderCita(api, idPaciente, options.now());
  if (existing) return { status: 'existente', cita: existing };

  // Ask the agenda for free slots instead of guessing: the doctor may work
  // only some days, or at another center (the loader has just set schedules).
  let last = { code: 'SIN_HUECO', detail: 'El doctor no tiene huecos libres.' };
  for (const day of nextWeekdays(clinicDate(options.now(), options.clinicTimeZone), SEARCH_DAYS)) {
    for (const hueco of await freeSlots(api, idDoctor, day)) {
      const body = { fecha: hueco.inicio, motivo: LOADER_MOTIVO, id_paciente: idPaciente, id_doctor: idDoctor, id_centro: hueco.id_centro ?? idCentro };
      // One key per booking sent (each slot's body is another booking: its key with another body would be 422).
      // The client's resends of this request (a reset before any answer, a fresh login) carry it too, so one
      // whose first answer was lost gets the cita already booked (docs/citas.md) instead of its own 409.
      const answer = await api.post('citas', '/citas', body, { headers: { 'idempotency-key': randomUUID() } });
      if (answer.status === 201) return { status: 'nueva', cita: answer.body as Record<string, unknown> };
      const p = problemOf(answer);
      last = p;
      if (!TRY_NEXT_SLOT.has(p.code)) throw new BookingError(p.code, `No se pudo reservar la cita: ${p.detail}`);
    }
  }
  throw new BookingError(last.code, `No se pudo reservar la cita en ${SEARCH_DAYS} días laborables: ${last.detail}`);
}
