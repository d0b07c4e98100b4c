import type { Cita } from './appointment';
import { capReached, doctorBusy, type Hearer, patientBusy } from './booking-refusals';
import { DomainError, ValidationError } from './errors';
import { DEFAULT_CLINIC_TIME_ZONE } from './clinic-time';
import { clinicDateTimeWords } from './clinic-time-words';

/**
 * Booking rules (create and change) on what the repository holds inside the
 * transaction: time, conflicts and the cap. Whether the doctor, center and
 * patient can be used is directory-facts.ts; the agenda's rule is slots.ts.
 * Each rule throws its own code; the words of a conflict and of the cap,
 * and what they tell whom, are booking-refusals.ts's.
 */

/** How far ahead a cita may be booked (ten years): a mistyped year must not hide a cita in 2206. */
export const MAX_ANTELACION_DIAS = 3653;

/**
 * When a cita booked at `now` may start: strictly after now, and at most
 * MAX_ANTELACION_DIAS ahead (ms, `after` excluded, `until` included).
 * assertInFuture refuses starts outside it, and the free-slot walk offers
 * only starts inside it, so every slot offered can be booked.
 */
export function bookingWindow(now: Date): { after: number; until: number } {
  return { after: now.getTime(), until: now.getTime() + MAX_ANTELACION_DIAS * 86_400_000 };
}

/** The cita must start strictly after now, and not absurdly far ahead. */
export function assertInFuture(inicio: Date, now: Date, timeZone: string = DEFAULT_CLINIC_TIME_ZONE): void {
  const window = bookingWindow(now);
  if (inicio.getTime() <= window.after) {
    throw new DomainError(
      'FECHA_PASADA',
      `La cita debe empezar en el futuro: el ${clinicDateTimeWords(inicio, timeZone)} ya ha pasado.`,
    );
  }
  if (inicio.getTime() > window.until) {
    throw ValidationError.field('fecha', `No se pueden reservar citas con más de ${MAX_ANTELACION_DIAS} días de antelación (el ${clinicDateTimeWords(inicio, timeZone)}).`);
  }
}

/**
 * No active cita of the doctor, nor of the patient, overlaps the interval
 * (the caller found them); what `to` hears of them is booking-refusals.ts's.
 */
export function assertNoConflicts(doctorCitas: Cita[], patientCitas: Cita[], to: Hearer): void {
  if (doctorCitas.length > 0) throw doctorBusy(to, doctorCitas[0]);
  if (patientCitas.length > 0) throw patientBusy(to, patientCitas[0]);
}

/** A patient (`to.idPaciente`) may hold at most `max` future active citas; `current` excludes the one being replaced. */
export function assertUnderCap(current: number, max: number, to: Hearer): void {
  if (current >= max) throw capReached(to, current, max);
}
