import { ROLES } from '../../../core/domain/roles';
import { ok, route } from '../route';
import type { AdminHttpDeps } from './deps';
import { centerJson, doctorJson, patientJson } from './presenters';
import { directoryQuery, directorySchema } from './schemas';

/**
 * GET /admin/directorio?id_doctor=&id_centro=&id_paciente=: the records a
 * booking names, in one request (the citas service asks it once per
 * booking). Each under its own route's read rule; null = absent or not
 * visible to the caller.
 */
export function directoryRoutes(d: AdminHttpDeps) {
  return [
    route({
      method: 'get',
      path: '/admin/directorio',
      summary: 'Un doctor, un centro y un paciente en una sola consulta (la que hace citas al reservar)',
      tags: ['directorio'],
      roles: ROLES,
      query: directoryQuery,
      responses: { 200: { description: 'Las fichas pedidas; null si no existe o no es visible para quien pregunta', schema: directorySchema } },
      handler: async ({ query, principal }) => {
        const found = await d.lookUpDirectory.execute({ idDoctor: query.id_doctor, idCentro: query.id_centro, idPaciente: query.id_paciente }, principal);
        return ok({
          ...(found.doctor !== undefined ? { doctor: found.doctor && doctorJson(found.doctor) } : {}),
          ...(found.center !== undefined ? { centro: found.center && centerJson(found.center) } : {}),
          ...(found.patient !== undefined ? { paciente: found.patient && patientJson(found.patient) } : {}),
        });
      },
    }),
  ];
}
