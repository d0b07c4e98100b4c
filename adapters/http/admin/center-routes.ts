import { ROLES } from '../../../core/domain/roles';
import { centerNotFound } from '../../../core/domain/center';
import { created, ok, route } from '../route';
import { idParam, pageJson, pageRequestOf } from '../schemas';
import { parseBody } from '../field-problems';
import { bulkJson } from './bulk';
import type { AdminHttpDeps } from './deps';
import { centerJson } from './presenters';
import { bulkBody, bulkResponse, centerListQuery, centerPage, centerSchema, createCenterBody, updateCenterBody } from './schemas';

const ADMIN = ['admin'] as const;

export function centerRoutes(d: AdminHttpDeps) {
  return [
    route({
      method: 'post',
      path: '/admin/centros/lote',
      summary: 'Crear centros en lote',
      tags: ['centros'],
      roles: ADMIN,
      bodySize: 'bulk',
      body: bulkBody,
      responses: { 200: { description: 'Un resultado por elemento', schema: bulkResponse } },
      handler: async ({ body, req, actor }) => {
        const createOne = (item: unknown) => d.createCenter.execute(parseBody(createCenterBody, item), actor);
        return ok(bulkJson(await d.bulkCreate.execute(body.items, createOne, 'centros.gestionar', actor), req.log));
      },
    }),
    route({
      method: 'post',
      path: '/admin/centros',
      summary: 'Crear un centro',
      tags: ['centros'],
      roles: ADMIN,
      body: createCenterBody,
      responses: { 201: { description: 'Centro creado', schema: centerSchema } },
      handler: async ({ body, actor }) => {
        const center = await d.createCenter.execute(body, actor);
        return created(centerJson(center), `/admin/centros/${center.id}`);
      },
    }),
    route({
      method: 'get',
      path: '/admin/centros',
      summary: 'Listar centros',
      tags: ['centros'],
      roles: ROLES,
      query: centerListQuery,
      responses: { 200: { description: 'Página de centros', schema: centerPage } },
      handler: async ({ query }) => ok(pageJson(await d.centers.list({ q: query.q, activo: query.activo }, pageRequestOf(query)), centerJson)),
    }),
    route({
      method: 'get',
      path: '/admin/centros/:id',
      summary: 'Un centro',
      tags: ['centros'],
      roles: ROLES,
      params: idParam,
      responses: { 200: { description: 'El centro', schema: centerSchema }, 404: { description: 'No existe' } },
      handler: async ({ params }) => {
        const center = await d.centers.byId(params.id);
        if (!center) throw centerNotFound(params.id);
        return ok(centerJson(center));
      },
    }),
    route({
      method: 'patch',
      path: '/admin/centros/:id',
      summary: 'Modificar un centro',
      tags: ['centros'],
      roles: ADMIN,
      params: idParam,
      body: updateCenterBody,
      responses: { 200: { description: 'Centro modificado', schema: centerSchema }, 404: { description: 'No existe' } },
      handler: async ({ params, body, actor }) => ok(centerJson(await d.updateCenter.execute(params.id, body, actor))),
    }),
    route({
      method: 'delete',
      path: '/admin/centros/:id',
      summary: 'Dar de baja un centro; nunca se borra',
      tags: ['centros'],
      roles: ADMIN,
      params: idParam,
      responses: { 200: { description: 'Centro inactivo', schema: centerSchema }, 404: { description: 'No existe' } },
      handler: async ({ params, actor }) => ok(centerJson(await d.deactivateCenter.execute(params.id, actor))),
    }),
  ];
}
