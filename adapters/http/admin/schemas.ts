/**
 * The admin API's request and response shapes, in one importable module:
 * the routes validate with them, the OpenAPI document is generated from
 * them, and the loader's --dry-run reuses the create schemas to check CSV
 * rows locally. Request objects are strict: an unknown field (rol, id_user,
 * activo on create...) is refused, never silently ignored. What a field may
 * hold (lengths, the username's characters, the password policy, estado,
 * rol) is the core's rule, checked with every other field of the request so
 * one 422 names them all, even when another field's type is wrong: each body
 * names its core judge (judgedBy, field-problems.ts). These schemas hold the
 * shape, a size bound, and the core's limits for the OpenAPI document.
 */
import { z } from 'zod';
import type { ZodOpenApiOverrideMetaContext } from 'zod-openapi';
import { cleanCenterFields, DIRECCION_MAX, NOMBRE_CENTRO_MAX } from '../../../core/domain/center';
import { cleanDoctorFields, ESPECIALIDAD_MAX, NOMBRE_DOCTOR_MAX } from '../../../core/domain/doctor';
import { cleanPatientFields, NOMBRE_PACIENTE_MAX, PATIENT_STATES, PHONE_FILTER_MIN_DIGITS, phoneKey } from '../../../core/domain/patient';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../core/domain/password-policy';
import { MAX_PAGE_SIZE } from '../../../core/domain/pagination';
import { ROLES } from '../../../core/domain/roles';
import { DIRECT_USER_ROLES, USERNAME_MAX, USERNAME_MIN } from '../../../core/domain/user';
import { MAX_BULK_ITEMS } from '../../../core/use-cases/bulk-create';
import { assertNewDoctor } from '../../../core/use-cases/create-doctor';
import { assertNewPatient } from '../../../core/use-cases/create-patient';
import { assertNewUser } from '../../../core/use-cases/create-user';
import { judgedBy } from '../field-problems';
import { judgePasswordChange } from '../password-change';
import { coreChoice, coreText, TEXT_BOUND, pageQuery, pageSchema, positiveIdText } from '../schemas';

/** Free text; the domain refuses control characters and bidirectional overrides in it (core/domain/text.ts, 422 naming the field). */
const SAFE_TEXT = 'Sin caracteres de control ni controles de dirección bidireccional (422 si los tiene).';
/** A required name or address: something visible, at most `max` characters (core/domain/text.ts requiredText). */
const text = (max: number, description: string) => coreText({ min: 1, max }, { description: `${description}. ${SAFE_TEXT}` });
const username = coreText(
  { min: USERNAME_MIN, max: USERNAME_MAX },
  { description: `De ${USERNAME_MIN} a ${USERNAME_MAX} caracteres: letras a-z, números, ".", "_" y "-"; sin distinguir mayúsculas.`, example: 'ana.lopez' },
);
const password = coreText(
  { min: PASSWORD_MIN, max: PASSWORD_MAX },
  { description: `De ${PASSWORD_MIN} a ${PASSWORD_MAX} caracteres, con al menos una letra y un número, sin contener el nombre de usuario.` },
);
/** A phone as written; the core reads it (normalisePhone) and says what it expects. */
const telefono = (description: string) => z.string().max(TEXT_BOUND).meta({ description: `${description}. ${SAFE_TEXT}` });
const estado = z.enum(PATIENT_STATES);
/** As much as a person writes for a phone, separators included: the most a telefono filter reads. */
const TELEFONO_MAX = 30;
const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

// ---- requests

export const loginBody = z
  .strictObject({ username: z.string().min(1).max(200), password: z.string().min(1).max(1024) })
  .meta({ id: 'LoginRequest' });

export const changePasswordBody = judgedBy(
  z
    .strictObject({
      password_actual: z.string().min(1).max(1024).meta({ description: 'La contraseña de ahora' }),
      password_nueva: password,
    })
    .meta({ id: 'ChangePasswordRequest' }),
  judgePasswordChange,
);

export const resetPasswordBody = z.strictObject({ password_nueva: password }).meta({ id: 'ResetPasswordRequest' });

export const createUserBody = judgedBy(
  z.strictObject({ username, password, rol: coreChoice(DIRECT_USER_ROLES, 'Los médicos y pacientes se crean con su ficha.') }).meta({ id: 'CreateUserRequest' }),
  assertNewUser,
);

export const createDoctorBody = judgedBy(
  z
    .strictObject({ nombre: text(NOMBRE_DOCTOR_MAX, 'Nombre completo'), especialidad: text(ESPECIALIDAD_MAX, 'Especialidad, p. ej. Ortodoncia'), username, password })
    .meta({ id: 'CreateDoctorRequest' }),
  assertNewDoctor,
);

export const createPatientBody = judgedBy(
  z
    .strictObject({
      nombre: text(NOMBRE_PACIENTE_MAX, 'Nombre completo'),
      telefono: telefono('Teléfono español: 9 cifras, +34 opcional; se guarda como +34XXXXXXXXX'),
      estado: coreChoice(PATIENT_STATES, 'ACTIVO por defecto').optional(),
      username,
      password,
    })
    .meta({ id: 'CreatePatientRequest' }),
  assertNewPatient,
);

export const createCenterBody = judgedBy(
  z
    .strictObject({ nombre: text(NOMBRE_CENTRO_MAX, 'Nombre del centro'), direccion: text(DIRECCION_MAX, 'Dirección postal') })
    .meta({ id: 'CreateCenterRequest' }),
  cleanCenterFields,
);

export const updateDoctorBody = judgedBy(
  z
    .strictObject({ nombre: text(NOMBRE_DOCTOR_MAX, 'Nombre').optional(), especialidad: text(ESPECIALIDAD_MAX, 'Especialidad').optional(), activo: z.boolean().optional() })
    .meta({ id: 'UpdateDoctorRequest', description: 'Cualquier subconjunto de campos (al menos uno); las credenciales no se cambian aquí.' }),
  cleanDoctorFields,
);

export const updatePatientBody = judgedBy(
  z
    .strictObject({ nombre: text(NOMBRE_PACIENTE_MAX, 'Nombre').optional(), telefono: telefono('Teléfono').optional(), estado: coreChoice(PATIENT_STATES, 'ACTIVO o INACTIVO').optional() })
    .meta({ id: 'UpdatePatientRequest', description: 'Cualquier subconjunto de campos (al menos uno); las credenciales no se cambian aquí.' }),
  cleanPatientFields,
);

export const updateCenterBody = judgedBy(
  z
    .strictObject({ nombre: text(NOMBRE_CENTRO_MAX, 'Nombre').optional(), direccion: text(DIRECCION_MAX, 'Dirección').optional(), activo: z.boolean().optional() })
    .meta({ id: 'UpdateCenterRequest', description: 'Cualquier subconjunto de campos (al menos uno).' }),
  cleanCenterFields,
);

export const updateUserBody = z
  .strictObject({ activo: z.boolean() })
  .meta({ id: 'UpdateUserRequest', description: 'Solo activa o desactiva la cuenta (admin o secretaria); las credenciales no se cambian aquí.' });

/** Items are checked one by one with the single create's schema, so one bad item does not sink the batch. */
export const bulkBody = z
  .strictObject({ items: z.array(z.unknown()).min(1).max(MAX_BULK_ITEMS).meta({ description: `De 1 a ${MAX_BULK_ITEMS} elementos, cada uno como el cuerpo de la creación individual.` }) })
  .meta({ id: 'BulkRequest' });

export const q = z.string().trim().min(1).max(100).optional().meta({ description: 'Parte del nombre (sin distinguir mayúsculas ni acentos)' });

export const userListQuery = z.strictObject({ ...pageQuery, rol: z.enum(ROLES).optional() });
export const doctorListQuery = z.strictObject({
  ...pageQuery,
  q,
  especialidad: z.string().trim().min(1).max(ESPECIALIDAD_MAX).optional().meta({ description: 'La especialidad entera, no una parte (sin distinguir mayúsculas ni acentos)' }),
  activo: booleanQuery.optional(),
});
/**
 * Digits and what people write between them (spaces, dashes, dots,
 * parentheses), with a + only before the first digit. Anything else (a
 * name, a wildcard, a letter from a mistyped field) is refused rather than
 * ignored, so the filter never searches something other than what was typed.
 */
const PHONE_FILTER_TEXT = /^[ ()]*\+?[\d ().-]*$/;
const telefonoFilter = z
  .string()
  .trim()
  .max(TELEFONO_MAX, { message: `Admite como máximo ${TELEFONO_MAX} caracteres (cifras y separadores).`, abort: true })
  .refine((v) => PHONE_FILTER_TEXT.test(v), { message: 'Solo admite cifras, espacios, guiones, puntos, paréntesis y un + inicial.', abort: true })
  .refine((v) => phoneKey(v).length >= PHONE_FILTER_MIN_DIGITS, {
    message: `Escriba al menos ${PHONE_FILTER_MIN_DIGITS} cifras del teléfono (un prefijo 00 no cuenta).`,
  })
  .optional()
  .meta({
    description:
      `Cifras que contiene el teléfono, en cualquier posición. Se comparan solo las cifras: espacios, guiones, puntos, ` +
      `paréntesis y un + inicial se ignoran en ambos lados, y un 00 inicial es el prefijo internacional (0034 es +34). ` +
      `Así "5678" (las últimas cifras de quien llama), "612 34 56 78", "+34 612-34-56-78" y "0034612345678" encuentran ` +
      `al paciente de "+34612345678". Al menos ${PHONE_FILTER_MIN_DIGITS} cifras; con menos, u otros caracteres, 400 PARAMETRO_INVALIDO. ` +
      `Se combina con q, estado y la paginación.`,
    example: '612 34 56 78',
    // The characters allowed and the fewest digits, for a client to check before asking (the 00 prefix is in the description).
    pattern: `^(?=(?:\\D*\\d){${PHONE_FILTER_MIN_DIGITS}})[ ()]*\\+?[\\d ().-]*$`,
  });
/**
 * Up to a page's worth of ids, "12,15,31": the records a client has on
 * screen, in one read (`what` names them in the 400's words, `description`
 * says what they select).
 */
function idList(what: string, description: string) {
  return z
    .string()
    .regex(new RegExp(`^[1-9]\\d{0,9}(,[1-9]\\d{0,9}){0,${MAX_PAGE_SIZE - 1}}$`), `Escriba de 1 a ${MAX_PAGE_SIZE} ${what} (enteros positivos) separados por comas.`)
    .transform((v) => v.split(',').map(Number))
    .optional()
    .meta({
      description,
      // Documented as what a client sends, a list of positive integers written "12,15,31" (form style, not exploded),
      // as integerText documents a single id: a generated client types them as numbers.
      param: { style: 'form', explode: false, example: [12, 15, 31] },
      override: ({ jsonSchema }: ZodOpenApiOverrideMetaContext) => {
        delete jsonSchema.pattern;
        Object.assign(jsonSchema, { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1, maxItems: MAX_PAGE_SIZE });
      },
    });
}
const idUserList = idList(
  'ids de usuario',
  `Los pacientes de estas cuentas (id_user), de 1 a ${MAX_PAGE_SIZE} separados por comas: una página de usuarios nombra a sus pacientes con una sola lectura. Se combina con los demás filtros.`,
);
const idPacienteList = idList(
  'ids de paciente',
  `Estos pacientes (id_paciente), de 1 a ${MAX_PAGE_SIZE} separados por comas: una lista de citas nombra a sus pacientes con una sola lectura. Se combina con los demás filtros.`,
);
export const patientListQuery = z.strictObject({ ...pageQuery, q, estado: estado.optional(), telefono: telefonoFilter, id_user: idUserList, id_paciente: idPacienteList });
export const centerListQuery = z.strictObject({ ...pageQuery, q, activo: booleanQuery.optional() });
export const directoryQuery = z
  .strictObject({
    id_doctor: positiveIdText('Doctor a consultar').optional(),
    id_centro: positiveIdText('Centro a consultar').optional(),
    id_paciente: positiveIdText('Paciente a consultar (un paciente solo ve su propia ficha)').optional(),
  })
  .refine((q) => q.id_doctor !== undefined || q.id_centro !== undefined || q.id_paciente !== undefined, {
    message: 'Indique al menos uno de id_doctor, id_centro o id_paciente.',
  });

// ---- responses

export const sessionUserSchema = z
  .object({
    id_user: z.number().int(),
    username: z.string(),
    rol: z.enum(ROLES),
    id_doctor: z.number().int().optional(),
    id_paciente: z.number().int().optional(),
  })
  .meta({ id: 'SessionUser' });

export const loginResponse = z
  .object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.number().int(), user: sessionUserSchema })
  .meta({ id: 'LoginResponse' });

export const userSchema = z
  .object({ id_user: z.number().int(), username: z.string(), rol: z.enum(ROLES), activo: z.boolean() })
  .meta({ id: 'User' });
export const doctorSchema = z
  .object({ id_doctor: z.number().int(), id_user: z.number().int(), nombre: z.string(), especialidad: z.string(), activo: z.boolean() })
  .meta({ id: 'Doctor' });
export const patientSchema = z
  .object({ id_paciente: z.number().int(), id_user: z.number().int(), nombre: z.string(), telefono: z.string(), estado })
  .meta({ id: 'Patient' });
export const centerSchema = z
  .object({ id_centro: z.number().int(), nombre: z.string(), direccion: z.string(), activo: z.boolean() })
  .meta({ id: 'Center' });

export const directorySchema = z
  .object({
    doctor: doctorSchema.nullable().optional(),
    centro: centerSchema.nullable().optional(),
    paciente: patientSchema.nullable().optional(),
  })
  .meta({
    id: 'DirectoryAnswer',
    description: 'Una entrada por cada id pedido: la ficha, o null si no existe o quien pregunta no puede verla (como un 404 de su ruta).',
  });

export const userPage = pageSchema(userSchema, 'UserPage');
export const doctorPage = pageSchema(doctorSchema, 'DoctorPage');
export const patientPage = pageSchema(patientSchema, 'PatientPage');
export const centerPage = pageSchema(centerSchema, 'CenterPage');

export const bulkResponse = z
  .object({
    created: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.object({
        index: z.number().int(),
        status: z.number().int().meta({ description: '201 o el estado que habría dado la creación individual' }),
        id: z.number().int().optional(),
        error: z.object({ code: z.string(), detail: z.string(), errors: z.array(z.object({ path: z.string(), message: z.string() })) }).optional(),
      }),
    ),
  })
  .meta({ id: 'BulkResponse' });

export const jwksSchema = z
  .object({ keys: z.array(z.object({ kty: z.string(), n: z.string(), e: z.string(), kid: z.string(), alg: z.string(), use: z.string() })) })
  .meta({ id: 'Jwks' });

export type CreateUserBody = z.infer<typeof createUserBody>;
export type CreateDoctorBody = z.infer<typeof createDoctorBody>;
export type CreatePatientBody = z.infer<typeof createPatientBody>;
export type CreateCenterBody = z.infer<typeof createCenterBody>;
