import { may } from './access';
import { type Cita, type Interval } from './appointment';
import { DomainError, ValidationError } from './errors';
import { DEFAULT_CLINIC_TIME_ZONE, formatClinicDateTime } from './clinic-time';
import type { Principal } from './roles';

/**
 * Booking rules (create and change) on what the repository holds inside the
 * transaction: time, conflicts and the cap. Whether the doctor, center and
 * patient can be used is directory-facts.ts; the agenda's rule is slots.ts.
 * Each rule throws its own code.
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
      `La cita debe empezar en el futuro; ${formatClinicDateTime(inicio, timeZone)} ya ha pasado.`,
    );
  }
  if (inicio.getTime() > window.until) {
    throw ValidationError.field('fecha', `No se pueden reservar citas con más de ${MAX_ANTELACION_DIAS} días de antelación (${formatClinicDateTime(inicio, timeZone)}).`);
  }
}

/**
 * The cita in the way, as far as `who` may know it: what a conflict tells is
 * an access question (access.ts, 'cita.consultar'). Staff, and a patient or
 * doctor about their own cita, learn which one it is; anyone else only that
 * the time is taken: no id, no patient, no time of someone else's cita.
 */
function describe(c: Cita, who: Principal, timeZone: string): string {
  if (!may(who, 'cita.consultar', c)) return 'otra cita';
  return `la cita ${c.id} (${formatClinicDateTime(c.inicio, timeZone)}, ${c.duracionMin} min)`;
}

/** No active cita of the doctor, nor of the patient, overlaps the interval; `who` is the caller (see describe). */
export function assertNoConflicts(
  wanted: Interval & { idDoctor: number; idPaciente: number },
  doctorCitas: Cita[],
  patientCitas: Cita[],
  who: Principal,
  timeZone: string = DEFAULT_CLINIC_TIME_ZONE,
): void {
  if (doctorCitas.length > 0) {
    throw new DomainError(
      'DOCTOR_OCUPADO',
      `El doctor ${wanted.idDoctor} ya tiene ${describe(doctorCitas[0], who, timeZone)} que se solapa con el horario pedido: ese hueco está ocupado.`,
    );
  }
  if (patientCitas.length > 0) {
    throw new DomainError(
      'PACIENTE_OCUPADO',
      `El paciente ${wanted.idPaciente} ya tiene ${describe(patientCitas[0], who, timeZone)} que se solapa con el horario pedido.`,
    );
  }
}

/** A patient may hold at most `max` future active citas; `current` excludes the one being replaced. */
export function assertUnderCap(idPaciente: number, current: number, max: number): void {
  if (current >= max) {
    throw new DomainError(
      'LIMITE_CITAS',
      `El paciente ${idPaciente} ya tiene ${current} citas futuras activas; el máximo es ${max}.`,
    );
  }
}
