import { cleanPatientFields, type Patient } from '../domain/patient';
import { assertMay } from '../domain/access';
import type { Actor } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';
import { type Credentials, prepareAccount, problemsOf } from './new-account';

export interface CreatePatientInput extends Credentials {
  nombre: string;
  telefono: string;
  /** ACTIVO or INACTIVO (ACTIVO when absent); judged with the other fields. */
  estado?: string;
}

/**
 * A patient and its paciente user, both rows or neither. An INACTIVO patient's
 * user is created inactive: it cannot log in until the patient is reactivated.
 */
export class CreatePatient {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'patients' | 'hasher' | 'writes'>) {}

  async execute(input: CreatePatientInput, who: Actor): Promise<Patient> {
    assertMay(who, 'pacientes.gestionar');
    const { users, patients, hasher, writes } = this.ports;
    const fields = { nombre: input.nombre, telefono: input.telefono, estado: input.estado ?? 'ACTIVO' };
    const extra = problemsOf(() => cleanPatientFields(fields));
    const account = await prepareAccount(users, hasher, input, 'paciente', fields.estado === 'ACTIVO', extra);
    // The same fields again, now that they are known to be valid: typed as what is stored.
    const clean = cleanPatientFields(fields);
    return writes.run(who, async () => {
      const user = await users.add(account);
      return patients.add({ idUser: user.id, ...clean });
    });
  }
}
