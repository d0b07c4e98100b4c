import { type Cita, finOf } from '../domain/appointment';
import type { PartyNames } from '../domain/party-names';
import { type AgendaViolation, agendaViolation } from '../domain/slots';
import type { CitasPorts } from './citas-use-cases';

/** Beyond any cita anyone books: "every future cita" as an interval end. */
const END_OF_TIME = new Date('9999-12-31T00:00:00Z');

/** A cita already booked that the agenda, as it is now, would not accept. */
export interface Conflicto {
  cita: Cita;
  violation: AgendaViolation;
}

/** The names the caller's lookup brought and may hear: the doctor's, and the center's for citas at `idCentro`, the center it named. */
export interface LookedUpNames {
  nombres: PartyNames;
  idCentro?: number;
}

/**
 * Active citas of the doctor that have not started and now break the agenda
 * (outside every franja, or during an absence). Called after a schedule or
 * absence changed, in the same transaction; it reports, it never changes a
 * cita. Each violation's message, the conflicto's detalle, names the doctor
 * and the looked-up center as a booking's refusal would.
 */
export async function conflictsOf(
  ports: Pick<CitasPorts, 'appointments' | 'schedules' | 'absences'>,
  idDoctor: number,
  now: Date,
  timeZone: string,
  named: LookedUpNames,
  only?: { desde: Date; hasta: Date },
): Promise<Conflicto[]> {
  const window = only ?? { desde: now, hasta: END_OF_TIME };
  const citas = (await ports.appointments.activeOverlapping({ idDoctor, desde: window.desde, hasta: window.hasta })).filter(
    (c) => c.inicio.getTime() > now.getTime(),
  );
  if (citas.length === 0) return [];
  const horarios = await ports.schedules.forDoctor(idDoctor);
  const out: Conflicto[] = [];
  for (const cita of citas) {
    const fin = finOf(cita);
    const violation = agendaViolation({
      zone: timeZone,
      horarios,
      ausencias: await ports.absences.overlapping(idDoctor, cita.inicio, fin),
      idCentro: cita.idCentro,
      inicio: cita.inicio,
      fin,
      nombres: { doctor: named.nombres.doctor, centro: cita.idCentro === named.idCentro ? named.nombres.centro : undefined },
    });
    if (violation) out.push({ cita, violation });
  }
  return out;
}
