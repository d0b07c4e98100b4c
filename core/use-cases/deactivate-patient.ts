import type { Patient } from '../domain/patient';
import { assertMay } from '../domain/access';
import type { Actor } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';
import { patientNotFound } from '../domain/patient';

/** DELETE never erases: the patient becomes INACTIVO and its user inactive. Idempotent. */
export class DeactivatePatient {
  constructor(private readonly ports: Pick<AdminDeps, 'patients' | 'users' | 'writes'>) {}

  async execute(id: number, who: Actor): Promise<Patient> {
    assertMay(who, 'pacientes.gestionar');
    const { patients, users, writes } = this.ports;
    return writes.run(who, async () => {
      const patient = await patients.byId(id);
      if (!patient) throw patientNotFound(id);
      await users.setActive(patient.idUser, false);
      return patient.estado === 'ACTIVO' ? patients.update({ ...patient, estado: 'INACTIVO' }) : patient;
    });
  }
}
