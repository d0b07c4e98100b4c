import { assertValidCitaFields, bookedCita, type Cita, citaNotFound } from '../domain/appointment';
import { assertMay } from '../domain/access';
import { assertInFuture } from '../domain/appointment-booking';
import { assertChangeable } from '../domain/appointment-lifecycle';
import { assertChangesSomething } from '../domain/appointment-change-request';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { clinicDateTimeWords } from '../domain/clinic-time-words';
import { DomainError, ValidationError } from '../domain/errors';
import { type CitaCambiada, idempotentRequest } from '../domain/idempotency';
import type { Caller } from '../ports/directory';
import { notice, reminder } from './appointment-notices';
import { addBooked, assertPartiesBookable, assertSlotBookable, lengthOfChange, type CheckedRequest } from './booking-checks';
import type { CitasPorts } from './citas-use-cases';
import { idempotently, type Replayable } from './idempotently';

/**
 * The new values; an omitted field keeps the old cita's value, except the
 * length of a patient's move to another slot (booking-checks.ts
 * lengthOfChange). The patient never changes.
 */
export interface RescheduleAppointmentInput {
  idCita: number;
  inicio?: Date;
  duracionMin?: number;
  motivo?: string;
  idDoctor?: number;
  idCentro?: number;
}

/** The new cita and the old one it replaces, and whether the change was made now or earlier under the same Idempotency-Key. */
export type RescheduleResult = Replayable<CitaCambiada>;


/**
 * PUT /citas/{id} with new values. A change is a NEW cita plus the old one
 * cancelled, atomically, linked both ways (idCitaAnterior / idCitaNueva).
 * Every booking rule holds for the new values; the old cita's own slot is
 * not a conflict. On failure nothing changes and the error (same code as the
 * broken rule) says that the cita could not be changed, and why.
 *
 * With an Idempotency-Key it runs as idempotently.ts says: sent again, it
 * answers both citas as they were answered then, instead of refusing to
 * change a cita it has itself replaced (CITA_REEMPLAZADA).
 */
export class RescheduleAppointment {
  constructor(
    private readonly ports: Pick<
      CitasPorts,
      'appointments' | 'history' | 'outbox' | 'schedules' | 'absences' | 'directory' | 'uow' | 'clock' | 'idempotencyKeys'
    >,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: RescheduleAppointmentInput, caller: Caller, idempotencyKey?: string): Promise<RescheduleResult> {
    try {
      const who = caller.principal;
      const request = idempotencyKey === undefined ? undefined : idempotentRequest(who.userId, idempotencyKey, 'reprogramar', { ...input });
      return await idempotently(this.ports, request, {
        prepare: () => this.wanted(input, caller),
        write: (wanted, now) => this.change(input.idCita, wanted, caller, now),
      });
    } catch (err) {
      throw explained(err);
    }
  }

  /** The new values, checked against the cita as it is now and the directory (outside the transaction). */
  private async wanted(input: RescheduleAppointmentInput, caller: Caller): Promise<CheckedRequest> {
    const { appointments, clock } = this.ports;
    const who = caller.principal;
    const { idCita } = input;
    if ([input.inicio, input.duracionMin, input.motivo, input.idDoctor, input.idCentro].every((v) => v === undefined)) {
      throw new ValidationError(
        [{ path: 'fecha', message: 'Indique al menos un dato nuevo: fecha, duracion_min, motivo, id_doctor o id_centro.' }],
        'No hay ningún dato nuevo: indique fecha, duracion_min, motivo, id_doctor o id_centro.',
      );
    }

    const before = await appointments.byId(idCita);
    if (!before) throw citaNotFound();
    assertMay(who, 'cita.cambiar', before, () => citaNotFound());
    assertChangeable(before, clock.now());
    const place = {
      inicio: input.inicio ?? before.inicio,
      idDoctor: input.idDoctor ?? before.idDoctor,
      idCentro: input.idCentro ?? before.idCentro,
    };
    const wanted = {
      ...place,
      duracionMin: input.duracionMin ?? (await lengthOfChange(this.ports, place, before, this.policy, who)),
      motivo: input.motivo ?? before.motivo,
      idPaciente: before.idPaciente,
    };
    assertValidCitaFields(wanted);
    assertChangesSomething(before, wanted, input);
    assertInFuture(wanted.inicio, clock.now(), this.policy.timeZone);

    return { ...wanted, nombres: await assertPartiesBookable(this.ports, caller, wanted) };
  }

  /** Inside the transaction: the old cita cancelled and the new one made, linked both ways. */
  private async change(idCita: number, wanted: CheckedRequest, caller: Caller, now: Date): Promise<CitaCambiada> {
    const { appointments, history, outbox } = this.ports;
    const who = caller.principal;
    // Re-read: the cita may have been cancelled or changed while we awaited the directory.
    const old = await appointments.byId(idCita);
    if (!old) throw citaNotFound();
    assertMay(who, 'cita.cambiar', old, () => citaNotFound());
    assertChangeable(old, now);
    await assertSlotBookable(this.ports, wanted, now, this.policy, who, old);

    // Cancel first, then insert: the old slot is free before the new cita takes it.
    await appointments.update({ ...old, estado: 'Cancelada' });
    const citaNueva = await addBooked(this.ports, bookedCita(wanted, who.userId, old.id), wanted, this.policy, who);
    const citaAnterior: Cita = {
      ...old,
      estado: 'Cancelada',
      idCitaNueva: citaNueva.id,
      // Its patient reads this on the old cita's card: the day and hour, not a number she never sees.
      motivoCancelacion: `Reprogramada al ${clinicDateTimeWords(citaNueva.inicio, this.policy.timeZone)}.`,
    };
    await appointments.update(citaAnterior);

    const base = { cuando: now, idUser: who.userId, rol: who.rol };
    await history.record({ ...base, idCita: old.id, accion: 'reprogramada', antes: old, despues: citaAnterior });
    await history.record({ ...base, idCita: citaNueva.id, accion: 'creada', antes: null, despues: citaNueva });
    await outbox.discardPendingReminders(old.id, now);
    await outbox.enqueue(notice('cita_cambiada', citaNueva, now, { idCitaAnterior: old.id }));
    await outbox.enqueue(reminder(citaNueva, now, this.policy.reminderLeadMinutes));
    return { citaNueva, citaAnterior, antes: old };
  }
}

/**
 * Same code and field problems, with a message that says the change failed:
 * "la cita", not its number, as the page shows it verbatim under the cita
 * it is about (appointment-lifecycle.ts). A failure worth retrying stays as is, with its Retry-After: 503, or 409
 * IDEMPOTENCIA_EN_CURSO (a copy of this change sent at the same time).
 */
function explained(err: unknown): unknown {
  if (!(err instanceof DomainError) || err.retryAfterSeconds !== undefined) return err;
  return new DomainError(err.code, `No se pudo cambiar la cita: ${err.message}`, err.errors);
}
