import { may } from '../domain/access';
import { type Cita, type CitaRequest, finOf, intervalOf, isActive, type NewCita } from '../domain/appointment';
import { assertInFuture, assertNoConflicts, assertUnderCap } from '../domain/appointment-booking';
import { doctorBusy, type Hearer, patientBusy } from '../domain/booking-refusals';
import type { CitasPolicy } from '../domain/citas-policy';
import { clinicDateOf, dayBounds } from '../domain/clinic-time';
import { assertCenterUsable, assertDoctorUsable, assertPatientBookable } from '../domain/directory-facts';
import { DomainError } from '../domain/errors';
import { namesHeardBy, type PartyNames } from '../domain/party-names';
import type { Principal } from '../domain/roles';
import type { Horario } from '../domain/schedule';
import { assertOnGrid, assertWithinAgenda, slotLengthAt } from '../domain/slots';
import type { Caller } from '../ports/directory';
import type { CitasPorts } from './citas-use-cases';

/** The checks booking and changing a cita share: who takes part, then the slot. */

export interface WantedCita {
  inicio: Date;
  duracionMin: number;
  idDoctor: number;
  idCentro: number;
  idPaciente: number;
  /** The names from assertPartiesBookable's lookup, for the words of a refusal. */
  nombres?: PartyNames;
}

/**
 * The doctor, center and patient exist and can be booked, as the directory
 * says now (one question for the three). Awaited BEFORE the transaction;
 * errors in a fixed order (doctor, center, patient), each naming the
 * record as the caller may know it. Answers the doctor's, center's and
 * patient's names as the directory gave them to this caller, so a refusal
 * inside the transaction names them without asking again.
 */
export async function assertPartiesBookable(ports: Pick<CitasPorts, 'directory'>, caller: Caller, wanted: WantedCita): Promise<PartyNames> {
  const found = await ports.directory.lookUp({ idDoctor: wanted.idDoctor, idCentro: wanted.idCentro, idPaciente: wanted.idPaciente }, caller);
  const nombres: PartyNames = { doctor: found.doctor?.nombre, centro: found.center?.nombre, paciente: found.patient?.nombre };
  const heard = namesHeardBy(caller.principal, nombres, wanted.idPaciente);
  assertDoctorUsable(wanted.idDoctor, found.doctor, 'cita', heard);
  assertCenterUsable(wanted.idCentro, found.center, 'cita', heard);
  assertPatientBookable(wanted.idPaciente, found.patient, heard);
  return nombres;
}

/** A booking's or a change's request once its parties passed, with their names: what the transaction is handed. */
export type CheckedRequest = CitaRequest & { nombres: PartyNames };

/** Who hears a refusal of `wanted` (booking-refusals.ts). */
const hearerOf = (wanted: WantedCita, who: Principal, timeZone: string): Hearer => ({
  who,
  idPaciente: wanted.idPaciente,
  names: wanted.nombres ?? {},
  timeZone,
});

/**
 * The slot can be booked: in the future, inside the doctor's agenda
 * (schedule and absences), free for the doctor and for the patient, on the
 * grid of free slots unless `who` may place citas anywhere, and under the
 * patient's cap. Runs INSIDE the transaction that writes, on the same
 * snapshot, so two concurrent bookings cannot both pass. `replacing` is the
 * cita a change cancels: its own slot is no conflict and it does not count
 * towards the cap.
 */
export async function assertSlotBookable(
  ports: Pick<CitasPorts, 'appointments' | 'schedules' | 'absences'>,
  wanted: WantedCita,
  now: Date,
  policy: CitasPolicy,
  who: Principal,
  replacing?: Cita,
): Promise<void> {
  const { appointments } = ports;
  const zone = policy.timeZone;
  assertInFuture(wanted.inicio, now, zone);
  const fin = finOf(wanted);
  const horarios = await ports.schedules.forDoctor(wanted.idDoctor);
  const hearer = hearerOf(wanted, who, zone);
  const nombres = namesHeardBy(who, hearer.names, wanted.idPaciente);
  // A doctor without any schedule can be booked at any time; absences apply all the same.
  assertWithinAgenda({
    zone,
    horarios,
    ausencias: await ports.absences.overlapping(wanted.idDoctor, wanted.inicio, fin),
    idCentro: wanted.idCentro,
    inicio: wanted.inicio,
    fin,
    nombres,
  });
  const excludeIds = replacing ? [replacing.id] : undefined;
  assertNoConflicts(
    await appointments.activeOverlapping({ idDoctor: wanted.idDoctor, desde: wanted.inicio, hasta: fin, excludeIds }),
    await appointments.activeOverlapping({ idPaciente: wanted.idPaciente, desde: wanted.inicio, hasta: fin, excludeIds }),
    hearer,
  );
  if (!may(who, 'cita.reservarFueraDeHueco', {}, policy) && !keepsItsSlot(wanted, replacing)) {
    await assertOnGridOfTheDay(ports, { ...wanted, fin }, horarios, zone, replacing, nombres);
  }
  const replaced = replacing && isActive(replacing) && replacing.inicio.getTime() > now.getTime() ? 1 : 0;
  assertUnderCap((await appointments.countFutureActive(wanted.idPaciente, now)) - replaced, policy.maxFutureCitas, hearer);
}

/**
 * Stores the cita assertSlotBookable passed. The store refuses an overlap
 * the checks could not see (PostgreSQL's exclusion constraint, when another
 * process booked the slot in between) in words that know nobody; that
 * refusal is worded again as the rule's, to the same caller, with the
 * names: "otra cita", since which one is not known.
 */
export async function addBooked(
  ports: Pick<CitasPorts, 'appointments'>,
  cita: NewCita,
  wanted: WantedCita,
  policy: CitasPolicy,
  who: Principal,
): Promise<Cita> {
  try {
    return await ports.appointments.add(cita);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === 'DOCTOR_OCUPADO') throw doctorBusy(hearerOf(wanted, who, policy.timeZone));
    if (err.code === 'PACIENTE_OCUPADO') throw patientBusy(hearerOf(wanted, who, policy.timeZone));
    throw err;
  }
}

/**
 * The length of a changed cita whose change names none. Staff keep the old
 * length (they place any length inside the schedule). A caller held to the
 * grid who moves the cita (another start, doctor or center) can only take a
 * free slot, whose length is the schedule's duracion_cita_min there: that is
 * the length, as for a booking that names none, instead of an old length the
 * grid would refuse. A change that keeps its slot keeps its length.
 */
export async function lengthOfChange(
  ports: Pick<CitasPorts, 'schedules'>,
  place: Pick<WantedCita, 'inicio' | 'idDoctor' | 'idCentro'>,
  old: Cita,
  policy: CitasPolicy,
  who: Principal,
): Promise<number> {
  if (may(who, 'cita.reservarFueraDeHueco', {}, policy) || keepsItsSlot({ ...place, duracionMin: old.duracionMin }, old)) return old.duracionMin;
  return slotLengthAt(await ports.schedules.forDoctor(place.idDoctor), place.idCentro) ?? old.duracionMin;
}

/** A change that leaves doctor, center, start and length as they were moves nothing: no grid to meet. */
function keepsItsSlot(wanted: Omit<WantedCita, 'idPaciente'>, replacing: Cita | undefined): boolean {
  return (
    replacing !== undefined &&
    replacing.idDoctor === wanted.idDoctor &&
    replacing.idCentro === wanted.idCentro &&
    replacing.inicio.getTime() === wanted.inicio.getTime() &&
    replacing.duracionMin === wanted.duracionMin
  );
}

/** The grid (slots.ts gridViolation) over the whole clinic day the cita starts on: what came before it shifts the slots. */
async function assertOnGridOfTheDay(
  ports: Pick<CitasPorts, 'appointments' | 'absences'>,
  wanted: WantedCita & { fin: Date },
  horarios: readonly Horario[],
  zone: string,
  replacing: Cita | undefined,
  nombres: PartyNames,
): Promise<void> {
  const day = dayBounds(clinicDateOf(wanted.inicio, zone), zone);
  const citas = await ports.appointments.activeOverlapping({ idDoctor: wanted.idDoctor, desde: day.desde, hasta: day.hasta });
  const others = citas.filter((c) => c.id !== replacing?.id);
  assertOnGrid({
    zone,
    horarios,
    ausencias: await ports.absences.overlapping(wanted.idDoctor, day.desde, day.hasta),
    idCentro: wanted.idCentro,
    inicio: wanted.inicio,
    fin: wanted.fin,
    ocupado: citas.map(intervalOf),
    ocupadoSinLaCambiada: others.length < citas.length ? others.map(intervalOf) : undefined,
    nombres,
  });
}
