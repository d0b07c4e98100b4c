import { DURACION_POR_DEFECTO_MIN } from './appointment';
import { type Ausencia, ausenciaCovers } from './absence';
import type { Interval } from './appointment';
import { bookingWindow } from './appointment-booking';
import { clinicSpanWords } from './clinic-time-words';
import { DomainError } from './errors';
import { centerCalled, doctorCalled, ofDoctor, type PartyNames, sentenceFirst } from './party-names';
import { DIAS, type Franja, franjaMinutos, type Horario } from './schedule';
import { addDays, clinicDateOf, dayBounds, formatLocalDate, instantAt, isoWeekday, LAST_YEAR, parseLocalDate } from './clinic-time';

/**
 * Free slots and the agenda's booking rule. Franjas are wall-clock times of
 * the clinic's zone; each is turned into real instants for the date at hand
 * (clinic-time.ts), so a 09:00 franja starts at 07:00Z in summer and 08:00Z in
 * winter, and on the day the clocks change the franja simply covers the real
 * time between its two ends (an hour that does not exist that day offers no
 * slot; an hour that happens twice offers both).
 */

const MINUTE_MS = 60_000;

/**
 * The instant a local date shows `minutes` after midnight (1440 = the next
 * midnight). A wall time that does not exist that day (in the spring-forward
 * gap) maps to the moment the clocks jump, the first one that exists after it:
 * a franja 01:00-02:30 on 2026-03-29 in Madrid ends at 03:00 local, 01:00Z.
 */
export function wallInstant(fecha: string, minutes: number, zone: string): Date {
  const date = parseLocalDate(fecha);
  if (minutes >= 24 * 60) return dayBounds(date, zone).hasta;
  for (let m = minutes; m < 24 * 60; m++) {
    const at = instantAt(date, `${Math.floor(m / 60)}:${m % 60}`, zone);
    if (at) return at;
  }
  return dayBounds(date, zone).hasta;
}

/** ISO weekday (1 = Monday) of a local date YYYY-MM-DD. */
export function weekdayOf(fecha: string): number {
  return isoWeekday(parseLocalDate(fecha));
}

/**
 * Local dates from `desde` (inclusive), `days` of them, or fewer when the
 * calendar's last writable day (31 December of LAST_YEAR) comes first.
 */
export function datesFrom(desde: string, days: number): string[] {
  const start = parseLocalDate(desde);
  return Array.from({ length: days }, (_, i) => addDays(start, i))
    .filter((d) => d.year <= LAST_YEAR)
    .map(formatLocalDate);
}

/** A franja on a concrete date: real instants, and where and how long its slots are. */
export interface FranjaDelDia extends Interval {
  idCentro: number | null;
  duracionMin: number;
}

export interface Hueco extends Interval {
  /** null for a doctor without schedule when no center was asked for (the JORNADA default applies to any center). */
  idCentro: number | null;
}

type Obstacle = Pick<Ausencia, 'desde' | 'hasta'> | Interval;

function boundsOf(o: Obstacle): { start: number; end: number } {
  return 'desde' in o ? { start: o.desde.getTime(), end: o.hasta.getTime() } : { start: o.inicio.getTime(), end: o.fin.getTime() };
}

/**
 * The doctor's franjas on a local date, as instants. With no schedule at all
 * the JORNADA franjas apply (at `idCentro`, or any center when none is given).
 * With a schedule, only the given center's franjas when `idCentro` is set.
 */
export function franjasDelDia(input: {
  fecha: string;
  zone: string;
  horarios: readonly Horario[];
  jornada: readonly Franja[];
  idCentro?: number;
}): FranjaDelDia[] {
  const dia = weekdayOf(input.fecha);
  const result: FranjaDelDia[] = [];
  const push = (f: Franja, idCentro: number | null, duracionMin: number) => {
    if (f.dia !== dia) return;
    const m = franjaMinutos(f);
    const inicio = wallInstant(input.fecha, m.desde, input.zone);
    const fin = wallInstant(input.fecha, m.hasta, input.zone);
    if (fin.getTime() > inicio.getTime()) result.push({ inicio, fin, idCentro, duracionMin });
  };
  if (input.horarios.length === 0) {
    for (const f of input.jornada) push(f, input.idCentro ?? null, DURACION_POR_DEFECTO_MIN);
  } else {
    for (const h of input.horarios) {
      if (input.idCentro !== undefined && h.idCentro !== input.idCentro) continue;
      for (const f of h.franjas) push(f, h.idCentro, h.duracionCitaMin);
    }
  }
  return result.sort((a, b) => a.inicio.getTime() - b.inicio.getTime());
}

export interface FreeSlotsInput {
  /** Local date in the clinic zone, YYYY-MM-DD. */
  fecha: string;
  zone: string;
  /** Every schedule of the doctor (all centers). */
  horarios: readonly Horario[];
  /** Franjas for a doctor without any schedule (JORNADA). */
  jornada: readonly Franja[];
  ausencias: readonly Pick<Ausencia, 'desde' | 'hasta'>[];
  /** Intervals of the doctor's active citas. */
  ocupado: readonly Interval[];
  idCentro?: number;
  /** Slot length; defaults to each schedule's duracion_cita_min (30 for JORNADA). */
  duracionMin?: number;
  /** The instant of the request: only slots a cita booked then may start at (bookingWindow: future, not too far ahead). */
  ahora?: Date;
}

/**
 * Free slots: within each franja, from its start, one slot of the duration
 * after another; a slot that would overlap an absence or a booked cita is not
 * offered and the next one starts where that obstacle ends, so a cita booked
 * at an odd time (09:10) costs only the time it takes. Ordered by start.
 */
export function freeSlots(input: FreeSlotsInput): Hueco[] {
  const obstacles = [...input.ausencias, ...input.ocupado].map(boundsOf).sort((a, b) => a.start - b.start);
  const { after, until } = input.ahora ? bookingWindow(input.ahora) : { after: Number.NEGATIVE_INFINITY, until: Number.POSITIVE_INFINITY };
  const huecos: Hueco[] = [];
  for (const franja of franjasDelDia(input)) {
    const step = (input.duracionMin ?? franja.duracionMin) * MINUTE_MS;
    const end = franja.fin.getTime();
    let cursor = franja.inicio.getTime();
    while (cursor + step <= end) {
      const slotEnd = cursor + step;
      let blockedUntil = Number.NEGATIVE_INFINITY;
      for (const o of obstacles) {
        if (o.start >= slotEnd) break;
        if (o.end > cursor) blockedUntil = Math.max(blockedUntil, o.end);
      }
      if (blockedUntil > cursor) {
        cursor = blockedUntil;
        continue;
      }
      if (cursor > after && cursor <= until) huecos.push({ inicio: new Date(cursor), fin: new Date(slotEnd), idCentro: franja.idCentro });
      cursor = slotEnd;
    }
  }
  return huecos.sort((a, b) => a.inicio.getTime() - b.inicio.getTime());
}

export interface AgendaViolation {
  code: 'FUERA_DE_HORARIO' | 'DOCTOR_AUSENTE';
  message: string;
}

/** A day's franjas as a sentence reads them: "de 09:00 a 14:00 y de 16:00 a 18:00". */
function franjasWords(franjas: readonly Franja[]): string {
  const each = franjas.map((f) => `de ${f.desde} a ${f.hasta}`);
  return each.length > 1 ? `${each.slice(0, -1).join(', ')} y ${each[each.length - 1]}` : each.join('');
}

/**
 * Why [inicio, fin) at `idCentro` cannot be booked for this doctor, or
 * undefined when it can. A doctor without any schedule may be booked at any
 * time (only absences apply); with a schedule, the whole interval must lie
 * inside one franja at that center on the local day it starts. The message
 * is read verbatim at the front desk: the clinic's time in words, the doctor
 * and the center by the names the hearer may know (`nombres`, party-names.ts).
 */
export function agendaViolation(input: {
  zone: string;
  horarios: readonly Horario[];
  ausencias: readonly Pick<Ausencia, 'desde' | 'hasta'>[];
  idCentro: number;
  inicio: Date;
  fin: Date;
  nombres?: PartyNames;
}): AgendaViolation | undefined {
  const { inicio, fin, zone, nombres = {} } = input;
  const away = input.ausencias.find((a) => ausenciaCovers(a, inicio, fin));
  if (away) {
    return {
      code: 'DOCTOR_AUSENTE',
      message: `${sentenceFirst(doctorCalled(nombres))} está ausente ${clinicSpanWords(away.desde, away.hasta, zone)}.`,
    };
  }
  if (input.horarios.length === 0) return undefined;
  const fecha = clinicDateOf(inicio, zone);
  const franjas = franjasDelDia({ fecha, zone, horarios: input.horarios, jornada: [], idCentro: input.idCentro });
  const inside = franjas.some((f) => f.inicio.getTime() <= inicio.getTime() && fin.getTime() <= f.fin.getTime());
  if (inside) return undefined;
  const weekday = weekdayOf(fecha);
  const dia = DIAS[weekday - 1];
  const horario = input.horarios.find((h) => h.idCentro === input.idCentro);
  const today = horario?.franjas.filter((f) => f.dia === weekday) ?? [];
  const centro = centerCalled(nombres, input.idCentro);
  const where =
    today.length > 0
      ? `el ${dia} atiende en ${centro} ${franjasWords(today)}`
      : horario
        ? `el ${dia} no atiende en ${centro}`
        : `no tiene horario en ${centro}`;
  return {
    code: 'FUERA_DE_HORARIO',
    message: `La cita ${clinicSpanWords(inicio, fin, zone)}, queda fuera del horario ${ofDoctor(nombres)}: ${where}.`,
  };
}

export function assertWithinAgenda(input: Parameters<typeof agendaViolation>[0]): void {
  const v = agendaViolation(input);
  if (v) throw new DomainError(v.code, v.message);
}

/** Length of the slots the doctor's schedule offers at a center (its duracion_cita_min); undefined without a schedule there. */
export function slotLengthAt(horarios: readonly Horario[], idCentro: number): number | undefined {
  return horarios.find((h) => h.idCentro === idCentro)?.duracionCitaMin;
}

export interface GridInput {
  zone: string;
  horarios: readonly Horario[];
  /** The doctor's absences that day. */
  ausencias: readonly Pick<Ausencia, 'desde' | 'hasta'>[];
  idCentro: number;
  inicio: Date;
  fin: Date;
  /** The doctor's active citas that day, as GET /citas/disponibilidad counts them. */
  ocupado: readonly Interval[];
  /** For a change: the same without the cita being changed (the day once that cita has moved). */
  ocupadoSinLaCambiada?: readonly Interval[];
  /** The doctor's and center's names the hearer may know, for the message (party-names.ts). */
  nombres?: PartyNames;
}

/**
 * The booking grid: why [inicio, fin) at `idCentro` is not one of the free
 * slots `freeSlots` offers that day, or undefined when it is. The grid is
 * freeSlots itself, not a copy of its arithmetic, so what disponibilidad
 * offers and what a patient may book cannot drift apart (a cita placed by
 * staff at 09:10 shifts both alike). A slot is on the grid if it is free with
 * every cita counted (what disponibilidad showed) or, for a change, once the
 * cita being changed is set aside. A doctor without any schedule has no grid.
 * Only patients are held to it (access.ts, 'cita.reservarFueraDeHueco').
 */
export function gridViolation(input: GridInput): { code: 'FUERA_DE_HUECO'; message: string } | undefined {
  const { zone, horarios, inicio, fin, idCentro, nombres = {} } = input;
  if (horarios.length === 0) return undefined;
  const fecha = clinicDateOf(inicio, zone);
  const views = input.ocupadoSinLaCambiada ? [input.ocupado, input.ocupadoSinLaCambiada] : [input.ocupado];
  const offered = views.some((ocupado) =>
    freeSlots({ fecha, zone, horarios, jornada: [], ausencias: input.ausencias, ocupado, idCentro }).some(
      (h) => h.inicio.getTime() === inicio.getTime() && h.fin.getTime() === fin.getTime(),
    ),
  );
  if (offered) return undefined;
  const length = slotLengthAt(horarios, idCentro);
  return {
    code: 'FUERA_DE_HUECO',
    message:
      `La cita ${clinicSpanWords(inicio, fin, zone)}, no es un hueco libre de la agenda ${ofDoctor(nombres)}: ` +
      `elija el inicio de un hueco de la disponibilidad` +
      (length === undefined ? '.' : `, con la duración de las citas en ${centerCalled(nombres, idCentro)} (${length} min).`),
  };
}

export function assertOnGrid(input: GridInput): void {
  const v = gridViolation(input);
  if (v) throw new DomainError(v.code, v.message);
}
