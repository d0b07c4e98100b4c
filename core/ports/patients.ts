import type { Page, PageRequest } from '../domain/pagination';
import type { EstadoPaciente, NewPatient, Patient } from '../domain/patient';

export interface PatientFilter {
  /** Part of the name, compared without case or accents. */
  q?: string;
  estado?: EstadoPaciente;
  /**
   * Digits the phone contains, compared as digits only (phoneKey in
   * core/domain/patient.ts): the last digits of a caller id, or the number
   * with or without +34 / 0034, all find "+34 612 34 56 78".
   */
  telefono?: string;
  /**
   * The patients of these accounts (their id_user): a page of accounts
   * (the admin's Usuarios) names its patients with one read, not one per row.
   */
  idUsers?: readonly number[];
  /**
   * These patients (their id_paciente): a list of citas (the front desk's
   * Por confirmar) names its patients with one read, not one per row.
   */
  ids?: readonly number[];
}

export interface Patients {
  add(patient: NewPatient): Promise<Patient>;
  byId(id: number): Promise<Patient | undefined>;
  byUserId(idUser: number): Promise<Patient | undefined>;
  list(filter: PatientFilter, page: PageRequest): Promise<Page<Patient>>;
  update(patient: Patient): Promise<Patient>;
}
