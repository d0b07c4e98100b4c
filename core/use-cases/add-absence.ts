import { type Ausencia, assertValidAusencia } from '../domain/absence';
import { DomainError } from '../domain/errors';
import type { Caller } from '../ports/directory';
import {
  type AgendaPolicy,
  type AgendaPorts,
  assertCanManageAbsences,
  type Conflicto,
  conflictsOf,
  DEFAULT_AGENDA_POLICY,
} from './agenda-context';

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
    private readonly ports: AgendaPorts,
    private readonly policy: AgendaPolicy = DEFAULT_AGENDA_POLICY,
  ) {}

  async execute(input: AddAbsenceInput, caller: Caller): Promise<AddAbsenceResult> {
    assertCanManageAbsences(caller.principal, input.idDoctor);
    const motivo = input.motivo?.trim() ? input.motivo.trim() : null;
    const nueva = { idDoctor: input.idDoctor, desde: input.desde, hasta: input.hasta, motivo };
    assertValidAusencia(nueva);
    const doctor = await this.ports.directory.doctor(input.idDoctor, caller);
    if (!doctor) throw new DomainError('DOCTOR_NO_EXISTE', `No existe ningún doctor con id ${input.idDoctor}.`);

    return this.ports.uow.run(() => {
      const ausencia = this.ports.absences.add(nueva);
      const conflictos = conflictsOf(this.ports, input.idDoctor, this.ports.clock.now(), this.policy.timeZone, {
        desde: ausencia.desde,
        hasta: ausencia.hasta,
      });
      return { ausencia, conflictos };
    });
  }
}
