import { durationProblem, type Interval, intervalOf } from '../domain/appointment';
import { dayBounds, parseLocalDate } from '../domain/clinic-time';
import { assertMay } from '../domain/access';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { assertCenterExists, assertDoctorExists } from '../domain/directory-facts';
import { ValidationError } from '../domain/errors';
import { freeSlots, type Hueco } from '../domain/slots';
import type { Caller } from '../ports/directory';
import type { CitasPorts } from './citas-use-cases';

export interface GetAvailabilityInput {
  idDoctor: number;
  /** Clinic day, YYYY-MM-DD. */
  fecha: string;
  idCentro?: number;
  /** Slot length; default the schedule's duracion_cita_min (30 with JORNADA). */
  duracionMin?: number;
}

export interface Availability {
  idDoctor: number;
  fecha: string;
  /** Bookable slots that have not started yet, earliest first. */
  huecos: Hueco[];
  /** The doctor's active citas that day (Programada, Confirmada). */
  ocupado: Interval[];
}

/**
 * GET /citas/disponibilidad: a doctor's free slots on one clinic day, from
 * the schedule (or JORNADA for a doctor without one), minus absences and
 * active citas, and the booked intervals. An inactive doctor or center has no
 * free slot. Every slot offered passes the booking rules of the agenda.
 */
export class GetAvailability {
  constructor(
    private readonly ports: Pick<CitasPorts, 'schedules' | 'absences' | 'appointments' | 'directory' | 'clock'>,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: GetAvailabilityInput, caller: Caller): Promise<Availability> {
    assertMay(caller.principal, 'disponibilidad.consultar', { idDoctor: input.idDoctor });
    parseLocalDate(input.fecha, 'fecha');
    if (input.duracionMin !== undefined) {
      const problem = durationProblem(input.duracionMin);
      if (problem) throw new ValidationError([problem], problem.message);
    }
    const { doctor, center } = await this.ports.directory.lookUp({ idDoctor: input.idDoctor, idCentro: input.idCentro }, caller);
    assertDoctorExists(input.idDoctor, doctor);
    if (input.idCentro !== undefined) assertCenterExists(input.idCentro, center);
    // An inactive doctor or center is no error here: it simply has no free slot.
    const bookable = doctor.activo && (center === undefined || center.activo);

    const tz = this.policy.timeZone;
    const day = dayBounds(input.fecha, tz);
    const citas = await this.ports.appointments.activeOverlapping({ idDoctor: input.idDoctor, desde: day.desde, hasta: day.hasta });
    const ocupado = citas.map(intervalOf);
    const huecos = bookable
      ? freeSlots({
          fecha: input.fecha,
          zone: tz,
          horarios: await this.ports.schedules.forDoctor(input.idDoctor),
          jornada: this.policy.jornada,
          ausencias: await this.ports.absences.overlapping(input.idDoctor, day.desde, day.hasta),
          ocupado,
          idCentro: input.idCentro,
          duracionMin: input.duracionMin,
          ahora: this.ports.clock.now(),
        })
      : [];
    return { idDoctor: input.idDoctor, fecha: input.fecha, huecos, ocupado };
  }
}
