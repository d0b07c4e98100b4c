import { type Cita, motivoCancelacionProblem } from '../domain/appointment';
import { assertCanCancelOrChange, notFound } from '../domain/appointment-access';
import { assertCancellable } from '../domain/appointment-lifecycle';
import { ValidationError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import { type CitasPolicy, type CitasPorts, DEFAULT_CITAS_POLICY, notice } from './citas-context';

export interface CancelAppointmentInput {
  idCita: number;
  motivoCancelacion?: string;
}

/**
 * PUT /citas/{id} {"estado":"Cancelada"} and DELETE /citas/{id}. The cita is
 * kept with estado Cancelada; its pending reminders are discarded in the
 * same transaction so none is ever delivered.
 */
export class CancelAppointment {
  constructor(
    private readonly ports: Pick<CitasPorts, 'appointments' | 'history' | 'outbox' | 'uow' | 'clock'>,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: CancelAppointmentInput, who: Principal): Promise<Cita> {
    const { appointments, history, outbox, uow, clock } = this.ports;
    const problem = motivoCancelacionProblem(input.motivoCancelacion);
    if (problem) throw new ValidationError([problem], problem.message);

    return uow.run(() => {
      const now = clock.now();
      const cita = appointments.byId(input.idCita);
      if (!cita) throw notFound(input.idCita);
      assertCanCancelOrChange(who, cita);
      assertCancellable(cita, now);

      const cancelled: Cita = { ...cita, estado: 'Cancelada' };
      if (input.motivoCancelacion !== undefined) cancelled.motivoCancelacion = input.motivoCancelacion;
      appointments.update(cancelled);
      history.record({ idCita: cita.id, cuando: now, idUser: who.userId, rol: who.rol, accion: 'cancelada', antes: cita, despues: cancelled });
      outbox.discardPendingReminders(cita.id, now);
      outbox.enqueue(notice('cita_cancelada', cancelled, now, this.policy));
      return cancelled;
    });
  }
}
