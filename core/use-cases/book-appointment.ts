import { assertValidCitaFields, type Cita, DURACION_POR_DEFECTO_MIN, finOf } from '../domain/appointment';
import { assertCanBook } from '../domain/appointment-access';
import { assertInFuture, assertNoConflicts, assertUnderCap } from '../domain/appointment-booking';
import type { Caller } from '../ports/directory';
import { checkDirectory, type CitasPolicy, type CitasPorts, DEFAULT_CITAS_POLICY, notice, reminder } from './citas-context';

export interface BookAppointmentInput {
  /** The start instant (the edge parses `fecha` with parseClinicDateTime). */
  inicio: Date;
  motivo: string;
  idPaciente: number;
  idDoctor: number;
  idCentro: number;
  /** Default 30. */
  duracionMin?: number;
}

/**
 * POST /citas. Directory checks first (awaited, outside any transaction),
 * then ONE transaction re-checks the time, the agenda, overlaps and the cap
 * and writes the cita, its history row and its notifications. With SQLite
 * the transaction is BEGIN IMMEDIATE, so two concurrent bookings (even from
 * two processes) cannot both pass the overlap check.
 */
export class BookAppointment {
  constructor(
    private readonly ports: CitasPorts,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: BookAppointmentInput, caller: Caller): Promise<Cita> {
    const { appointments, history, outbox, agendaRules, uow, clock, directory } = this.ports;
    const who = caller.principal;
    assertCanBook(who, input.idPaciente);
    const duracionMin = input.duracionMin ?? DURACION_POR_DEFECTO_MIN;
    assertValidCitaFields({ inicio: input.inicio, duracionMin, motivo: input.motivo });
    assertInFuture(input.inicio, clock.now(), this.policy.timeZone);

    await checkDirectory(directory, caller, input);

    return uow.run(() => {
      const now = clock.now();
      assertInFuture(input.inicio, now, this.policy.timeZone);
      const fin = finOf({ inicio: input.inicio, duracionMin });
      agendaRules.check({ idDoctor: input.idDoctor, idCentro: input.idCentro, inicio: input.inicio, fin });
      assertNoConflicts(
        { inicio: input.inicio, fin, idDoctor: input.idDoctor, idPaciente: input.idPaciente },
        appointments.activeOverlapping({ idDoctor: input.idDoctor, desde: input.inicio, hasta: fin }),
        appointments.activeOverlapping({ idPaciente: input.idPaciente, desde: input.inicio, hasta: fin }),
        this.policy.timeZone,
      );
      assertUnderCap(input.idPaciente, appointments.countFutureActive(input.idPaciente, now), this.policy.maxFutureCitas);

      const cita = appointments.add({
        inicio: input.inicio,
        duracionMin,
        motivo: input.motivo,
        estado: 'Programada',
        idPaciente: input.idPaciente,
        idDoctor: input.idDoctor,
        idCentro: input.idCentro,
        idUserRegistrado: who.userId,
      });
      history.record({ idCita: cita.id, cuando: now, idUser: who.userId, rol: who.rol, accion: 'creada', antes: null, despues: cita });
      outbox.enqueue(notice('cita_creada', cita, now, this.policy));
      outbox.enqueue(reminder(cita, now, this.policy));
      return cita;
    });
  }
}
