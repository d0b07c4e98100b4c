import { assertCanSee, notFound } from '../domain/appointment-access';
import type { Principal } from '../domain/roles';
import type { HistoryEntry } from '../ports/history';
import type { CitasPorts } from './citas-context';

/** GET /citas/{id}/historial: every change, oldest first; same visibility as reading the cita (404 otherwise). */
export class GetAppointmentHistory {
  constructor(private readonly ports: Pick<CitasPorts, 'appointments' | 'history'>) {}

  async execute(idCita: number, who: Principal): Promise<HistoryEntry[]> {
    const cita = this.ports.appointments.byId(idCita);
    if (!cita) throw notFound(idCita);
    assertCanSee(who, cita);
    return this.ports.history.listFor(idCita);
  }
}
