import { cleanDoctorFields, type Doctor, type DoctorFields } from '../domain/doctor';
import { assertMay } from '../domain/access';
import type { Actor } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';
import { type Credentials, prepareAccount, problemsOf } from './new-account';

export type CreateDoctorInput = DoctorFields & Credentials;

/** A doctor and its medico user, written together: both rows or neither. */
export class CreateDoctor {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'doctors' | 'hasher' | 'writes'>) {}

  async execute(input: CreateDoctorInput, who: Actor): Promise<Doctor> {
    assertMay(who, 'doctores.gestionar');
    const { users, doctors, hasher, writes } = this.ports;
    const fields = { nombre: input.nombre, especialidad: input.especialidad };
    const account = await prepareAccount(users, hasher, input, 'medico', true, problemsOf(() => cleanDoctorFields(fields)));
    const clean = cleanDoctorFields(fields);
    return writes.run(who, async () => {
      const user = await users.add(account);
      return doctors.add({ idUser: user.id, ...clean, activo: true });
    });
  }
}
