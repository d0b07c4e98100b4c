import { cleanPatientFields, type EstadoPaciente, type Patient } from '../domain/patient';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Patients } from '../ports/patients';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Users } from '../ports/users';
import { type Credentials, prepareAccount, problemsOf } from './new-account';

export interface CreatePatientInput extends Credentials {
  nombre: string;
  telefono: string;
  estado?: EstadoPaciente;
}

/**
 * A patient and its paciente user, both rows or neither. An INACTIVO patient's
 * user is created inactive: it cannot log in until the patient is reactivated.
 */
export class CreatePatient {
  constructor(
    private readonly users: Users,
    private readonly patients: Patients,
    private readonly hasher: PasswordHasher,
    private readonly uow: UnitOfWork,
  ) {}

  async execute(input: CreatePatientInput): Promise<Patient> {
    const fields = { nombre: input.nombre, telefono: input.telefono, estado: input.estado ?? 'ACTIVO' };
    const extra = problemsOf(() => cleanPatientFields(fields));
    const account = await prepareAccount(this.users, this.hasher, input, 'paciente', fields.estado === 'ACTIVO', extra);
    const clean = cleanPatientFields(fields);
    return this.uow.run(() => {
      const user = this.users.add(account);
      return this.patients.add({ idUser: user.id, ...clean });
    });
  }
}
