import { citaNotFound } from '../domain/appointment';
import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import type { HistoryEntry } from '../ports/history';
import type { CitasPorts } from './citas-use-cases';

/** GET /citas/{id}/historial: every change, oldest first; same visibility as reading the cita (404 otherwise). */
export class GetAppointmentHistory {
  constructor(private readonly ports: Pick<CitasPorts, 'appointments' | 'history'>) {}

  async execute(idCita: number, who: Principal): Promise<HistoryEntry[]> {
    const cita = await this.ports.appointments.byId(idCita);
    if (!cita) throw citaNotFound();
    assertMay(who, 'cita.consultar', cita, () => citaNotFound());
    return this.ports.history.listFor(idCita);
  }
}
