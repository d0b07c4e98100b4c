import { type Action, assertMay, decide, type Subject } from '../domain/access';
import type { Center } from '../domain/center';
import type { Doctor } from '../domain/doctor';
import type { Patient } from '../domain/patient';
import type { Principal } from '../domain/roles';
import type { AdminPorts } from './admin-use-cases';

export interface DirectoryQuery {
  idDoctor?: number;
  idCentro?: number;
  idPaciente?: number;
}

/** One entry per record asked for: the record, or null when it does not exist or the reader may not see it. */
export interface DirectoryAnswer {
  doctor?: Doctor | null;
  center?: Center | null;
  patient?: Patient | null;
}

/**
 * GET /admin/directorio: a doctor, a center and a patient in one request,
 * each under the same read rule as its own GET route (access.ts:
 * `doctores.consultar`, `centros.consultar`, `paciente.consultar`). The
 * citas service asks this once per booking, with the caller's token, instead
 * of three reads. A record the reader may not see answers null, exactly like
 * a missing one (a patient learns nothing of another patient's id).
 */
export class LookUpDirectory {
  constructor(private readonly ports: Pick<AdminPorts, 'doctors' | 'centers' | 'patients'>) {}

  async execute(query: DirectoryQuery, reader: Principal): Promise<DirectoryAnswer> {
    const answer: DirectoryAnswer = {};
    if (query.idDoctor !== undefined) {
      answer.doctor = visible(reader, 'doctores.consultar') ? ((await this.ports.doctors.byId(query.idDoctor)) ?? null) : null;
    }
    if (query.idCentro !== undefined) {
      answer.center = visible(reader, 'centros.consultar') ? ((await this.ports.centers.byId(query.idCentro)) ?? null) : null;
    }
    if (query.idPaciente !== undefined) {
      answer.patient = visible(reader, 'paciente.consultar', { idPaciente: query.idPaciente }) ? ((await this.ports.patients.byId(query.idPaciente)) ?? null) : null;
    }
    return answer;
  }
}

/** Whether the reader may see the record; a refusal that is not a matter of visibility is a 403, as on the single route. */
function visible(reader: Principal, action: Action, subject: Subject = {}): boolean {
  const decision = decide(reader, action, subject);
  if (decision === 'prohibido') assertMay(reader, action, subject);
  return decision === 'permitido';
}
