import { doctorNotFound } from '../domain/doctor';
import { cleanDoctorFields, type Doctor, type DoctorFields } from '../domain/doctor';
import { NotFoundError, ValidationError } from '../domain/errors';
import type { Doctors } from '../ports/doctors';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Users } from '../ports/users';

export type DoctorChanges = Partial<DoctorFields> & { activo?: boolean };

/**
 * Changes some of a doctor's fields. `activo` may reactivate (or deactivate)
 * the doctor; its user follows, so a deactivated doctor cannot log in.
 */
export class UpdateDoctor {
  constructor(
    private readonly doctors: Doctors,
    private readonly users: Users,
    private readonly uow: UnitOfWork,
  ) {}

  execute(id: number, changes: DoctorChanges): Doctor {
    if (Object.values(changes).every((v) => v === undefined)) {
      throw ValidationError.field('(raíz)', 'Indique al menos un campo que cambiar.');
    }
    const clean = cleanDoctorFields(changes);
    return this.uow.run(() => {
      const doctor = this.doctors.byId(id);
      if (!doctor) throw doctorNotFound(id);
      const updated = this.doctors.update({ ...doctor, ...defined(clean) });
      if (updated.activo !== doctor.activo) this.users.setActive(doctor.idUser, updated.activo);
      return updated;
    });
  }
}


/** Drops undefined keys so a PATCH never blanks a field it did not mention. */
export function defined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
