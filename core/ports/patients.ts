import type { Page, PageRequest } from '../domain/pagination';
import type { EstadoPaciente, NewPatient, Patient } from '../domain/patient';

export interface PatientFilter {
  q?: string;
  estado?: EstadoPaciente;
}

export interface Patients {
  add(patient: NewPatient): Promise<Patient>;
  byId(id: number): Promise<Patient | undefined>;
  byUserId(idUser: number): Promise<Patient | undefined>;
  list(filter: PatientFilter, page: PageRequest): Promise<Page<Patient>>;
  update(patient: Patient): Promise<Patient>;
}
