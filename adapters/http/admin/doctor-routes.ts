import { ROLES } from '../../../core/domain/roles';
import { doctorNotFound } from '../../../core/domain/doctor';
import { created, ok, route } from '../route';
import { idParam, pageJson, pageRequestOf } from '../schemas';
import { parseBody } from '../field-problems';
import { bulkJson } from './bulk';
import type { AdminHttpDeps } from './deps';
import { doctorJson } from './presenters';
import { bulkBody, bulkResponse, createDoctorBody, doctorListQuery, doctorPage, doctorSchema, updateDoctorBody } from './schemas';

const ADMIN = ['admin'] as const;

export function doctorRoutes(d: AdminHttpDeps) {
  return [
    route({
      method: 'post',
      path: '/admin/doctores/lote',
      summary: 'Crear doctores en lote',
      tags: ['doctores'],
      roles: ADMIN,
      bodySize: 'bulk',
      body: bulkBody,
      responses: { 200: { description: 'Un resultado por elemento', schema: bulkResponse } },
      handler: async ({ body, req, actor }) => {
        const createOne = async (item: unknown) => d.createDoctor.execute(parseBody(createDoctorBody, item), actor);
        return ok(bulkJson(await d.bulkCreate.execute(body.items, createOne, 'doctores.gestionar', actor), req.log));
      },
    }),
    route({
      method: 'post',
      path: '/admin/doctores',
      summary: 'Crear un doctor y su usuario (rol medico)',
      tags: ['doctores'],
      roles: ADMIN,
      body: createDoctorBody,
      responses: { 201: { description: 'Doctor creado', schema: doctorSchema }, 409: { description: 'El nombre de usuario ya existe' } },
      handler: async ({ body, actor }) => {
        const doctor = await d.createDoctor.execute(body, actor);
        return created(doctorJson(doctor), `/admin/doctores/${doctor.id}`);
      },
    }),
    route({
      method: 'get',
      path: '/admin/doctores',
      summary: 'Listar doctores',
      tags: ['doctores'],
      roles: ROLES,
      query: doctorListQuery,
      responses: { 200: { description: 'Página de doctores', schema: doctorPage } },
      handler: async ({ query }) =>
        ok(pageJson(await d.doctors.list({ q: query.q, especialidad: query.especialidad, activo: query.activo }, pageRequestOf(query)), doctorJson)),
    }),
    route({
      method: 'get',
      path: '/admin/doctores/:id',
      summary: 'Un doctor',
      tags: ['doctores'],
      roles: ROLES,
      params: idParam,
      responses: { 200: { description: 'El doctor', schema: doctorSchema }, 404: { description: 'No existe' } },
      handler: async ({ params }) => {
        const doctor = await d.doctors.byId(params.id);
        if (!doctor) throw doctorNotFound(params.id);
        return ok(doctorJson(doctor));
      },
    }),
    route({
      method: 'patch',
      path: '/admin/doctores/:id',
      summary: 'Modificar un doctor',
      tags: ['doctores'],
      roles: ADMIN,
      params: idParam,
      body: updateDoctorBody,
      responses: { 200: { description: 'Doctor modificado', schema: doctorSchema }, 404: { description: 'No existe' } },
      handler: async ({ params, body, actor }) => ok(doctorJson(await d.updateDoctor.execute(params.id, body, actor))),
    }),
    route({
      method: 'delete',
      path: '/admin/doctores/:id',
      summary: 'Dar de baja un doctor (y su usuario); nunca se borra',
      tags: ['doctores'],
      roles: ADMIN,
      params: idParam,
      responses: { 200: { description: 'Doctor inactivo', schema: doctorSchema }, 404: { description: 'No existe' } },
      handler: async ({ params, actor }) => ok(doctorJson(await d.deactivateDoctor.execute(params.id, actor))),
    }),
  ];
}
