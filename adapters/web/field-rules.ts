import { DURACION_MAX_MIN, DURACION_MIN_MIN, DURACION_PASO_MIN, MOTIVO_MAX } from '../../core/domain/appointment';
import { MOTIVO_AUSENCIA_MAX } from '../../core/domain/absence';
import { DIRECCION_MAX, NOMBRE_CENTRO_MAX } from '../../core/domain/center';
import { ESPECIALIDAD_MAX, NOMBRE_DOCTOR_MAX } from '../../core/domain/doctor';
import { PASSWORD_MAX } from '../../core/domain/password-policy';
import { NOMBRE_PACIENTE_MAX } from '../../core/domain/patient';
import { USERNAME_MAX } from '../../core/domain/user';

/**
 * What the page's fields may hold, as core judges them, sent with the
 * session (GET and POST /api/sesion, with core's PASSWORD_RULE for the
 * description of a new password's field) for the page to write its
 * maxlength, min, max and step. The page is
 * built on its own (tsconfig.page.json, rootDir adapters/web/page/src) and
 * the browser loads its modules as they are, so it cannot import core: the
 * numbers come from here at run time instead of being typed again there.
 * Keys are the page's field names (adapters/web/page/src/types.ts, Limites).
 */
export const FIELD_LIMITS = {
  motivo: MOTIVO_MAX,
  motivo_cancelacion: MOTIVO_MAX,
  motivo_ausencia: MOTIVO_AUSENCIA_MAX,
  nombre_paciente: NOMBRE_PACIENTE_MAX,
  nombre_doctor: NOMBRE_DOCTOR_MAX,
  especialidad: ESPECIALIDAD_MAX,
  nombre_centro: NOMBRE_CENTRO_MAX,
  direccion: DIRECCION_MAX,
  username: USERNAME_MAX,
  password: PASSWORD_MAX,
  duracion_cita_min_min: DURACION_MIN_MIN,
  duracion_cita_max_min: DURACION_MAX_MIN,
  duracion_cita_paso_min: DURACION_PASO_MIN,
} as const;
