import { patientNotFound } from '../domain/patient';
import { NotFoundError, ValidationError } from '../domain/errors';
import { assertMay } from '../domain/access';
import { ROOT_PATH } from '../domain/field-problems';
import type { Actor } from '../ports/tokens';
import { cleanPatientFields, type Patient, type PatientInput } from '../domain/patient';
import type { AdminDeps } from './admin-use-cases';
import { defined } from './update-doctor';

/** Changes some of a patient's fields; the user is active exactly when the patient is ACTIVO. */
export class UpdatePatient {
  constructor(private readonly ports: Pick<AdminDeps, 'patients' | 'users' | 'writes'>) {}

  async execute(id: number, changes: Partial<PatientInput>, who: Actor): Promise<Patient> {
    assertMay(who, 'pacientes.gestionar');
    if (Object.values(changes).every((v) => v === undefined)) {
      throw ValidationError.field(ROOT_PATH, 'Indique al menos un campo que cambiar.');
    }
    const clean = cleanPatientFields(changes);
    const { patients, users, writes } = this.ports;
    return writes.run(who, async () => {
      const patient = await patients.byId(id);
      if (!patient) throw patientNotFound(id);
      const updated = await patients.update({ ...patient, ...defined(clean) });
      if (updated.estado !== patient.estado) await users.setActive(patient.idUser, updated.estado === 'ACTIVO');
      return updated;
    });
  }
}
