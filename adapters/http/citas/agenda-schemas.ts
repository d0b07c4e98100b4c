import type { ValidationError } from '../../../core/domain/errors';
import { z } from 'zod';
import { DURACION_MAX_MIN, DURACION_MIN_MIN, DURACION_PASO_MIN, DURACION_POR_DEFECTO_MIN, ESTADOS_CITA } from '../../../core/domain/appointment';
import { dayBounds, ISO_DATETIME_PATTERN, parseClinicDateTime, parseLocalDate } from '../../../core/domain/clinic-time';
import { assertValidAusencia, MOTIVO_AUSENCIA_MAX } from '../../../core/domain/absence';
import { ESPECIALIDAD_MAX } from '../../../core/domain/doctor';
import { DomainError } from '../../../core/domain/errors';
import { assertValidHorario, MAX_FRANJAS } from '../../../core/domain/schedule';
import { LIMITE_PROXIMOS_MAX, LIMITE_PROXIMOS_POR_DEFECTO } from '../../../core/use-cases/find-next-slots';
import { judgedBy } from '../field-problems';
import { coreText, integerText, pageQuery, pageSchema, positiveIdText, TEXT_BOUND } from '../schemas';

/**
 * Request and response schemas of the agenda routes (schedules, absences,
 * availability). Strict: an unknown field is refused and named. Instants are
 * answered as ISO 8601 with the clinic's offset. What a schedule's franjas
 * and durations or an absence's motivo may hold is the core's rule
 * (core/domain/schedule.ts, absence.ts), judged with every other problem of
 * the request (judgedBy, also when another field's type is wrong); these
 * schemas document it.
 */

const positiveId = (description: string) => positiveIdText(description);

export const doctorParam = z.strictObject({ id_doctor: positiveId('Doctor') });
export const absenceParam = z.strictObject({ id_doctor: positiveId('Doctor'), id: positiveId('Ausencia') });

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function localDay(description: string) {
  return z
    .string()
    .meta({ description, format: 'date', examples: ['2026-04-06'] })
    .superRefine((text, ctx) => {
      try {
        parseLocalDate(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as ValidationError).errors[0].message });
      }
    });
}

/**
 * An instant, or a whole clinic day: "2026-04-06T09:00:00" (clinic time
 * without offset), "2026-04-06T09:00:00+02:00", or "2026-04-06" = the start of
 * that day (edge 'start') or the start of the next one (edge 'end'), so
 * {"desde":"2026-04-06","hasta":"2026-04-06"} is the whole day.
 */
function instantOrDay(timeZone: string, edge: 'start' | 'end', description: string) {
  return z
    .string()
    .meta({
      description,
      // A day or a datetime (offset optional, unlike format date-time): DATE, or the shape parseClinicDateTime reads, from its home.
      pattern: `${DATE.source}|${ISO_DATETIME_PATTERN}`,
      examples: edge === 'start' ? ['2026-04-06', '2026-04-06T09:00:00'] : ['2026-04-10', '2026-04-06T14:00:00'],
    })
    .transform((text, ctx) => {
      try {
        if (DATE.test(text)) {
          const day = dayBounds(parseLocalDate(text), timeZone);
          return edge === 'start' ? day.desde : day.hasta;
        }
        return parseClinicDateTime(text, timeZone);
      } catch (err) {
        const message = err instanceof DomainError && err.errors[0] ? err.errors[0].message : 'Fecha no válida.';
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
    });
}

const hhmm = (description: string, allowEnd: boolean) =>
  z
    .string()
    .max(TEXT_BOUND)
    .meta({ description, pattern: allowEnd ? '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$' : '^([01]\\d|2[0-3]):[0-5]\\d$' });

export const franjaSchema = z
  .strictObject({
    dia: z.number().meta({ type: 'integer', minimum: 1, maximum: 7, description: 'Día de la semana: 1 = lunes ... 7 = domingo' }),
    desde: hhmm('Hora de inicio, HH:MM (hora de la clínica)', false),
    hasta: hhmm('Hora de fin, HH:MM, posterior a desde (24:00 = medianoche)', true),
  })
  .meta({ id: 'Franja' });

const duracionCita = z.number().meta({
  type: 'integer',
  minimum: DURACION_MIN_MIN,
  maximum: DURACION_MAX_MIN,
  multipleOf: DURACION_PASO_MIN,
  description: `Duración de los huecos que se ofrecen, en minutos (múltiplo de ${DURACION_PASO_MIN}); por defecto ${DURACION_POR_DEFECTO_MIN}`,
});

export const scheduleBody = judgedBy(
  z
    .strictObject({
      id_centro: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).meta({ description: 'Centro donde atiende en estas franjas' }),
      // No bound of its own: the body's size bounds it, and the core refuses more than MAX_FRANJAS before comparing any two.
      franjas: z
        .array(franjaSchema)
        .meta({ maxItems: MAX_FRANJAS, description: 'Franjas semanales; sin solapes entre sí ni con las del mismo doctor en otros centros. Vacío = quitar el horario en ese centro.' }),
      duracion_cita_min: duracionCita.optional(),
    })
    .meta({ id: 'NuevoHorario' }),
  // As SetSchedule's first check: the schedule against itself; the doctor's other centers need the database.
  (b) => assertValidHorario({ franjas: b.franjas, duracionCitaMin: b.duracion_cita_min }, []),
);

export function absenceBody(timeZone: string) {
  return judgedBy(
    z
      .strictObject({
        desde: instantOrDay(timeZone, 'start', 'Inicio: fecha y hora ISO 8601, o un día AAAA-MM-DD (desde su comienzo)'),
        hasta: instantOrDay(timeZone, 'end', 'Fin (excluido): fecha y hora ISO 8601, o un día AAAA-MM-DD (incluido entero)'),
        motivo: coreText(
          { max: MOTIVO_AUSENCIA_MAX },
          {
            description:
              'Motivo (opcional; si solo tiene espacios o caracteres invisibles, se guarda null), sin caracteres de control ni controles de dirección; solo lo ven administración, secretaría y el propio doctor',
          },
        )
          .nullable()
          .optional(),
      })
      .meta({ id: 'NuevaAusencia' }),
    (b) => assertValidAusencia({ desde: b.desde, hasta: b.hasta, motivo: b.motivo }, timeZone),
  );
}

export function absenceListQuery(timeZone: string) {
  return z.strictObject({
    ...pageQuery,
    desde: instantOrDay(timeZone, 'start', 'Solo ausencias que terminan después de este instante o día').optional(),
    hasta: instantOrDay(timeZone, 'end', 'Solo ausencias que empiezan antes de este instante o del final de este día').optional(),
  });
}

export const availabilityQuery = z.strictObject({
  id_doctor: positiveId('Doctor'),
  fecha: localDay('Día (AAAA-MM-DD) en la zona de la clínica'),
  id_centro: positiveId('Solo huecos en este centro').optional(),
  duracion_min: integerText(DURACION_MIN_MIN, DURACION_MAX_MIN)
    .refine((n) => n % DURACION_PASO_MIN === 0, `Debe ser múltiplo de ${DURACION_PASO_MIN}.`)
    .optional()
    .meta({
      description: `Duración de los huecos en minutos, múltiplo de ${DURACION_PASO_MIN}; por defecto la del horario (${DURACION_POR_DEFECTO_MIN} sin horario)`,
      multipleOf: DURACION_PASO_MIN,
    }),
});

export const nextSlotsQuery = z.strictObject({
  // admin's own bound: a longer one cannot name any doctor, and admin would refuse the lookup.
  especialidad: z
    .string()
    .trim()
    .min(1)
    .max(ESPECIALIDAD_MAX)
    .meta({ description: `Especialidad entera, como figura en el doctor pero sin distinguir mayúsculas ni acentos, hasta ${ESPECIALIDAD_MAX} caracteres` }),
  desde: localDay('Primer día a buscar (AAAA-MM-DD); si es anterior a hoy, desde hoy'),
  id_centro: positiveId('Solo huecos en este centro').optional(),
  limite: integerText(1, LIMITE_PROXIMOS_MAX)
    .default(LIMITE_PROXIMOS_POR_DEFECTO)
    .meta({ description: `Cuántos huecos como máximo (1–${LIMITE_PROXIMOS_MAX}, por defecto ${LIMITE_PROXIMOS_POR_DEFECTO})` }),
});

const instant = (description: string) =>
  z.string().meta({ description: `${description}, ISO 8601 con el desfase de la clínica`, example: '2026-04-07T09:00:00+02:00' });

export const conflictoSchema = z
  .object({
    id_cita: z.number().int(),
    fecha: instant('Inicio de la cita'),
    duracion_min: z.number().int(),
    estado: z.enum(ESTADOS_CITA),
    id_paciente: z.number().int(),
    id_centro: z.number().int(),
    codigo: z.enum(['FUERA_DE_HORARIO', 'DOCTOR_AUSENTE']),
    detalle: z.string(),
  })
  .meta({ id: 'ConflictoAgenda', description: 'Cita ya reservada que queda fuera de la agenda; no se modifica' });

const horarioFields = {
  id_centro: z.number().int(),
  franjas: z.array(franjaSchema),
  duracion_cita_min: z.number().int(),
};

export const horarioSet = z
  .object({ id_doctor: z.number().int(), ...horarioFields, conflictos: z.array(conflictoSchema) })
  .meta({ id: 'HorarioGuardado' });

export const horariosSchema = z
  .object({ id_doctor: z.number().int(), horarios: z.array(z.object(horarioFields).meta({ id: 'Horario' })) })
  .meta({ id: 'HorariosDoctor' });

export const ausenciaSchema = z
  .object({
    id_ausencia: z.number().int(),
    id_doctor: z.number().int(),
    desde: instant('Inicio'),
    hasta: instant('Fin (excluido)'),
    motivo: z.string().nullable().meta({ description: 'Por qué; null si no se indicó o si quien pregunta no puede verlo (solo administración, secretaría y el propio doctor)' }),
  })
  .meta({ id: 'Ausencia' });

export const ausenciaCreada = z
  .object({ ...ausenciaSchema.shape, conflictos: z.array(conflictoSchema) })
  .meta({ id: 'AusenciaCreada' });

export const ausenciaPage = pageSchema(ausenciaSchema, 'PaginaAusencias');

const huecoSchema = z
  .object({
    inicio: instant('Inicio'),
    fin: instant('Fin'),
    id_centro: z.number().int().nullable().meta({ description: 'Centro; null si el doctor no tiene horario y no se pidió centro' }),
  })
  .meta({ id: 'Hueco' });

export const availabilitySchema = z
  .object({
    id_doctor: z.number().int(),
    fecha: z.string(),
    huecos: z.array(huecoSchema),
    ocupado: z.array(z.object({ inicio: instant('Inicio'), fin: instant('Fin') })),
  })
  .meta({ id: 'Disponibilidad' });

export const nextSlotsSchema = z
  .object({
    especialidad: z.string(),
    desde: z.string(),
    hasta: z.string().meta({ description: 'Último día examinado' }),
    huecos: z.array(
      z.object({
        inicio: instant('Inicio'),
        fin: instant('Fin'),
        id_centro: z.number().int().nullable(),
        id_doctor: z.number().int(),
        nombre_doctor: z.string(),
      }),
    ),
  })
  .meta({ id: 'ProximosHuecos' });
