import type { Center } from '../../../core/domain/center';
import type { Doctor } from '../../../core/domain/doctor';
import type { Patient } from '../../../core/domain/patient';
import type { Principal } from '../../../core/domain/roles';
import type { User } from '../../../core/domain/user';

/** Domain records -> the contract's JSON field names. A user's password hash never leaves here. */
export const userJson = (u: User) => ({ id_user: u.id, username: u.username, rol: u.rol, activo: u.activo });

export const doctorJson = (d: Doctor) => ({ id_doctor: d.id, id_user: d.idUser, nombre: d.nombre, especialidad: d.especialidad, activo: d.activo });

export const patientJson = (p: Patient) => ({ id_paciente: p.id, id_user: p.idUser, nombre: p.nombre, telefono: p.telefono, estado: p.estado });

export const centerJson = (c: Center) => ({ id_centro: c.id, nombre: c.nombre, direccion: c.direccion, activo: c.activo });

export function sessionUserJson(p: Principal) {
  return {
    id_user: p.userId,
    username: p.username,
    rol: p.rol,
    ...(p.idDoctor !== undefined ? { id_doctor: p.idDoctor } : {}),
    ...(p.idPaciente !== undefined ? { id_paciente: p.idPaciente } : {}),
  };
}

