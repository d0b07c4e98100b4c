import { userNotFound } from '../../../core/domain/user';
import { created, noContent, ok, route } from '../route';
import { idParam, pageJson, pageRequestOf } from '../schemas';
import { parseBody } from '../field-problems';
import { bulkJson } from './bulk';
import type { AdminHttpDeps } from './deps';
import { userJson } from './presenters';
import { bulkBody, bulkResponse, createUserBody, resetPasswordBody, updateUserBody, userListQuery, userPage, userSchema } from './schemas';

const ADMIN = ['admin'] as const;

export function userRoutes(d: AdminHttpDeps) {
  return [
    route({
      method: 'post',
      path: '/admin/usuario/lote',
      summary: 'Crear usuarios en lote',
      tags: ['usuarios'],
      roles: ADMIN,
      bodySize: 'bulk',
      body: bulkBody,
      responses: { 200: { description: 'Un resultado por elemento', schema: bulkResponse } },
      handler: async ({ body, req, actor }) => {
        const createOne = async (item: unknown) => d.createUser.execute(parseBody(createUserBody, item), actor);
        return ok(bulkJson(await d.bulkCreate.execute(body.items, createOne, 'usuarios.gestionar', actor), req.log));
      },
    }),
    route({
      method: 'post',
      path: '/admin/usuario',
      summary: 'Crear un usuario admin o secretaria',
      tags: ['usuarios'],
      roles: ADMIN,
      body: createUserBody,
      responses: { 201: { description: 'Usuario creado', schema: userSchema }, 409: { description: 'El nombre de usuario ya existe' } },
      handler: async ({ body, actor }) => {
        const user = await d.createUser.execute(body, actor);
        return created(userJson(user), `/admin/usuario/${user.id}`);
      },
    }),
    route({
      method: 'get',
      path: '/admin/usuario',
      summary: 'Listar usuarios',
      tags: ['usuarios'],
      roles: ADMIN,
      query: userListQuery,
      responses: { 200: { description: 'Página de usuarios', schema: userPage } },
      handler: async ({ query }) => ok(pageJson(await d.users.list({ rol: query.rol }, pageRequestOf(query)), userJson)),
    }),
    route({
      method: 'get',
      path: '/admin/usuario/:id',
      summary: 'Un usuario',
      tags: ['usuarios'],
      roles: ADMIN,
      params: idParam,
      responses: { 200: { description: 'El usuario', schema: userSchema }, 404: { description: 'No existe' } },
      handler: async ({ params }) => {
        const user = await d.users.byId(params.id);
        if (!user) throw userNotFound(params.id);
        return ok(userJson(user));
      },
    }),
    route({
      method: 'patch',
      path: '/admin/usuario/:id',
      summary: 'Activar o desactivar un usuario admin o secretaria',
      tags: ['usuarios'],
      roles: ADMIN,
      params: idParam,
      body: updateUserBody,
      responses: { 200: { description: 'El usuario', schema: userSchema }, 404: { description: 'No existe' } },
      handler: async ({ params, body, actor }) => ok(userJson(await d.setUserActive.execute(params.id, body.activo, actor))),
    }),
    route({
      method: 'post',
      path: '/admin/usuario/:id/password',
      summary: 'Poner una contraseña nueva a un usuario (olvidada o filtrada); sus tokens dejan de valer',
      tags: ['usuarios'],
      roles: ADMIN,
      bodySize: 'small',
      params: idParam,
      body: resetPasswordBody,
      responses: {
        204: { description: 'Contraseña cambiada' },
        404: { description: 'No existe' },
        422: { description: 'password_nueva no cumple la política' },
      },
      handler: async ({ params, body, actor }) => {
        await d.resetPassword.execute(params.id, body.password_nueva, actor);
        return noContent();
      },
    }),
    route({
      method: 'delete',
      path: '/admin/usuario/:id',
      summary: 'Dar de baja un usuario admin o secretaria (sus tokens dejan de valer); nunca se borra',
      tags: ['usuarios'],
      roles: ADMIN,
      params: idParam,
      responses: { 200: { description: 'Usuario inactivo', schema: userSchema }, 404: { description: 'No existe' } },
      handler: async ({ params, actor }) => ok(userJson(await d.setUserActive.execute(params.id, false, actor))),
    }),
  ];
}
