import type { Cita } from '../domain/appointment';
import { citaFields } from '../domain/appointment-fields';
import {
  assertCenterBookable,
  assertDoctorBookable,
  assertPatientBookable,
  MAX_CITAS_FUTURAS_POR_DEFECTO,
} from '../domain/appointment-booking';
import { DEFAULT_CLINIC_TIME_ZONE } from '../domain/clinic-time';
import type { AgendaRules } from '../ports/agenda-rules';
import type { Appointments } from '../ports/appointments';
import type { Clock } from '../ports/clock';
import type { Caller, Directory } from '../ports/directory';
import type { AppointmentHistory } from '../ports/history';
import type { Outbox, TipoNotificacion } from '../ports/outbox';
import type { UnitOfWork } from '../ports/unit-of-work';

/**
 * What the citas use cases are built from. Every citas use case takes this
 * one object (each uses the part it needs) plus the policy, so the
 * composition root wires them all the same way.
 */
export interface CitasPorts {
  appointments: Appointments;
  history: AppointmentHistory;
  outbox: Outbox;
  directory: Directory;
  agendaRules: AgendaRules;
  uow: UnitOfWork;
  clock: Clock;
}

/** Configuration the rules depend on (CLINIC_TIME_ZONE, MAX_CITAS_FUTURAS, reminder lead time). */
export interface CitasPolicy {
  timeZone: string;
  maxFutureCitas: number;
  /** A reminder is due this many minutes before the cita (default 24 h). */
  reminderLeadMinutes: number;
}

export const DEFAULT_CITAS_POLICY: CitasPolicy = {
  timeZone: DEFAULT_CLINIC_TIME_ZONE,
  maxFutureCitas: MAX_CITAS_FUTURAS_POR_DEFECTO,
  reminderLeadMinutes: 24 * 60,
};

export function policyOf(partial: Partial<CitasPolicy> = {}): CitasPolicy {
  return { ...DEFAULT_CITAS_POLICY, ...partial };
}

/**
 * The live directory checks of a booking, made BEFORE the transaction (they
 * await the admin service). In parallel; errors are reported in a fixed
 * order (doctor, center, patient) so the answer does not depend on timing.
 * A directory outage rejects with DependencyUnavailableError (503).
 */
export async function checkDirectory(
  directory: Directory,
  caller: Caller,
  ids: { idDoctor: number; idCentro: number; idPaciente: number },
): Promise<void> {
  const [doctor, center, patient] = await Promise.all([
    directory.doctor(ids.idDoctor, caller),
    directory.center(ids.idCentro, caller),
    directory.patient(ids.idPaciente, caller),
  ]);
  assertDoctorBookable(ids.idDoctor, doctor);
  assertCenterBookable(ids.idCentro, center);
  assertPatientBookable(ids.idPaciente, patient);
}

/** The notice about a change, due now. */
export function notice(tipo: TipoNotificacion, cita: Cita, now: Date, policy: CitasPolicy, extra: Record<string, unknown> = {}) {
  return { tipo, idCita: cita.id, dueAt: now, payload: { tipo, cita: citaFields(cita, policy.timeZone), ...extra } };
}

/** The reminder of an active cita: lead time before it, or now if that has passed already. */
export function reminder(cita: Cita, now: Date, policy: CitasPolicy) {
  const due = Math.max(now.getTime(), cita.inicio.getTime() - policy.reminderLeadMinutes * 60_000);
  return {
    tipo: 'recordatorio' as const,
    idCita: cita.id,
    dueAt: new Date(due),
    payload: { tipo: 'recordatorio', cita: citaFields(cita, policy.timeZone) },
  };
}
