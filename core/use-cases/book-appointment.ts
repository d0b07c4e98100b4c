import { assertValidCitaFields, bookedCita, type Cita, DURACION_POR_DEFECTO_MIN } from '../domain/appointment';
import { assertMay } from '../domain/access';
import { assertInFuture } from '../domain/appointment-booking';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { idempotentRequest } from '../domain/idempotency';
import { slotLengthAt } from '../domain/slots';
import type { Caller } from '../ports/directory';
import { notice, reminder } from './appointment-notices';
import { addBooked, assertPartiesBookable, assertSlotBookable } from './booking-checks';
import type { CitasPorts } from './citas-use-cases';
import { idempotently, type Replayable } from './idempotently';

export interface BookAppointmentInput {
  /** The start instant (the edge parses `fecha` with parseClinicDateTime). */
  inicio: Date;
  motivo: string;
  idPaciente: number;
  idDoctor: number;
  idCentro: number;
  /** Default: the length of the doctor's slots at that center (duracion_cita_min), 30 without a schedule there. */
  duracionMin?: number;
}

/** A booking's answer: the cita, and whether it was booked now or earlier under the same Idempotency-Key. */
export type Booking = Replayable<{ cita: Cita }>;

/**
 * POST /citas. Directory checks first (awaited, outside any transaction),
 * then ONE transaction re-checks the time, the agenda, overlaps and the cap
 * and writes the cita, its history row and its notifications. With SQLite
 * the transaction is BEGIN IMMEDIATE, so two concurrent bookings (even from
 * two processes) cannot both pass the overlap check.
 *
 * With an Idempotency-Key (core/domain/idempotency.ts) it runs as
 * idempotently.ts says: a request seen before answers its cita again before
 * any check or call to admin; unseen, it books as above and stores its answer
 * in the same transaction, so of two concurrent requests with one key the
 * second waits and replays the first's cita instead of meeting it as a 409.
 */
export class BookAppointment {
  constructor(
    private readonly ports: Pick<
      CitasPorts,
      'appointments' | 'history' | 'outbox' | 'schedules' | 'absences' | 'directory' | 'uow' | 'clock' | 'idempotencyKeys'
    >,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: BookAppointmentInput, caller: Caller, idempotencyKey?: string): Promise<Booking> {
    const { history, outbox, clock } = this.ports;
    const who = caller.principal;
    const request = idempotencyKey === undefined ? undefined : idempotentRequest(who.userId, idempotencyKey, 'reservar', { ...input });

    return idempotently(this.ports, request, {
      prepare: async () => {
        assertMay(who, 'cita.reservar', { idPaciente: input.idPaciente }, undefined, this.policy);
        const slotLength = slotLengthAt(await this.ports.schedules.forDoctor(input.idDoctor), input.idCentro);
        const wanted = { ...input, duracionMin: input.duracionMin ?? slotLength ?? DURACION_POR_DEFECTO_MIN };
        assertValidCitaFields(wanted);
        assertInFuture(wanted.inicio, clock.now(), this.policy.timeZone);
        return { ...wanted, nombres: await assertPartiesBookable(this.ports, caller, wanted) };
      },
      write: async (wanted, now) => {
        await assertSlotBookable(this.ports, wanted, now, this.policy, who);
        const cita = await addBooked(this.ports, bookedCita(wanted, who.userId), wanted, this.policy, who);
        await history.record({ idCita: cita.id, cuando: now, idUser: who.userId, rol: who.rol, accion: 'creada', antes: null, despues: cita });
        await outbox.enqueue(notice('cita_creada', cita, now));
        await outbox.enqueue(reminder(cita, now, this.policy.reminderLeadMinutes));
        return { cita };
      },
    });
  }
}
