import { created, ok, route } from '../route';
import { idParam, pageJson, pageRequestOf } from '../schemas';
import { parseBody } from '../field-problems';
import { bulkJson } from './bulk';
import type { AdminHttpDeps } from './deps';
import { patientJson } from './presenters';
import { bulkBody, bulkResponse, createPatientBody, patientListQuery, patientPage, patientSchema, updatePatientBody } from './schemas';

const ADMIN = ['admin'] as const;

export function patientRoutes(d: AdminHttpDeps) {
  return [
    route({
      method: 'post',
      path: '/admin/pacientes/lote',
      summary: 'Crear pacientes en lote',
      tags: ['pacientes'],
      roles: ADMIN,
      bodySize: 'bulk',
      body: bulkBody,
      responses: { 200: { description: 'Un resultado por elemento', schema: bulkResponse } },
      handler: async ({ body, req, actor }) => {
        const createOne = async (item: unknown) => d.createPatient.execute(parseBody(createPatientBody, item), actor);
        return ok(bulkJson(await d.bulkCreate.execute(body.items, createOne, 'pacientes.gestionar', actor), req.log));
      },
    }),
    route({
      method: 'post',
      path: '/admin/pacientes',
      summary: 'Crear un paciente y su usuario (rol paciente)',
      tags: ['pacientes'],
      roles: ADMIN,
      body: createPatientBody,
      responses: { 201: { description: 'Paciente creado', schema: patientSchema }, 409: { description: 'El nombre de usuario ya existe' } },
      handler: async ({ body, actor }) => {
        const patient = await d.createPatient.execute(body, actor);
        return created(patientJson(patient), `/admin/pacientes/${patient.id}`);
      },
    }),
    route({
      method: 'get',
      path: '/admin/pacientes',
      summary: 'Listar pacientes',
      tags: ['pacientes'],
      roles: ['admin', 'secretaria', 'medico'],
      query: patientListQuery,
      responses: { 200: { description: 'Página de pacientes', schema: patientPage } },
      handler: async ({ query, principal }) =>
        ok(pageJson(await d.readPatient.list({ q: query.q, estado: query.estado, telefono: query.telefono, idUsers: query.id_user, ids: query.id_paciente }, pageRequestOf(query), principal), patientJson)),
    }),
    route({
      method: 'get',
      path: '/admin/pacientes/:id',
      summary: 'Un paciente (un paciente solo ve su propia ficha)',
      tags: ['pacientes'],
      roles: ['admin', 'secretaria', 'medico', 'paciente'],
      params: idParam,
      responses: { 200: { description: 'El paciente', schema: patientSchema }, 404: { description: 'No existe, o no es la ficha del paciente que pregunta' } },
      handler: async ({ params, principal }) => ok(patientJson(await d.readPatient.execute(params.id, principal))),
    }),
    route({
      method: 'patch',
      path: '/admin/pacientes/:id',
      summary: 'Modificar un paciente',
      tags: ['pacientes'],
      roles: ADMIN,
      params: idParam,
      body: updatePatientBody,
      responses: { 200: { description: 'Paciente modificado', schema: patientSchema }, 404: { description: 'No existe' } },
      handler: async ({ params, body, actor }) => ok(patientJson(await d.updatePatient.execute(params.id, body, actor))),
    }),
    route({
      method: 'delete',
      path: '/admin/pacientes/:id',
      summary: 'Dar de baja un paciente (estado INACTIVO, usuario inactivo); nunca se borra',
      tags: ['pacientes'],
      roles: ADMIN,
      params: idParam,
      responses: { 200: { description: 'Paciente inactivo', schema: patientSchema }, 404: { description: 'No existe' } },
      handler: async ({ params, actor }) => ok(patientJson(await d.deactivatePatient.execute(params.id, actor))),
    }),
  ];
}
