import { patientNotFound } from '../domain/patient';
import { NotFoundError, ValidationError } from '../domain/errors';
import { cleanPatientFields, type Patient, type PatientFields } from '../domain/patient';
import type { Patients } from '../ports/patients';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Users } from '../ports/users';
import { defined } from './update-doctor';

/** Changes some of a patient's fields; the user is active exactly when the patient is ACTIVO. */
export class UpdatePatient {
  constructor(
    private readonly patients: Patients,
    private readonly users: Users,
    private readonly uow: UnitOfWork,
  ) {}

  execute(id: number, changes: Partial<PatientFields>): Patient {
    if (Object.values(changes).every((v) => v === undefined)) {
      throw ValidationError.field('(raíz)', 'Indique al menos un campo que cambiar.');
    }
    const clean = cleanPatientFields(changes);
    return this.uow.run(() => {
      const patient = this.patients.byId(id);
      if (!patient) throw patientNotFound(id);
      const updated = this.patients.update({ ...patient, ...defined(clean) });
      if (updated.estado !== patient.estado) this.users.setActive(patient.idUser, updated.estado === 'ACTIVO');
      return updated;
    });
  }
}
