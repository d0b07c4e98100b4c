import { ACTIVE_STATES, type StoredCita } from './citas-db';

/** A cita as a client received it in a 2xx answer (api-contract.md field names). */
export interface CitaJson {
  id_cita: number;
  fecha: string;
  duracion_min: number;
  motivo: string;
  estado: string;
  id_paciente: number;
  id_doctor: number;
  id_centro: number;
  id_cita_anterior?: number | null;
  id_cita_nueva?: number | null;
}

/** What the client asked for, to hold the answer to it. */
export interface Requested {
  fecha: string;
  id_paciente?: number;
  id_doctor?: number;
  id_centro?: number;
  motivo?: string;
  duracion_min?: number;
}

/** Every 2xx answer a stress client received, in the order received. */
export type Ack =
  | { kind: 'create'; requested: Requested; cita: CitaJson }
  | { kind: 'change'; oldId: number; requested: Requested; nueva: CitaJson; anterior: CitaJson }
  | { kind: 'cancel'; id: number; cita: CitaJson };

export interface InvariantOptions {
  /** MAX_CITAS_FUTURAS of the service. */
  maxFutureCitas: number;
  /** "now" for the cap: citas starting after it are future. */
  nowMs: number;
  /**
   * True when every request got an answer (no crash, no transport error):
   * then nothing may have changed that no client was told about. After a
   * crash a write can be committed while its answer is lost, so only the
   * acknowledged side is held.
   */
  everyRequestAnswered: boolean;
}

const MINUTE = 60_000;
const endMs = (c: StoredCita): number => c.inicioMs + c.duracionMin * MINUTE;

function overlapsWithin(rows: StoredCita[], key: (c: StoredCita) => number, who: string): string[] {
  const out: string[] = [];
  const groups = new Map<number, StoredCita[]>();
  for (const r of rows) if (ACTIVE_STATES.has(r.estado)) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  for (const [id, list] of groups) {
    list.sort((a, b) => a.inicioMs - b.inicioMs);
    // Sorted by start: an overlap always shows up against the furthest-reaching earlier cita.
    let reach: StoredCita | undefined;
    for (const c of list) {
      if (reach && c.inicioMs < endMs(reach)) out.push(`${who} ${id}: active citas ${reach.id} and ${c.id} overlap`);
      if (!reach || endMs(c) > endMs(reach)) reach = c;
    }
  }
  return out;
}

function sameAs(stored: StoredCita | undefined, cita: CitaJson, requested: Requested | undefined, what: string): string[] {
  if (!stored) return [`${what}: acknowledged cita ${cita.id_cita} is not in the database`];
  const problems: string[] = [];
  const expect = (field: string, got: unknown, want: unknown): void => {
    if (got !== want) problems.push(`${what}: cita ${cita.id_cita} ${field} is ${String(got)} in the database, ${String(want)} was acknowledged`);
  };
  expect('start', stored.inicioMs, Date.parse(cita.fecha));
  expect('duracion_min', stored.duracionMin, cita.duracion_min);
  expect('motivo', stored.motivo, cita.motivo);
  expect('id_paciente', stored.idPaciente, cita.id_paciente);
  expect('id_doctor', stored.idDoctor, cita.id_doctor);
  expect('id_centro', stored.idCentro, cita.id_centro);
  if (requested) {
    const answered = (field: string, got: unknown, want: unknown): void => {
      if (want !== undefined && got !== want) problems.push(`${what}: cita ${cita.id_cita} answered ${field}=${String(got)} for a request of ${String(want)}`);
    };
    answered('fecha', Date.parse(cita.fecha), Date.parse(requested.fecha));
    answered('id_paciente', cita.id_paciente, requested.id_paciente);
    answered('id_doctor', cita.id_doctor, requested.id_doctor);
    answered('duracion_min', cita.duracion_min, requested.duracion_min);
  }
  return problems;
}

/**
 * The properties a booking system must keep whatever the interleaving:
 * checked on the stored rows against what clients were told.
 */
export function checkInvariants(rows: StoredCita[], acks: Ack[], opts: InvariantOptions): string[] {
  const violations: string[] = [];
  const byId = new Map(rows.map((r) => [r.id, r]));

  // 1. No double booking, for doctors and for patients.
  violations.push(...overlapsWithin(rows, (c) => c.idDoctor, 'doctor'));
  violations.push(...overlapsWithin(rows, (c) => c.idPaciente, 'patient'));

  // 2. The cap on future active citas per patient.
  const future = new Map<number, number>();
  for (const r of rows) if (ACTIVE_STATES.has(r.estado) && r.inicioMs > opts.nowMs) future.set(r.idPaciente, (future.get(r.idPaciente) ?? 0) + 1);
  for (const [p, n] of future) if (n > opts.maxFutureCitas) violations.push(`patient ${p}: ${n} future active citas, the cap is ${opts.maxFutureCitas}`);

  // Ids a later acknowledged cancel or change took out of the agenda.
  const retired = new Set<number>();
  for (const a of acks) {
    if (a.kind === 'cancel') retired.add(a.id);
    if (a.kind === 'change') retired.add(a.oldId);
  }

  const acknowledged = new Set<number>();
  for (const a of acks) {
    if (a.kind === 'create') {
      acknowledged.add(a.cita.id_cita);
      violations.push(...sameAs(byId.get(a.cita.id_cita), a.cita, a.requested, 'create'));
      const stored = byId.get(a.cita.id_cita);
      if (opts.everyRequestAnswered && stored && !ACTIVE_STATES.has(stored.estado) && !retired.has(stored.id)) {
        violations.push(`create: cita ${stored.id} is ${stored.estado} but no acknowledged request cancelled or changed it`);
      }
    } else if (a.kind === 'change') {
      acknowledged.add(a.nueva.id_cita);
      violations.push(...sameAs(byId.get(a.nueva.id_cita), a.nueva, a.requested, 'change'));
      const oldRow = byId.get(a.oldId);
      const newRow = byId.get(a.nueva.id_cita);
      if (a.anterior.id_cita !== a.oldId) violations.push(`change of ${a.oldId}: answered cita_anterior ${a.anterior.id_cita}`);
      if (!oldRow) {
        violations.push(`change of ${a.oldId}: the old cita is gone from the database`);
        continue;
      }
      if (ACTIVE_STATES.has(oldRow.estado)) violations.push(`change ${a.oldId} -> ${a.nueva.id_cita}: the old cita is still ${oldRow.estado}`);
      if (oldRow.idCitaNueva !== a.nueva.id_cita) violations.push(`change ${a.oldId} -> ${a.nueva.id_cita}: old.id_cita_nueva is ${oldRow.idCitaNueva}`);
      if (newRow && newRow.idCitaAnterior !== a.oldId) violations.push(`change ${a.oldId} -> ${a.nueva.id_cita}: new.id_cita_anterior is ${newRow.idCitaAnterior}`);
      if (opts.everyRequestAnswered && newRow && !ACTIVE_STATES.has(newRow.estado) && !retired.has(newRow.id)) {
        violations.push(`change ${a.oldId} -> ${a.nueva.id_cita}: neither cita of the pair is active, and nothing acknowledged retired the new one`);
      }
    } else {
      const stored = byId.get(a.id);
      if (!stored) violations.push(`cancel of ${a.id}: the cita is gone from the database`);
      else if (stored.estado !== 'Cancelada') violations.push(`cancel of ${a.id}: acknowledged, but the cita is ${stored.estado}`);
    }
  }

  // 3. Without a crash, every stored cita was acknowledged to someone (no phantom writes).
  if (opts.everyRequestAnswered) {
    for (const r of rows) if (!acknowledged.has(r.id)) violations.push(`cita ${r.id} is stored but no client was told it was created`);
  }
  return violations;
}
