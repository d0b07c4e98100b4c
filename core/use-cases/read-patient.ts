import type { Patient } from '../domain/patient';
import { ForbiddenError } from '../domain/errors';
import type { Principal } from '../domain/roles';
import type { PatientFilter, Patients } from '../ports/patients';
import type { Page, PageRequest } from '../domain/pagination';
import { patientNotFound } from './update-patient';

/**
 * Who may read patient records: admin, secretaria and medico any; a paciente
 * only their own. Another patient's record answers 404, exactly as a missing
 * one, so a patient cannot even learn which ids exist.
 */
export class ReadPatient {
  constructor(private readonly patients: Patients) {}

  execute(id: number, reader: Principal): Patient {
    const own = reader.rol === 'paciente' && reader.idPaciente === id;
    if (reader.rol === 'paciente' && !own) throw patientNotFound(id);
    const patient = this.patients.byId(id);
    if (!patient) throw patientNotFound(id);
    return patient;
  }

  list(filter: PatientFilter, page: PageRequest, reader: Principal): Page<Patient> {
    if (reader.rol === 'paciente') throw new ForbiddenError('Un paciente solo puede consultar su propia ficha.');
    return this.patients.list(filter, page);
  }
}
