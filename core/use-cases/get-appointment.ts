import { type Cita, citaNotFound } from '../domain/appointment';
import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import type { CitasPorts } from './citas-use-cases';

/** GET /citas/{id}: admin, secretaria, its doctor, its patient; 404 to anyone else (existence does not leak). */
export class GetAppointment {
  constructor(private readonly ports: Pick<CitasPorts, 'appointments'>) {}

  async execute(idCita: number, who: Principal): Promise<Cita> {
    const cita = await this.ports.appointments.byId(idCita);
    if (!cita) throw citaNotFound();
    assertMay(who, 'cita.consultar', cita, () => citaNotFound());
    return cita;
  }
}
