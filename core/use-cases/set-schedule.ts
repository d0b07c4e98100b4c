import { DomainError } from '../domain/errors';
import { assertValidHorario, DURACION_CITA_POR_DEFECTO_MIN, type Franja, type Horario, sortFranjas } from '../domain/schedule';
import type { Caller } from '../ports/directory';
import { type AgendaPolicy, type AgendaPorts, assertCanSetSchedule, type Conflicto, conflictsOf, DEFAULT_AGENDA_POLICY } from './agenda-context';

export interface SetScheduleInput {
  idDoctor: number;
  idCentro: number;
  franjas: Franja[];
  duracionCitaMin?: number;
}

export interface SetScheduleResult {
  horario: Horario;
  /** Citas already booked that fall outside the doctor's agenda now; they are kept as they are. */
  conflictos: Conflicto[];
}

/**
 * PUT /agenda/{id_doctor}/horario: replaces the doctor's weekly schedule at
 * one center (an empty `franjas` removes it). The doctor and the center must
 * exist (and be active, unless the schedule is being removed). The franjas
 * must not overlap each other nor the doctor's franjas at other centers; that
 * check and the write share one transaction, so two concurrent PUTs for two
 * centers cannot both slip in. Existing citas never change: the answer lists
 * those now outside the agenda.
 */
export class SetSchedule {
  constructor(
    private readonly ports: AgendaPorts,
    private readonly policy: AgendaPolicy = DEFAULT_AGENDA_POLICY,
  ) {}

  async execute(input: SetScheduleInput, caller: Caller): Promise<SetScheduleResult> {
    assertCanSetSchedule(caller.principal);
    const horario: Horario = {
      idDoctor: input.idDoctor,
      idCentro: input.idCentro,
      franjas: sortFranjas(input.franjas),
      duracionCitaMin: input.duracionCitaMin ?? DURACION_CITA_POR_DEFECTO_MIN,
    };
    assertValidHorario(horario, []); // the shape first: no directory call for a malformed body

    const [doctor, center] = await Promise.all([
      this.ports.directory.doctor(input.idDoctor, caller),
      this.ports.directory.center(input.idCentro, caller),
    ]);
    if (!doctor) throw new DomainError('DOCTOR_NO_EXISTE', `No existe ningún doctor con id ${input.idDoctor}.`);
    if (!center) throw new DomainError('CENTRO_NO_EXISTE', `No existe ningún centro con id ${input.idCentro}.`);
    if (horario.franjas.length > 0) {
      if (!doctor.activo) throw new DomainError('DOCTOR_INACTIVO', `El doctor ${input.idDoctor} está dado de baja; no se le puede asignar horario.`);
      if (!center.activo) throw new DomainError('CENTRO_INACTIVO', `El centro ${input.idCentro} está inactivo; no se le puede asignar horario.`);
    }

    return this.ports.uow.run(() => {
      const others = this.ports.schedules.forDoctor(input.idDoctor).filter((h) => h.idCentro !== input.idCentro);
      assertValidHorario(horario, others);
      this.ports.schedules.replace(horario);
      return { horario, conflictos: conflictsOf(this.ports, input.idDoctor, this.ports.clock.now(), this.policy.timeZone) };
    });
  }
}
