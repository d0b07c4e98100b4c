import type { Ausencia } from '../domain/absence';
import { assertMay, may } from '../domain/access';
import { assertDoctorFound } from '../domain/directory-facts';
import type { Page, PageRequest } from '../domain/pagination';
import type { Principal } from '../domain/roles';
import type { AbsenceFilter } from '../ports/agenda';
import type { Caller } from '../ports/directory';
import type { CitasPorts } from './citas-use-cases';

/**
 * GET /agenda/{id_doctor}/ausencias: the doctor's absences overlapping
 * [desde, hasta), oldest first. Anyone may see when the doctor is away; the
 * motivo only whoever access.ts lets see it ('ausencias.verMotivo'), null
 * for anyone else. 404 for a doctor the directory does not know, as
 * GET /horario: an empty list would read as a doctor who is never away.
 */
export class ListAbsences {
  constructor(private readonly ports: Pick<CitasPorts, 'absences' | 'directory'>) {}

  async execute(idDoctor: number, filter: AbsenceFilter, page: PageRequest, caller: Caller): Promise<Page<Ausencia>> {
    const who = caller.principal;
    assertMay(who, 'ausencias.consultar', { idDoctor });
    const { doctor } = await this.ports.directory.lookUp({ idDoctor }, caller);
    assertDoctorFound(idDoctor, doctor);
    const found = await this.ports.absences.list(idDoctor, filter, page);
    return { ...found, items: found.items.map((a) => asSeenBy(who, a)) };
  }
}

/** The absence as `who` may read it: the motivo only for whoever access.ts lets see it, null for anyone else. */
export function asSeenBy(who: Principal, a: Ausencia): Ausencia {
  return may(who, 'ausencias.verMotivo', { idDoctor: a.idDoctor }) ? a : { ...a, motivo: null };
}
