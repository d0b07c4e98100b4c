import { noContent, ok, route } from '../route';
import type { AdminHttpDeps } from './deps';
import { sessionUserJson } from './presenters';
import { changePasswordBody, jwksSchema, loginBody, loginResponse, sessionUserSchema } from './schemas';

const ANYONE_SIGNED_IN = ['admin', 'medico', 'secretaria', 'paciente'] as const;

export function authRoutes(d: AdminHttpDeps) {
  return [
    route({
      method: 'post',
      path: '/auth/login',
      summary: 'Iniciar sesión y obtener un token',
      tags: ['auth'],
      roles: 'public',
      body: loginBody,
      responses: {
        200: { description: 'Token de acceso (RS256)', schema: loginResponse },
        401: { description: 'Usuario o contraseña incorrectos (misma respuesta para usuario inexistente)' },
        429: { description: 'Demasiados intentos fallidos; ver Retry-After' },
      },
      handler: async ({ body, req }) => {
        const session = await d.logIn.execute({ username: body.username, password: body.password, address: req.ip ?? 'desconocida' });
        return {
          status: 200,
          headers: { 'Cache-Control': 'no-store' },
          body: { access_token: session.token, token_type: 'Bearer', expires_in: session.expiresInSeconds, user: sessionUserJson(session.user) },
        };
      },
    }),
    route({
      method: 'get',
      path: '/auth/me',
      summary: 'Usuario del token',
      tags: ['auth'],
      roles: ANYONE_SIGNED_IN,
      responses: { 200: { description: 'El usuario autenticado', schema: sessionUserSchema } },
      handler: async ({ principal, session }) => ok(sessionUserJson(await d.session.execute(principal, session))),
    }),
    route({
      method: 'post',
      path: '/auth/password',
      summary: 'Cambiar la propia contraseña; todos los tokens emitidos antes (también este) dejan de valer',
      tags: ['auth'],
      roles: ANYONE_SIGNED_IN,
      bodySize: 'small',
      body: changePasswordBody,
      responses: {
        204: { description: 'Contraseña cambiada: inicie sesión de nuevo' },
        422: { description: 'password_actual no es la contraseña de ahora, o password_nueva no cumple la política' },
        429: { description: 'Demasiados intentos fallidos; ver Retry-After' },
      },
      handler: async ({ body, actor, req }) => {
        await d.changePassword.execute({ passwordActual: body.password_actual, passwordNueva: body.password_nueva, address: req.ip ?? 'desconocida' }, actor);
        return noContent();
      },
    }),
    route({
      method: 'post',
      path: '/auth/logout',
      summary: 'Cerrar esta sesión: este token deja de valer (las demás sesiones del usuario siguen)',
      tags: ['auth'],
      roles: ANYONE_SIGNED_IN,
      responses: { 204: { description: 'Sesión cerrada' } },
      handler: async ({ principal, session }) => {
        await d.logOut.execute(principal, session);
        return noContent();
      },
    }),
    route({
      method: 'get',
      path: '/.well-known/jwks.json',
      summary: 'Claves públicas para verificar los tokens (JWKS)',
      tags: ['auth'],
      roles: 'public',
      responses: { 200: { description: 'JSON Web Key Set', schema: jwksSchema } },
      handler: () => ({ status: 200, body: d.jwks(), headers: { 'Cache-Control': 'public, max-age=300' } }),
    }),
  ];
}
