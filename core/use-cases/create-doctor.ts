import { cleanDoctorFields, type Doctor, type DoctorFields } from '../domain/doctor';
import type { Doctors } from '../ports/doctors';
import type { PasswordHasher } from '../ports/password-hasher';
import type { UnitOfWork } from '../ports/unit-of-work';
import type { Users } from '../ports/users';
import { type Credentials, prepareAccount, problemsOf } from './new-account';

export type CreateDoctorInput = DoctorFields & Credentials;

/** A doctor and its medico user, written together: both rows or neither. */
export class CreateDoctor {
  constructor(
    private readonly users: Users,
    private readonly doctors: Doctors,
    private readonly hasher: PasswordHasher,
    private readonly uow: UnitOfWork,
  ) {}

  async execute(input: CreateDoctorInput): Promise<Doctor> {
    const fields = { nombre: input.nombre, especialidad: input.especialidad };
    const account = await prepareAccount(this.users, this.hasher, input, 'medico', true, problemsOf(() => cleanDoctorFields(fields)));
    const clean = cleanDoctorFields(fields);
    return this.uow.run(() => {
      const user = this.users.add(account);
      return this.doctors.add({ idUser: user.id, ...clean, activo: true });
    });
  }
}
