import { type Cita, citaNotFound } from '../domain/appointment';
import { type Action, assertMay } from '../domain/access';
import { assertStatusChange } from '../domain/appointment-lifecycle';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { idempotentRequest } from '../domain/idempotency';
import type { Principal } from '../domain/roles';
import type { AccionCita } from '../ports/history';
import { notice } from './appointment-notices';
import type { CitasPorts } from './citas-use-cases';
import { idempotently, type Replayable } from './idempotently';

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

/** Confirming is the patient's side; Atendida and NoAsistio the doctor's (access.ts says who). */
const PERMISO: Record<NuevoEstado, Action> = {
  Confirmada: 'cita.confirmar',
  Atendida: 'cita.registrarAsistencia',
  NoAsistio: 'cita.registrarAsistencia',
};

/**
 * PUT /citas/{id} {"estado": "Confirmada" | "Atendida" | "NoAsistio"}.
 * (Cancelada goes through CancelAppointment.) With an Idempotency-Key it
 * runs as idempotently.ts says: sent again, it answers the cita as it was
 * then, instead of refusing the same transition twice.
 */
export class ChangeAppointmentStatus {
  constructor(
    private readonly ports: Pick<CitasPorts, 'appointments' | 'history' | 'outbox' | 'uow' | 'clock' | 'idempotencyKeys'>,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: ChangeAppointmentStatusInput, who: Principal, idempotencyKey?: string): Promise<Replayable<{ cita: Cita }>> {
    const { appointments, history, outbox } = this.ports;
    const request = idempotencyKey === undefined ? undefined : idempotentRequest(who.userId, idempotencyKey, 'cambiar_estado', { ...input });

    return idempotently(this.ports, request, {
      write: async (_, now) => {
        const cita = await appointments.byId(input.idCita);
        if (!cita) throw citaNotFound();
        assertMay(who, PERMISO[input.estado], cita, () => citaNotFound());
        assertStatusChange(cita, input.estado, now);

        const changed: Cita = { ...cita, estado: input.estado };
        await appointments.update(changed);
        await history.record({ idCita: cita.id, cuando: now, idUser: who.userId, rol: who.rol, accion: ACCION[input.estado], antes: cita, despues: changed });
        if (input.estado !== 'Confirmada') await outbox.discardPendingReminders(cita.id, now);
        await outbox.enqueue(notice('estado_cambiado', changed, now, { estadoAnterior: cita.estado }));
        return { cita: changed };
      },
    });
  }
}
