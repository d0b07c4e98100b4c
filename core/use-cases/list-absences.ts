import type { Ausencia } from '../domain/absence';
import type { Page, PageRequest } from '../domain/pagination';
import type { AbsenceFilter } from '../ports/agenda';
import type { AgendaPorts } from './agenda-context';

/** GET /agenda/{id_doctor}/ausencias: the doctor's absences overlapping [desde, hasta), oldest first. */
export class ListAbsences {
  constructor(private readonly ports: Pick<AgendaPorts, 'absences'>) {}

  execute(idDoctor: number, filter: AbsenceFilter, page: PageRequest): Page<Ausencia> {
    return this.ports.absences.list(idDoctor, filter, page);
  }
}
