import { cleanPatientFields, type Patient } from '../domain/patient';
import { assertMay } from '../domain/access';
import { problemsOf } from '../domain/field-problems';
import type { Actor } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';
import { assertNewAccount, type Credentials, prepareAccount } from './new-account';

export interface CreatePatientInput extends Credentials {
  nombre: string;
  telefono: string;
  /** ACTIVO or INACTIVO (ACTIVO when absent); judged with the other fields. */
  estado?: string;
}

/** Every content problem of a new patient, its record's and its account's, of the fields present (the HTTP edge asks it too). */
export function assertNewPatient(input: Partial<CreatePatientInput>): void {
  assertNewAccount(input, problemsOf(() => cleanPatientFields({ nombre: input.nombre, telefono: input.telefono, estado: input.estado })));
}

/**
 * A patient and its paciente user, both rows or neither. An INACTIVO patient's
 * user is created inactive: it cannot log in until the patient is reactivated.
 */
export class CreatePatient {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'patients' | 'hasher' | 'writes'>) {}

  async execute(input: CreatePatientInput, who: Actor): Promise<Patient> {
    assertMay(who, 'pacientes.gestionar');
    assertNewPatient(input);
    const { users, patients, hasher, writes } = this.ports;
    // The fields again, now that they are known to be valid: typed as what is stored.
    const clean = cleanPatientFields({ nombre: input.nombre, telefono: input.telefono, estado: input.estado ?? 'ACTIVO' });
    const account = await prepareAccount(users, hasher, input, 'paciente', clean.estado === 'ACTIVO');
    return writes.run(who, async () => {
      const user = await users.add(account);
      return patients.add({ idUser: user.id, ...clean });
    });
  }
}
