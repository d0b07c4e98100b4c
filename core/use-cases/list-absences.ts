import type { Ausencia } from '../domain/absence';
import { assertMay } from '../domain/access';
import type { Page, PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/roles';
import type { AbsenceFilter } from '../ports/agenda';
import type { CitasPorts } from './citas-use-cases';

/** GET /agenda/{id_doctor}/ausencias: the doctor's absences overlapping [desde, hasta), oldest first. */
export class ListAbsences {
  constructor(private readonly ports: Pick<CitasPorts, 'absences'>) {}

  async execute(idDoctor: number, filter: AbsenceFilter, page: PageRequest, who: Principal): Promise<Page<Ausencia>> {
    assertMay(who, 'ausencias.consultar', { idDoctor });
    return this.ports.absences.list(idDoctor, filter, page);
  }
}
