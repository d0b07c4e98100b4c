import { type Cita, citaNotFound, motivoCancelacionProblem } from '../domain/appointment';
import { assertMay } from '../domain/access';
import { assertCancellable } from '../domain/appointment-lifecycle';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { ValidationError } from '../domain/errors';
import { idempotentRequest } from '../domain/idempotency';
import type { Principal } from '../domain/roles';
import { optionalText } from '../domain/text';
import { notice } from './appointment-notices';
import type { CitasPorts } from './citas-use-cases';
import { idempotently, type Replayable } from './idempotently';

export interface CancelAppointmentInput {
  idCita: number;
  motivoCancelacion?: string;
}

/**
 * PUT /citas/{id} {"estado":"Cancelada"} and DELETE /citas/{id}. The cita is
 * kept with estado Cancelada; its pending reminders are discarded in the
 * same transaction so none is ever delivered. With an Idempotency-Key it
 * runs as idempotently.ts says: sent again, it answers the cita as it was
 * cancelled then, instead of refusing to cancel a cancelled cita.
 */
export class CancelAppointment {
  constructor(
    private readonly ports: Pick<CitasPorts, 'appointments' | 'history' | 'outbox' | 'uow' | 'clock' | 'idempotencyKeys'>,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: CancelAppointmentInput, who: Principal, idempotencyKey?: string): Promise<Replayable<{ cita: Cita }>> {
    const { appointments, history, outbox } = this.ports;
    const request = idempotencyKey === undefined ? undefined : idempotentRequest(who.userId, idempotencyKey, 'cancelar', { ...input });
    const motivoCancelacion = optionalText(input.motivoCancelacion);

    return idempotently(this.ports, request, {
      prepare: async () => {
        const problem = motivoCancelacionProblem(motivoCancelacion);
        if (problem) throw new ValidationError([problem], problem.message);
      },
      write: async (_, now) => {
        const cita = await appointments.byId(input.idCita);
        if (!cita) throw citaNotFound();
        assertMay(who, 'cita.cancelar', cita, () => citaNotFound());
        assertCancellable(cita, now);

        const cancelled: Cita = { ...cita, estado: 'Cancelada' };
        if (motivoCancelacion !== undefined) cancelled.motivoCancelacion = motivoCancelacion;
        await appointments.update(cancelled);
        await history.record({ idCita: cita.id, cuando: now, idUser: who.userId, rol: who.rol, accion: 'cancelada', antes: cita, despues: cancelled });
        await outbox.discardPendingReminders(cita.id, now);
        await outbox.enqueue(notice('cita_cancelada', cancelled, now));
        return { cita: cancelled };
      },
    });
  }
}
