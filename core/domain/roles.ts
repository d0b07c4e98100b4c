export const ROLES = ['admin', 'medico', 'secretaria', 'paciente'] as const;
export type Rol = (typeof ROLES)[number];

/**
 * Who is calling, as the token says. idDoctor / idPaciente are present for the
 * roles linked to a doctor or patient record.
 */
export interface Principal {
  userId: number;
  username: string;
  rol: Rol;
  idDoctor?: number;
  idPaciente?: number;
}

export function isRol(value: unknown): value is Rol {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
