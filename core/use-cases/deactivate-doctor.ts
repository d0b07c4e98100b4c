import type { Doctor } from '../domain/doctor';
import { assertMay } from '../domain/access';
import type { Actor } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';
import { doctorNotFound } from '../domain/doctor';

/** DELETE never erases: the doctor becomes inactive, and so does its user (its tokens stop working). Idempotent. */
export class DeactivateDoctor {
  constructor(private readonly ports: Pick<AdminDeps, 'doctors' | 'users' | 'writes'>) {}

  async execute(id: number, who: Actor): Promise<Doctor> {
    assertMay(who, 'doctores.gestionar');
    const { doctors, users, writes } = this.ports;
    return writes.run(who, async () => {
      const doctor = await doctors.byId(id);
      if (!doctor) throw doctorNotFound(id);
      await users.setActive(doctor.idUser, false);
      return doctor.activo ? doctors.update({ ...doctor, activo: false }) : doctor;
    });
  }
}
