import type { Doctor } from '../domain/doctor';
import type { Doctors } from '../ports/doctors';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Users } from '../ports/users';
import { doctorNotFound } from '../domain/doctor';

/** DELETE never erases: the doctor becomes inactive, and so does its user (its tokens stop working). Idempotent. */
export class DeactivateDoctor {
  constructor(
    private readonly doctors: Doctors,
    private readonly users: Users,
    private readonly uow: UnitOfWork,
  ) {}

  execute(id: number): Doctor {
    return this.uow.run(() => {
      const doctor = this.doctors.byId(id);
      if (!doctor) throw doctorNotFound(id);
      this.users.setActive(doctor.idUser, false);
      return doctor.activo ? this.doctors.update({ ...doctor, activo: false }) : doctor;
    });
  }
}
