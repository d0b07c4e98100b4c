import { assertMay } from '../domain/access';
import { NotFoundError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import type { CitasPorts } from './citas-use-cases';

/** DELETE /agenda/{id_doctor}/ausencias/{id} (staff, or the doctor for themself); the doctor is bookable again then. */
export class RemoveAbsence {
  constructor(private readonly ports: Pick<CitasPorts, 'absences' | 'uow'>) {}

  async execute(idDoctor: number, idAusencia: number, who: Principal): Promise<void> {
    assertMay(who, 'ausencias.gestionar', { idDoctor });
    const removed = await this.ports.uow.run(() => this.ports.absences.remove(idDoctor, idAusencia));
    if (!removed) throw new NotFoundError(`El doctor ${idDoctor} no tiene ninguna ausencia con id ${idAusencia}.`);
  }
}
