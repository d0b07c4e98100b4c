import type { Ausencia } from '../domain/absence';
import { assertMay } from '../domain/access';
import { NotFoundError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import type { CitasPorts } from './citas-use-cases';
import { asSeenBy } from './list-absences';

/**
 * GET /agenda/{id_doctor}/ausencias/{id}: one absence, where the Location of
 * its creation points. The same reader and motivo rule as the list.
 */
export class GetAbsence {
  constructor(private readonly ports: Pick<CitasPorts, 'absences'>) {}

  async execute(idDoctor: number, idAusencia: number, who: Principal): Promise<Ausencia> {
    assertMay(who, 'ausencias.consultar', { idDoctor });
    const found = await this.ports.absences.byId(idDoctor, idAusencia);
    if (!found) throw new NotFoundError(`El doctor ${idDoctor} no tiene ninguna ausencia con id ${idAusencia}.`);
    return asSeenBy(who, found);
  }
}
