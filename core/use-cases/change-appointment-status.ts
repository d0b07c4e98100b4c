import type { Cita } from '../domain/appointment';
import { assertCanSetStatus, notFound } from '../domain/appointment-access';
import { assertStatusChange } from '../domain/appointment-lifecycle';
import type { Principal } from '../domain/roles';
import type { AccionCita } from '../ports/history';
import { type CitasPolicy, type CitasPorts, DEFAULT_CITAS_POLICY, notice } from './citas-context';

export type NuevoEstado = 'Confirmada' | 'Atendida' | 'NoAsistio';

export interface ChangeAppointmentStatusInput {
  idCita: number;
  estado: NuevoEstado;
}

const ACCION: Record<NuevoEstado, AccionCita> = {
  Confirmada: 'confirmada',
  Atendida: 'atendida',
  NoAsistio: 'no_asistio',
};

/**
 * PUT /citas/{id} {"estado": "Confirmada" | "Atendida" | "NoAsistio"}.
 * (Cancelada goes through CancelAppointment.)
 */
export class ChangeAppointmentStatus {
  constructor(
    private readonly ports: Pick<CitasPorts, 'appointments' | 'history' | 'outbox' | 'uow' | 'clock'>,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: ChangeAppointmentStatusInput, who: Principal): Promise<Cita> {
    const { appointments, history, outbox, uow, clock } = this.ports;
    return uow.run(() => {
      const now = clock.now();
      const cita = appointments.byId(input.idCita);
      if (!cita) throw notFound(input.idCita);
      assertCanSetStatus(who, cita, input.estado);
      assertStatusChange(cita, input.estado, now);

      const changed: Cita = { ...cita, estado: input.estado };
      appointments.update(changed);
      history.record({ idCita: cita.id, cuando: now, idUser: who.userId, rol: who.rol, accion: ACCION[input.estado], antes: cita, despues: changed });
      if (input.estado !== 'Confirmada') outbox.discardPendingReminders(cita.id, now);
      outbox.enqueue(notice('estado_cambiado', changed, now, this.policy, { estado_anterior: cita.estado }));
      return changed;
    });
  }
}
