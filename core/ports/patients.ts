import type { Page, PageRequest } from '../domain/pagination';
import type { EstadoPaciente, NewPatient, Patient } from '../domain/patient';

export interface PatientFilter {
  q?: string;
  estado?: EstadoPaciente;
}

export interface Patients {
  add(patient: NewPatient): Patient;
  byId(id: number): Patient | undefined;
  byUserId(idUser: number): Patient | undefined;
  list(filter: PatientFilter, page: PageRequest): Page<Patient>;
  update(patient: Patient): Patient;
}
