import type { Ausencia } from '../../../core/domain/absence';
import { formatClinicDateTime } from '../../../core/domain/clinic-time';
import type { Principal } from '../../../core/domain/roles';
import type { Horario } from '../../../core/domain/schedule';
import type { Caller } from '../../../core/ports/directory';
import type { Conflicto } from '../../../core/use-cases/agenda-conflicts';
import type { AgendaUseCases } from '../../../core/use-cases/agenda-use-cases';
import { ROLES } from '../../../core/domain/roles';
import { created, noContent, ok, route, type RouteSpec } from '../route';
import { pageJson, pageRequestOf } from '../schemas';
import {
  absenceBody,
  absenceListQuery,
  absenceParam,
  ausenciaCreada,
  ausenciaSchema,
  ausenciaPage,
  availabilityQuery,
  availabilitySchema,
  doctorParam,
  horarioSet,
  horariosSchema,
  nextSlotsQuery,
  nextSlotsSchema,
  scheduleBody,
} from './agenda-schemas';

/** The agenda use cases (agendaUseCases), and the zone the answers' times are written in. */
export interface AgendaHttpDeps {
  timeZone: string;
  useCases: AgendaUseCases;
}

const TAGS = ['agenda'];
const STAFF = ['admin', 'secretaria'] as const;
const ABSENCE_WRITERS = ['admin', 'secretaria', 'medico'] as const;

/**
 * Doctors' schedules and absences, and free slots. Mounted BEFORE the /citas
 * routes, so /citas/disponibilidad is not read as /citas/{id}. The gate
 * checks roles; "only that doctor" is the use cases' rule.
 */
export function agendaRoutes({ timeZone: tz, useCases: d }: AgendaHttpDeps): RouteSpec[] {
  const at = (instant: Date) => formatClinicDateTime(instant, tz);
  const caller = (principal: Principal, token: string, requestId: string): Caller => ({ principal, credential: token, requestId });
  const horarioJson = (h: Horario) => ({ id_centro: h.idCentro, franjas: h.franjas, duracion_cita_min: h.duracionCitaMin });
  const ausenciaJson = (a: Ausencia) => ({ id_ausencia: a.id, id_doctor: a.idDoctor, desde: at(a.desde), hasta: at(a.hasta), motivo: a.motivo });
  const conflictoJson = ({ cita, violation }: Conflicto) => ({
    id_cita: cita.id,
    fecha: at(cita.inicio),
    duracion_min: cita.duracionMin,
    estado: cita.estado,
    id_paciente: cita.idPaciente,
    id_centro: cita.idCentro,
    codigo: violation.code,
    detalle: violation.message,
  });

  return [
    route({
      method: 'get',
      path: '/citas/disponibilidad/proximos',
      summary: 'Primeros huecos libres de una especialidad',
      tags: TAGS,
      roles: ROLES,
      query: nextSlotsQuery,
      responses: {
        200: { description: 'Huecos libres de los doctores activos de la especialidad, del más temprano al más tardío', schema: nextSlotsSchema },
        422: { description: 'CENTRO_NO_EXISTE' },
      },
      handler: async ({ query, principal, token, req }) => {
        const r = await d.nextSlots.execute(
          { especialidad: query.especialidad, desde: query.desde, idCentro: query.id_centro, limite: query.limite },
          caller(principal, token, req.id),
        );
        return ok({
          especialidad: r.especialidad,
          desde: r.desde,
          hasta: r.hasta,
          huecos: r.huecos.map((h) => ({ inicio: at(h.inicio), fin: at(h.fin), id_centro: h.idCentro, id_doctor: h.idDoctor, nombre_doctor: h.nombreDoctor })),
        });
      },
    }),
    route({
      method: 'get',
      path: '/citas/disponibilidad',
      summary: 'Huecos libres y ocupados de un doctor en un día',
      tags: TAGS,
      roles: ROLES,
      query: availabilityQuery,
      responses: {
        200: {
          description:
            'Huecos libres según el horario (o la JORNADA por defecto si el doctor no tiene horario), menos ausencias y citas activas; y los intervalos ocupados',
          schema: availabilitySchema,
        },
        422: { description: 'DOCTOR_NO_EXISTE o CENTRO_NO_EXISTE' },
      },
      handler: async ({ query, principal, token, req }) => {
        const r = await d.availability.execute(
          { idDoctor: query.id_doctor, fecha: query.fecha, idCentro: query.id_centro, duracionMin: query.duracion_min },
          caller(principal, token, req.id),
        );
        return ok({
          id_doctor: r.idDoctor,
          fecha: r.fecha,
          huecos: r.huecos.map((h) => ({ inicio: at(h.inicio), fin: at(h.fin), id_centro: h.idCentro })),
          ocupado: r.ocupado.map((o) => ({ inicio: at(o.inicio), fin: at(o.fin) })),
        });
      },
    }),
    route({
      method: 'put',
      path: '/agenda/:id_doctor/horario',
      summary: 'Definir el horario semanal de un doctor en un centro',
      tags: TAGS,
      roles: STAFF,
      params: doctorParam,
      body: scheduleBody,
      responses: {
        200: { description: 'El horario del doctor en ese centro, que sustituye al anterior, y las citas que ahora quedan fuera (conflictos)', schema: horarioSet },
        422: { description: 'VALIDACION (franjas solapadas o mal formadas), DOCTOR_NO_EXISTE, CENTRO_NO_EXISTE, DOCTOR_INACTIVO, CENTRO_INACTIVO' },
      },
      handler: async ({ params, body, principal, token, req }) => {
        const r = await d.setSchedule.execute(
          { idDoctor: params.id_doctor, idCentro: body.id_centro, franjas: body.franjas, duracionCitaMin: body.duracion_cita_min },
          caller(principal, token, req.id),
        );
        return ok({ id_doctor: r.horario.idDoctor, ...horarioJson(r.horario), conflictos: r.conflictos.map(conflictoJson) });
      },
    }),
    route({
      method: 'get',
      path: '/agenda/:id_doctor/horario',
      summary: 'Horario semanal de un doctor (todos sus centros)',
      tags: TAGS,
      roles: ROLES,
      params: doctorParam,
      responses: {
        200: { description: 'Horarios por centro; vacío si el doctor aún no tiene horario', schema: horariosSchema },
        404: { description: 'El doctor no existe' },
      },
      handler: async ({ params, principal, token, req }) => {
        const r = await d.getSchedule.execute(params.id_doctor, caller(principal, token, req.id));
        return ok({ id_doctor: r.idDoctor, horarios: r.horarios.map(horarioJson) });
      },
    }),
    route({
      method: 'post',
      path: '/agenda/:id_doctor/ausencias',
      summary: 'Registrar una ausencia del doctor',
      tags: TAGS,
      roles: ABSENCE_WRITERS,
      params: doctorParam,
      body: absenceBody(tz),
      responses: {
        201: { description: 'La ausencia, y las citas ya reservadas que caen dentro (conflictos)', schema: ausenciaCreada },
        403: { description: 'Un doctor solo puede registrar sus propias ausencias' },
        422: { description: 'VALIDACION (hasta no posterior a desde, ya pasado, o después del 9999-12-31) o DOCTOR_NO_EXISTE' },
      },
      handler: async ({ params, body, principal, token, req }) => {
        const r = await d.addAbsence.execute(
          { idDoctor: params.id_doctor, desde: body.desde, hasta: body.hasta, motivo: body.motivo },
          caller(principal, token, req.id),
        );
        return created(
          { ...ausenciaJson(r.ausencia), conflictos: r.conflictos.map(conflictoJson) },
          `/agenda/${r.ausencia.idDoctor}/ausencias/${r.ausencia.id}`,
        );
      },
    }),
    route({
      method: 'get',
      path: '/agenda/:id_doctor/ausencias',
      summary: 'Ausencias de un doctor',
      tags: TAGS,
      roles: ROLES,
      params: doctorParam,
      query: absenceListQuery(tz),
      responses: {
        200: {
          description: 'Lista paginada, por fecha de inicio. El motivo solo lo ven administración, secretaría y el propio doctor; para los demás es null.',
          schema: ausenciaPage,
        },
        404: { description: 'El doctor no existe' },
      },
      handler: async ({ params, query, principal, token, req }) => {
        const page = await d.listAbsences.execute(params.id_doctor, { desde: query.desde, hasta: query.hasta }, pageRequestOf(query), caller(principal, token, req.id));
        return ok(pageJson(page, ausenciaJson));
      },
    }),
    route({
      method: 'get',
      path: '/agenda/:id_doctor/ausencias/:id',
      summary: 'Una ausencia de un doctor (donde apunta el Location de su alta)',
      tags: TAGS,
      roles: ROLES,
      params: absenceParam,
      responses: {
        200: { description: 'La ausencia. El motivo solo lo ven administración, secretaría y el propio doctor; para los demás es null.', schema: ausenciaSchema },
        404: { description: 'El doctor no tiene esa ausencia' },
      },
      handler: async ({ params, principal }) => ok(ausenciaJson(await d.getAbsence.execute(params.id_doctor, params.id, principal))),
    }),
    route({
      method: 'delete',
      path: '/agenda/:id_doctor/ausencias/:id',
      summary: 'Borrar una ausencia',
      tags: TAGS,
      roles: ABSENCE_WRITERS,
      params: absenceParam,
      responses: {
        204: { description: 'Borrada; el doctor vuelve a poder reservarse en ese periodo' },
        403: { description: 'Un doctor solo puede borrar sus propias ausencias' },
        404: { description: 'El doctor no tiene esa ausencia' },
      },
      handler: async ({ params, principal }) => {
        await d.removeAbsence.execute(params.id_doctor, params.id, principal);
        return noContent();
      },
    }),
  ];
}
