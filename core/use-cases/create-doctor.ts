import { cleanDoctorFields, type Doctor, type DoctorFields } from '../domain/doctor';
import { assertMay } from '../domain/access';
import { problemsOf } from '../domain/field-problems';
import type { Actor } from '../ports/tokens';
import type { AdminDeps } from './admin-use-cases';
import { assertNewAccount, type Credentials, prepareAccount } from './new-account';

export type CreateDoctorInput = DoctorFields & Credentials;

/** Every content problem of a new doctor, its record's and its account's, of the fields present (the HTTP edge asks it too). */
export function assertNewDoctor(input: Partial<CreateDoctorInput>): void {
  assertNewAccount(input, problemsOf(() => cleanDoctorFields({ nombre: input.nombre, especialidad: input.especialidad })));
}

/** A doctor and its medico user, written together: both rows or neither. */
export class CreateDoctor {
  constructor(private readonly ports: Pick<AdminDeps, 'users' | 'doctors' | 'hasher' | 'writes'>) {}

  async execute(input: CreateDoctorInput, who: Actor): Promise<Doctor> {
    assertMay(who, 'doctores.gestionar');
    assertNewDoctor(input);
    const { users, doctors, hasher, writes } = this.ports;
    const clean = cleanDoctorFields({ nombre: input.nombre, especialidad: input.especialidad });
    const account = await prepareAccount(users, hasher, input, 'medico', true);
    return writes.run(who, async () => {
      const user = await users.add(account);
      return doctors.add({ idUser: user.id, ...clean, activo: true });
    });
  }
}
