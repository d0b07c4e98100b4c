import type { ValidationError } from '../../../core/domain/errors';
import { z } from 'zod';
import { assertValidCitaChange, type CitaChangeRequest, ESTADOS_PEDIBLES } from '../../../core/domain/appointment-change-request';
import { assertValidCitaFields, DURACION_MAX_MIN, DURACION_MIN_MIN, DURACION_PASO_MIN, DURACION_POR_DEFECTO_MIN, ESTADOS_CITA, MOTIVO_MAX } from '../../../core/domain/appointment';
import { ISO_DATETIME_PATTERN, parseClinicDateTime, parseLocalDate } from '../../../core/domain/clinic-time';
import { DomainError } from '../../../core/domain/errors';
import { CLAVE_IDEMPOTENCIA_CHARS, CLAVE_IDEMPOTENCIA_MAX, claveProblem, IDEMPOTENCY_WINDOW_MS } from '../../../core/domain/idempotency';
import { ROLES } from '../../../core/domain/roles';
import { ACCIONES_CITA } from '../../../core/ports/history';
import { judgedBy } from '../field-problems';
import { coreText, pageQuery, pageSchema, positiveIdText } from '../schemas';

/**
 * The citas routes' request and response schemas. Request schemas are
 * strict (an unknown field is a 422 naming it) and are built per clinic time
 * zone, because `fecha` without an offset is read in that zone. A motivo's
 * or a duration's limits are the core's (core/domain/appointment.ts), judged
 * with the request's other problems (judgedBy, also when another field's type
 * is wrong); here they are only documented.
 */

const id = (description: string) => z.number().int().positive().max(Number.MAX_SAFE_INTEGER).meta({ description });
const idQuery = (description: string) => positiveIdText(description).optional();

/** ISO 8601 datetime, with or without offset; naive = clinic wall clock. Parsed to an instant. */
function fechaField(timeZone: string) {
  return z
    .string()
    .meta({
      description: `Inicio de la cita, ISO 8601. Sin desfase se interpreta en la zona de la clínica (${timeZone}); las respuestas llevan el desfase.`,
      examples: ['2026-03-30T10:00:00', '2026-03-30T10:00:00+02:00'],
      pattern: ISO_DATETIME_PATTERN,
    })
    .transform((text, ctx) => {
      try {
        return parseClinicDateTime(text, timeZone, 'fecha');
      } catch (err) {
        const message = err instanceof DomainError && err.errors[0] ? err.errors[0].message : 'Fecha no válida.';
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
    });
}

const SAFE_TEXT = 'sin caracteres de control (saltos de línea incluidos) ni controles de dirección bidireccional';
const motivo = coreText({ min: 1, max: MOTIVO_MAX }, { description: `Motivo de la consulta, ${SAFE_TEXT}` });
const duracion = z
  .number()
  .meta({
    type: 'integer',
    minimum: DURACION_MIN_MIN,
    maximum: DURACION_MAX_MIN,
    multipleOf: DURACION_PASO_MIN,
    description:
      `Duración en minutos (múltiplo de ${DURACION_PASO_MIN}, ${DURACION_MIN_MIN}–${DURACION_MAX_MIN}); por defecto la de los huecos del doctor en ese centro ` +
      `(duracion_cita_min de su horario; ${DURACION_POR_DEFECTO_MIN} sin horario). Con horario, un paciente solo reserva esa duración.`,
  });
const motivoCancelacion = coreText(
  { max: MOTIVO_MAX },
  { description: `Por qué se cancela (opcional; si solo tiene espacios o caracteres invisibles, la cita queda sin él), ${SAFE_TEXT}` },
);

/**
 * The Idempotency-Key of POST /citas, PUT /citas/{id} and DELETE /citas/{id}
 * (IETF httpapi draft "The Idempotency-Key HTTP Header Field";
 * core/domain/idempotency.ts has the rules). Sent bare,
 * as Stripe's clients do, or as the draft writes it, a quoted string: both
 * are the same key. The pattern is the whole rule, so the document refuses
 * what the service refuses; claveProblem words the answer.
 */
const KEY = `${CLAVE_IDEMPOTENCIA_CHARS}{1,${CLAVE_IDEMPOTENCIA_MAX}}`;
const KEY_HEADER = new RegExp(`^(?:${KEY}|"${KEY}")$`);

export const idempotencyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .superRefine((text, ctx) => {
      if (KEY_HEADER.test(text)) return;
      const quoted = text.length >= 2 && text.startsWith('"') && text.endsWith('"');
      ctx.addIssue({ code: 'custom', message: claveProblem(quoted ? text.slice(1, -1) : text) ?? 'Clave no válida.' });
    })
    .meta({
      pattern: KEY_HEADER.source,
      description:
        `Clave opaca que elige el cliente (un UUID por petición), 1–${CLAVE_IDEMPOTENCIA_MAX} caracteres ASCII: letras, dígitos y . _ ~ : + / = -; ` +
        'admite también la forma entrecomillada del borrador del IETF. Repetir la petición (la misma operación, en la misma cita, con los mismos datos) con la misma ' +
        'clave devuelve la respuesta que tuvo (Idempotent-Replayed: true) sin volver a hacer nada; la misma clave con otra petición es 422. ' +
        `La clave es de quien la envía y se olvida a las ${IDEMPOTENCY_WINDOW_MS / 3_600_000} h.`,
      examples: ['8e03978e-40d5-43e8-bc93-6894a57f9324'],
    })
    .transform((text) => (text.startsWith('"') ? text.slice(1, -1) : text))
    .optional(),
});

/** A cita's fields as the core judges them (assertValidCitaFields), from a body's names: a booking's or a change's. */
const judgeCitaFields = (b: { fecha?: Date; motivo?: string; duracion_min?: number }) =>
  assertValidCitaFields({ inicio: b.fecha, motivo: b.motivo, duracionMin: b.duracion_min });

export function bookBody(timeZone: string) {
  return judgedBy(
    z
      .strictObject({
        fecha: fechaField(timeZone),
        motivo,
        id_paciente: id('Paciente (un paciente solo puede reservar para sí mismo)'),
        id_doctor: id('Doctor'),
        id_centro: id('Centro'),
        duracion_min: duracion.optional(),
      })
      .meta({ id: 'NuevaCita' }),
    judgeCitaFields,
  );
}

/**
 * A PUT body as the core reads a change (core/domain/appointment-change-request.ts):
 * which fields were sent, and the values of those zod could read. The judge
 * of a body zod refused and the route's check of one it accepted both read it.
 */
export function citaChangeOf(body: Partial<PutBody>, sent: ReadonlySet<string> = new Set(Object.keys(body))): CitaChangeRequest {
  return {
    sent,
    estado: body.estado,
    motivoCancelacion: body.motivo_cancelacion,
    inicio: body.fecha,
    motivo: body.motivo,
    duracionMin: body.duracion_min,
  };
}

type PutBody = z.output<ReturnType<typeof putFields>>;

const putFields = (timeZone: string) =>
  z.strictObject({
    estado: z.enum(ESTADOS_PEDIBLES).optional().meta({ description: 'Cancelada, Confirmada, Atendida o NoAsistio; sin otros campos de cambio' }),
    motivo_cancelacion: motivoCancelacion.optional(),
    fecha: fechaField(timeZone).optional(),
    id_doctor: id('Nuevo doctor').optional(),
    id_centro: id('Nuevo centro').optional(),
    motivo: motivo.optional(),
    duracion_min: duracion.optional(),
  });

/**
 * PUT /citas/{id} carries ONE of three requests, told apart by `estado`.
 * Mixing them is a 422 that says which fields clash: the core's rule
 * (assertValidCitaChange), not a zod refinement, because zod skips an
 * object's refinement as soon as one field has the wrong type, and the mix
 * would only be named once that type was fixed.
 */
export function putBody(timeZone: string) {
  return judgedBy(
    putFields(timeZone).meta({
      id: 'ModificarCita',
      description:
        'Una de tres peticiones: cancelar `{"estado":"Cancelada","motivo_cancelacion"?}`, cambiar de estado `{"estado":"Confirmada"|"Atendida"|"NoAsistio"}` o reprogramar con cualquiera de `fecha`, `id_doctor`, `id_centro`, `motivo`, `duracion_min` (crea una cita nueva y cancela la anterior).',
    }),
    (body, sent) => assertValidCitaChange(citaChangeOf(body, sent)),
  );
}

export const listQuery = z.strictObject({
  ...pageQuery,
  id_doctor: idQuery('Solo citas de este doctor'),
  id_centro: idQuery('Solo citas de este centro'),
  id_paciente: idQuery('Solo citas de este paciente'),
  fecha: z
    .string()
    .optional()
    .superRefine((text, ctx) => {
      if (text === undefined) return;
      try {
        parseLocalDate(text, 'fecha');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as ValidationError).errors[0].message });
      }
    })
    .meta({ description: 'Un día (AAAA-MM-DD) en la zona de la clínica: citas que empiezan ese día', format: 'date' }),
  estado: z.enum(ESTADOS_CITA).optional().meta({ description: 'Solo citas en este estado' }),
});

export const citaSchema = z
  .object({
    id_cita: z.number().int(),
    fecha: z.string().meta({ description: 'Inicio, ISO 8601 con el desfase de la clínica', example: '2026-03-30T10:00:00+02:00' }),
    duracion_min: z.number().int(),
    motivo: z.string(),
    estado: z.enum(ESTADOS_CITA),
    id_paciente: z.number().int(),
    id_doctor: z.number().int(),
    id_centro: z.number().int(),
    id_user_registrado: z.number().int(),
    id_cita_anterior: z.number().int().optional().meta({ description: 'La cita a la que sustituye (si viene de un cambio)' }),
    id_cita_nueva: z.number().int().optional().meta({ description: 'La cita que la sustituyó (si se cambió)' }),
    motivo_cancelacion: z.string().optional(),
  })
  .meta({ id: 'Cita' });

export const citaPage = pageSchema(citaSchema, 'PaginaCitas');

export const citaMessage = z.object({ message: z.string(), cita: citaSchema }).meta({ id: 'MensajeCita' });

export const changeResult = z
  .object({ message: z.string(), cita_nueva: citaSchema, cita_anterior: citaSchema })
  .meta({ id: 'CitaCambiada' });

export const historySchema = z
  .array(
    z.object({
      cuando: z.string().meta({ description: 'Cuándo, ISO 8601 con el desfase de la clínica' }),
      id_user: z.number().int(),
      rol: z.enum(ROLES),
      accion: z.enum(ACCIONES_CITA),
      antes: citaSchema.nullable(),
      despues: citaSchema.nullable(),
    }),
  )
  .meta({ id: 'HistorialCita' });
