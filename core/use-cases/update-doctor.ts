import { doctorNotFound } from '../domain/doctor';
import { cleanDoctorFields, type Doctor, type DoctorFields } from '../domain/doctor';
import { NotFoundError, ValidationError } from '../domain/errors';
import { assertMay } from '../domain/access';
import { ROOT_PATH } from '../domain/field-problems';
import type { Actor } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';

export type DoctorChanges = Partial<DoctorFields> & { activo?: boolean };

/**
 * Changes some of a doctor's fields. `activo` may reactivate (or deactivate)
 * the doctor; its user follows, so a deactivated doctor cannot log in.
 */
export class UpdateDoctor {
  constructor(private readonly ports: Pick<AdminDeps, 'doctors' | 'users' | 'writes'>) {}

  async execute(id: number, changes: DoctorChanges, who: Actor): Promise<Doctor> {
    assertMay(who, 'doctores.gestionar');
    if (Object.values(changes).every((v) => v === undefined)) {
      throw ValidationError.field(ROOT_PATH, 'Indique al menos un campo que cambiar.');
    }
    const clean = cleanDoctorFields(changes);
    const { doctors, users, writes } = this.ports;
    return writes.run(who, async () => {
      const doctor = await doctors.byId(id);
      if (!doctor) throw doctorNotFound(id);
      const updated = await doctors.update({ ...doctor, ...defined(clean) });
      if (updated.activo !== doctor.activo) await users.setActive(doctor.idUser, updated.activo);
      return updated;
    });
  }
}


/** Drops undefined keys so a PATCH never blanks a field it did not mention. */
export function defined<T extends object>(changes: T): Partial<T> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;
}
