import type { Patient } from '../domain/patient';
import type { Patients } from '../ports/patients';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Users } from '../ports/users';
import { patientNotFound } from '../domain/patient';

/** DELETE never erases: the patient becomes INACTIVO and its user inactive. Idempotent. */
export class DeactivatePatient {
  constructor(
    private readonly patients: Patients,
    private readonly users: Users,
    private readonly uow: UnitOfWork,
  ) {}

  execute(id: number): Patient {
    return this.uow.run(() => {
      const patient = this.patients.byId(id);
      if (!patient) throw patientNotFound(id);
      this.users.setActive(patient.idUser, false);
      return patient.estado === 'ACTIVO' ? this.patients.update({ ...patient, estado: 'INACTIVO' }) : patient;
    });
  }
}
