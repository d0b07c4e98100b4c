import { assertValidCitaFields, type Cita, DURACION_POR_DEFECTO_MIN } from '../domain/appointment';
import { assertMay } from '../domain/access';
import { assertInFuture } from '../domain/appointment-booking';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { fingerprintOf, idempotentRequest, type IdempotentRequest, rememberedSince, replayOf } from '../domain/idempotency';
import { slotLengthAt } from '../domain/slots';
import type { Caller } from '../ports/directory';
import { notice, reminder } from './appointment-notices';
import { assertPartiesBookable, assertSlotBookable } from './booking-checks';
import type { CitasPorts } from './citas-use-cases';

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
export interface Booking {
  cita: Cita;
  replayed: boolean;
}

/**
 * POST /citas. Directory checks first (awaited, outside any transaction),
 * then ONE transaction re-checks the time, the agenda, overlaps and the cap
 * and writes the cita, its history row and its notifications. With SQLite
 * the transaction is BEGIN IMMEDIATE, so two concurrent bookings (even from
 * two processes) cannot both pass the overlap check.
 *
 * With an Idempotency-Key (core/domain/idempotency.ts) the key is looked up
 * first, before any check or call to admin: a request seen before answers
 * its cita again. Unseen, it books as above and stores its answer in the same
 * transaction; the transaction looks the key up again first, holding it, so
 * of two concurrent requests with one key the second waits and replays the
 * first's cita instead of meeting it as a 409.
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
    const { appointments, history, outbox, uow, clock, idempotencyKeys } = this.ports;
    const who = caller.principal;
    const request = idempotencyKey === undefined ? undefined : idempotentRequest(who.userId, idempotencyKey, fingerprintOf({ ...input }));
    const earlier = request && (await this.replay(request, clock.now()));
    if (earlier) return earlier;

    assertMay(who, 'cita.reservar', { idPaciente: input.idPaciente }, undefined, this.policy);
    const slotLength = slotLengthAt(await this.ports.schedules.forDoctor(input.idDoctor), input.idCentro);
    const wanted = { ...input, duracionMin: input.duracionMin ?? slotLength ?? DURACION_POR_DEFECTO_MIN };
    assertValidCitaFields(wanted);
    assertInFuture(wanted.inicio, clock.now(), this.policy.timeZone);

    await assertPartiesBookable(this.ports, caller, wanted);

    return uow.run(async () => {
      const now = clock.now();
      const concurrent = request && (await this.replay(request, now));
      if (concurrent) return concurrent;
      await assertSlotBookable(this.ports, wanted, now, this.policy, who);
      const cita = await appointments.add({
        inicio: wanted.inicio,
        duracionMin: wanted.duracionMin,
        motivo: wanted.motivo,
        estado: 'Programada',
        idPaciente: wanted.idPaciente,
        idDoctor: wanted.idDoctor,
        idCentro: wanted.idCentro,
        idUserRegistrado: who.userId,
      });
      await history.record({ idCita: cita.id, cuando: now, idUser: who.userId, rol: who.rol, accion: 'creada', antes: null, despues: cita });
      await outbox.enqueue(notice('cita_creada', cita, now));
      await outbox.enqueue(reminder(cita, now, this.policy.reminderLeadMinutes));
      if (request) await idempotencyKeys.record({ ...request, cita, creadaEn: now }, rememberedSince(now));
      return { cita, replayed: false };
    });
  }

  /** The answer stored under the request's key, if it is still remembered (a 422 if that key came with another request). */
  private async replay(request: IdempotentRequest, now: Date): Promise<Booking | undefined> {
    const stored = await this.ports.idempotencyKeys.find(request.idUser, request.clave, rememberedSince(now));
    return stored && { cita: replayOf(stored, request), replayed: true };
  }
}
