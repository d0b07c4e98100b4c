import type { Cita, EstadoCita } from '../domain/appointment';
import { scopeListFilter } from '../domain/access';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { dayBounds } from '../domain/clinic-time';
import type { Page, PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/roles';
import type { AppointmentFilter } from '../ports/appointments';
import type { CitasPorts } from './citas-use-cases';

export interface ListAppointmentsQuery {
  idDoctor?: number;
  idPaciente?: number;
  idCentro?: number;
  /** A clinic day, YYYY-MM-DD: citas starting on that day in the clinic's zone (23 or 25 h on DST days). */
  fecha?: string;
  estado?: EstadoCita;
}

/**
 * GET /citas, scoped by role: medico and paciente only their own (asking for
 * another doctor's or patient's is 403), secretaria and admin everything,
 * with any filter. Ordered by start, then id.
 */
export class ListAppointments {
  constructor(
    private readonly ports: Pick<CitasPorts, 'appointments'>,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(query: ListAppointmentsQuery, page: PageRequest, who: Principal): Promise<Page<Cita>> {
    const scoped = scopeListFilter(who, query);
    const filter: AppointmentFilter = {
      idDoctor: scoped.idDoctor,
      idPaciente: scoped.idPaciente,
      idCentro: scoped.idCentro,
      estado: scoped.estado,
    };
    if (scoped.fecha !== undefined) Object.assign(filter, dayBounds(scoped.fecha, this.policy.timeZone));
    return this.ports.appointments.list(filter, page);
  }
}
