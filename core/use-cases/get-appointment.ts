import type { Cita } from '../domain/appointment';
import { assertCanSee, notFound } from '../domain/appointment-access';
import type { Principal } from '../domain/roles';
import type { CitasPorts } from './citas-context';

/** GET /citas/{id}: admin, secretaria, its doctor, its patient; 404 to anyone else (existence does not leak). */
export class GetAppointment {
  constructor(private readonly ports: Pick<CitasPorts, 'appointments'>) {}

  async execute(idCita: number, who: Principal): Promise<Cita> {
    const cita = this.ports.appointments.byId(idCita);
    if (!cita) throw notFound(idCita);
    assertCanSee(who, cita);
    return cita;
  }
}
