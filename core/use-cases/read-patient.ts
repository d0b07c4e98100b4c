import type { Patient } from '../domain/patient';
import { assertMay } from '../domain/access';
import type { Principal } from '../domain/roles';
import type { PatientFilter } from '../ports/patients';
import type { Page, PageRequest } from '../domain/pagination';
import { patientNotFound } from '../domain/patient';
import type { AdminPorts } from './admin-use-cases';

/**
 * Reading patient records (access.ts: `paciente.consultar`, `pacientes.listar`):
 * another patient's record answers 404, exactly as a missing one, so a
 * patient cannot even learn which ids exist.
 */
export class ReadPatient {
  constructor(private readonly ports: Pick<AdminPorts, 'patients'>) {}

  async execute(id: number, reader: Principal): Promise<Patient> {
    assertMay(reader, 'paciente.consultar', { idPaciente: id }, () => patientNotFound(id));
    const patient = await this.ports.patients.byId(id);
    if (!patient) throw patientNotFound(id);
    return patient;
  }

  async list(filter: PatientFilter, page: PageRequest, reader: Principal): Promise<Page<Patient>> {
    assertMay(reader, 'pacientes.listar');
    return this.ports.patients.list(filter, page);
  }
}
