import { DURACION_POR_DEFECTO_MIN } from '../domain/appointment';
import { ValidationError } from '../domain/errors';
import { assertMay } from '../domain/access';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { assertCenterExists, assertCenterUsable, assertDoctorExists, assertDoctorUsable } from '../domain/directory-facts';
import { namesHeardBy } from '../domain/party-names';
import { assertValidHorario, type Franja, type Horario, sortFranjas } from '../domain/schedule';
import type { Caller } from '../ports/directory';
import { type Conflicto, conflictsOf } from './agenda-conflicts';
import type { CitasPorts } from './citas-use-cases';

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
    private readonly ports: Pick<CitasPorts, 'appointments' | 'schedules' | 'absences' | 'directory' | 'uow' | 'clock'>,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: SetScheduleInput, caller: Caller): Promise<SetScheduleResult> {
    assertMay(caller.principal, 'horario.definir', { idDoctor: input.idDoctor });
    const horario: Horario = {
      idDoctor: input.idDoctor,
      idCentro: input.idCentro,
      franjas: sortFranjas(input.franjas),
      duracionCitaMin: input.duracionCitaMin ?? DURACION_POR_DEFECTO_MIN,
    };
    assertValidHorario(horario, []); // the shape first: no directory call for a malformed body

    const { doctor, center } = await this.ports.directory.lookUp({ idDoctor: input.idDoctor, idCentro: input.idCentro }, caller);
    assertDoctorExists(input.idDoctor, doctor);
    assertCenterExists(input.idCentro, center);
    const heard = namesHeardBy(caller.principal, { doctor: doctor.nombre, centro: center.nombre });
    // Removing a schedule (no franjas) is allowed for a doctor or center already gone.
    if (horario.franjas.length > 0) {
      assertDoctorUsable(input.idDoctor, doctor, 'horario', heard);
      assertCenterUsable(input.idCentro, center, 'horario', heard);
    }

    let others: Horario[] = [];
    try {
      return await this.ports.uow.run(async () => {
        others = (await this.ports.schedules.forDoctor(input.idDoctor)).filter((h) => h.idCentro !== input.idCentro);
        assertValidHorario(horario, others);
        await this.ports.schedules.replace(horario);
        const named = { nombres: heard, idCentro: input.idCentro };
        return { horario, conflictos: await conflictsOf(this.ports, input.idDoctor, this.ports.clock.now(), this.policy.timeZone, named) };
      });
    } catch (err) {
      // Refused for a clash with another center: said again with that center's name, read from the directory only
      // now (a remote read, so after the transaction, and only for a refusal), the schedules as the check read them.
      if (!(err instanceof ValidationError) || others.length === 0) throw err;
      assertValidHorario(horario, others, await this.centerNames(others, caller));
      throw err;
    }
  }

  /** The names of the centers of `horarios` the caller may hear; a center the directory cannot name now is left to its id. */
  private async centerNames(horarios: readonly Horario[], caller: Caller): Promise<Map<number, string>> {
    const ids = [...new Set(horarios.map((h) => h.idCentro))];
    const named = await Promise.all(
      ids.map(async (idCentro) => {
        const { center } = await this.ports.directory.lookUp({ idCentro }, caller).catch(() => ({ center: undefined }));
        return [idCentro, namesHeardBy(caller.principal, { centro: center?.nombre }).centro] as const;
      }),
    );
    return new Map(named.filter((n): n is readonly [number, string] => n[1] !== undefined));
  }
}
