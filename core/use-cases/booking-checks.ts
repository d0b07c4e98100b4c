import { type Cita, finOf, isActive } from '../domain/appointment';
import { assertInFuture, assertNoConflicts, assertUnderCap } from '../domain/appointment-booking';
import type { CitasPolicy } from '../domain/citas-policy';
import { assertCenterUsable, assertDoctorUsable, assertPatientBookable } from '../domain/directory-facts';
import { assertWithinAgenda } from '../domain/slots';
import type { Caller } from '../ports/directory';
import type { CitasPorts } from './citas-use-cases';

/** The checks booking and changing a cita share: who takes part, then the slot. */

export interface WantedCita {
  inicio: Date;
  duracionMin: number;
  idDoctor: number;
  idCentro: number;
  idPaciente: number;
}

/**
 * The doctor, center and patient exist and can be booked, as the directory
 * says now (one question for the three). Awaited BEFORE the transaction;
 * errors in a fixed order (doctor, center, patient).
 */
export async function assertPartiesBookable(ports: Pick<CitasPorts, 'directory'>, caller: Caller, wanted: WantedCita): Promise<void> {
  const found = await ports.directory.lookUp({ idDoctor: wanted.idDoctor, idCentro: wanted.idCentro, idPaciente: wanted.idPaciente }, caller);
  assertDoctorUsable(wanted.idDoctor, found.doctor);
  assertCenterUsable(wanted.idCentro, found.center);
  assertPatientBookable(wanted.idPaciente, found.patient);
}

/**
 * The slot can be booked: in the future, inside the doctor's agenda
 * (schedule and absences), free for the doctor and for the patient, and
 * under the patient's cap. Runs INSIDE the transaction that writes, on the
 * same snapshot, so two concurrent bookings cannot both pass. `replacing` is
 * the cita a change cancels: its own slot is no conflict and it does not
 * count towards the cap.
 */
export function assertSlotBookable(
  ports: Pick<CitasPorts, 'appointments' | 'schedules' | 'absences'>,
  wanted: WantedCita,
  now: Date,
  policy: CitasPolicy,
  replacing?: Cita,
): void {
  const { appointments } = ports;
  const zone = policy.timeZone;
  assertInFuture(wanted.inicio, now, zone);
  const fin = finOf(wanted);
  // A doctor without any schedule can be booked at any time; absences apply all the same.
  assertWithinAgenda({
    zone,
    horarios: ports.schedules.forDoctor(wanted.idDoctor),
    ausencias: ports.absences.overlapping(wanted.idDoctor, wanted.inicio, fin),
    idCentro: wanted.idCentro,
    inicio: wanted.inicio,
    fin,
  });
  const excludeIds = replacing ? [replacing.id] : undefined;
  assertNoConflicts(
    { inicio: wanted.inicio, fin, idDoctor: wanted.idDoctor, idPaciente: wanted.idPaciente },
    appointments.activeOverlapping({ idDoctor: wanted.idDoctor, desde: wanted.inicio, hasta: fin, excludeIds }),
    appointments.activeOverlapping({ idPaciente: wanted.idPaciente, desde: wanted.inicio, hasta: fin, excludeIds }),
    zone,
  );
  const replaced = replacing && isActive(replacing) && replacing.inicio.getTime() > now.getTime() ? 1 : 0;
  assertUnderCap(wanted.idPaciente, appointments.countFutureActive(wanted.idPaciente, now) - replaced, policy.maxFutureCitas);
}
