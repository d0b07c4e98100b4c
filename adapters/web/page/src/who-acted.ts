import type { Doctor, Historial, Paciente, User } from './types.js';

/** The desk an account without a name works at, after "por": what an admin or a secretaria is called in a cita's Historial. */
const POR_ROL: Record<string, string> = { admin: 'administración', secretaria: 'recepción', medico: 'el médico', paciente: 'el paciente' };

/**
 * Who made a Historial entry, after "por", as well as the reader can know
 * it from what the panel has already read, with no request per entry:
 * - "usted" when the entry's account is the reader's own (a patient reads
 *   what she did herself as hers, not as "paciente");
 * - the cita's patient or doctor by name when the entry's account is
 *   theirs (the panel has read both records, and each carries its
 *   id_user): the contract lets a patient act only on her own citas and a
 *   doctor only on his, so these are the only named accounts an entry can
 *   hold;
 * - an admin or a secretaria by the desk: their accounts have no record
 *   with a name, and only an admin may read accounts (one more read per
 *   reader and cita for a username nobody at the desk goes by).
 */
export function whoActed(e: Pick<Historial, 'id_user' | 'rol'>, reader: User, doctor?: Doctor, paciente?: Paciente): string {
  if (e.id_user === reader.id_user) return 'usted';
  if (e.rol === 'paciente' && paciente?.id_user === e.id_user) return paciente.nombre;
  if (e.rol === 'medico' && doctor?.id_user === e.id_user) return doctor.nombre;
  return POR_ROL[e.rol] ?? e.rol;
}
