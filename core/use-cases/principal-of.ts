import type { Principal } from '../domain/roles';
import type { User } from '../domain/user';
import type { Doctors } from '../ports/doctors';
import type { Patients } from '../ports/patients';

/** Who a user is for tokens and /auth/me: a medico carries its doctor id, a paciente its patient id. */
export async function principalOf(user: User, doctors: Doctors, patients: Patients): Promise<Principal> {
  const principal: Principal = { userId: user.id, username: user.username, rol: user.rol };
  if (user.rol === 'medico') {
    const doctor = await doctors.byUserId(user.id);
    if (doctor) principal.idDoctor = doctor.id;
  }
  if (user.rol === 'paciente') {
    const patient = await patients.byUserId(user.id);
    if (patient) principal.idPaciente = patient.id;
  }
  return principal;
}
