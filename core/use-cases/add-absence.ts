import { type Ausencia, assertAusenciaNotOver, assertValidAusencia } from '../domain/absence';
import { assertMay } from '../domain/access';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { assertDoctorExists } from '../domain/directory-facts';
import { namesHeardBy } from '../domain/party-names';
import { optionalText } from '../domain/text';
import type { Caller } from '../ports/directory';
import { type Conflicto, conflictsOf } from './agenda-conflicts';
import type { CitasPorts } from './citas-use-cases';

export interface AddAbsenceInput {
  idDoctor: number;
  desde: Date;
  hasta: Date;
  motivo?: string | null;
}

export interface AddAbsenceResult {
  ausencia: Ausencia;
  /** Citas already booked inside the absence; they are kept as they are, for the staff to move. */
  conflictos: Conflicto[];
}

/**
 * POST /agenda/{id_doctor}/ausencias (staff, or the doctor for themself).
 * From then on the doctor cannot be booked in [desde, hasta); citas already
 * booked there stay and are listed in the answer.
 */
export class AddAbsence {
  constructor(
    private readonly ports: Pick<CitasPorts, 'appointments' | 'schedules' | 'absences' | 'directory' | 'uow' | 'clock'>,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: AddAbsenceInput, caller: Caller): Promise<AddAbsenceResult> {
    assertMay(caller.principal, 'ausencias.gestionar', { idDoctor: input.idDoctor });
    const motivo = optionalText(input.motivo) ?? null;
    const nueva = { idDoctor: input.idDoctor, desde: input.desde, hasta: input.hasta, motivo };
    assertValidAusencia(nueva, this.policy.timeZone);
    assertAusenciaNotOver(nueva.hasta, this.ports.clock.now(), this.policy.timeZone);
    const { doctor } = await this.ports.directory.lookUp({ idDoctor: input.idDoctor }, caller);
    assertDoctorExists(input.idDoctor, doctor);
    const named = { nombres: namesHeardBy(caller.principal, { doctor: doctor.nombre }) };

    return this.ports.uow.run(async () => {
      const ausencia = await this.ports.absences.add(nueva);
      const conflictos = await conflictsOf(this.ports, input.idDoctor, this.ports.clock.now(), this.policy.timeZone, named, {
        desde: ausencia.desde,
        hasta: ausencia.hasta,
      });
      return { ausencia, conflictos };
    });
  }
}
