import { createDocument } from 'zod-openapi';
import { z } from 'zod';
import { openApiPath, type RouteSpec } from './route';
import { ERROR_TABLE } from './problem';

export interface ApiInfo {
  title: string;
  version: string;
  description: string;
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(ERROR_TABLE) as [string, ...string[]]),
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details; `code` is stable, `detail` is for people.' });

const COMMON_ERRORS: Record<number, string> = {
  400: 'JSON mal formado o parámetro de consulta no válido',
  401: 'Falta el token, no es válido o ha caducado',
  403: 'El rol no permite la operación',
  413: 'Cuerpo demasiado grande',
  415: 'El cuerpo no es JSON',
  422: 'Datos no válidos',
  // Any route may meet an unreachable dependency: its database (PostgreSQL), and in citas the admin
  // service (token keys, sessions, directory). The contract's 503, with Retry-After.
  503: 'Un servicio del que depende no responde (su base de datos; en citas, el servicio de administración); reintente tras Retry-After',
};

/**
 * The headers a client acts on, by status, sent on every such answer: where
 * the new record is (route.ts `created`), how to authenticate and when to
 * try again (problem.ts).
 */
const RETRY_AFTER = {
  'Retry-After': { description: 'Segundos que conviene esperar antes de reintentar', required: true, schema: { type: 'integer', minimum: 0 } },
};
const HEADERS_BY_STATUS: Record<string, Record<string, unknown>> = {
  '201': { Location: { description: 'La ruta del registro creado, que se lee con GET', required: true, schema: { type: 'string', format: 'uri-reference' } } },
  '401': { 'WWW-Authenticate': { description: 'Bearer: la ruta pide un token en Authorization', required: true, schema: { type: 'string', const: 'Bearer' } } },
  '429': RETRY_AFTER,
  '503': RETRY_AFTER,
};
const withHeaders = (status: string, response: Record<string, unknown>) =>
  HEADERS_BY_STATUS[status] ? { ...response, headers: HEADERS_BY_STATUS[status] } : response;

const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
const readySchema = z
  .object({ status: z.literal('ok'), checks: z.record(z.string(), z.literal('ok')).meta({ description: 'Cada dependencia comprobada' }) })
  .meta({ id: 'Ready' });

/**
 * The routes every service answers besides its declared ones (create-app.ts and metrics.ts):
 * public, no token, part of the contract's conventions, so in the document too.
 */
function serviceRoutes(withMetrics: boolean): Record<string, Record<string, unknown>> {
  const tags = ['servicio'];
  const paths: Record<string, Record<string, unknown>> = {
    '/health': {
      get: {
        summary: 'El proceso está vivo',
        tags,
        description: 'Público.',
        responses: { 200: { description: 'Vivo', content: { 'application/json': { schema: healthSchema } } } },
      },
    },
    '/ready': {
      get: {
        summary: 'El servicio puede atender: su base de datos (y en citas, el servicio de administración) responde',
        tags,
        description: 'Público.',
        responses: {
          200: { description: 'Listo', content: { 'application/json': { schema: readySchema } } },
          503: withHeaders('503', {
            description: 'Alguna dependencia no responde; el detalle las nombra',
            content: { 'application/problem+json': { schema: problemSchema } },
          }),
        },
      },
    },
  };
  if (withMetrics) {
    paths['/metrics'] = {
      get: {
        summary: 'Métricas en formato de texto de Prometheus (sin datos personales)',
        tags,
        description: 'Público.',
        responses: { 200: { description: 'Exposición de Prometheus', content: { 'text/plain': { schema: { type: 'string' } } } } },
      },
    };
  }
  return paths;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(info: ApiInfo, routes: RouteSpec[], opts: { metrics?: boolean } = {}): object {
  const paths: Record<string, Record<string, unknown>> = serviceRoutes(opts.metrics ?? false);
  for (const spec of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(spec.responses)) {
      const isError = Number(status) >= 400;
      const schema = r.schema ?? (isError ? problemSchema : undefined);
      const response = withHeaders(
        status,
        schema
          ? { description: r.description, content: { [isError ? 'application/problem+json' : 'application/json']: { schema } } }
          : { description: r.description },
      );
      responses[status] = r.headers ? { ...response, headers: { ...((response.headers as object | undefined) ?? {}), ...r.headers } } : response;
    }
    for (const [status, description] of Object.entries(COMMON_ERRORS)) {
      if (responses[status]) continue;
      if (status === '401' || status === '403') {
        if (spec.roles === 'public') continue;
      }
      if ((status === '413' || status === '415' || status === '422') && !spec.body) continue;
      responses[status] = withHeaders(status, { description, content: { 'application/problem+json': { schema: problemSchema } } });
    }
    const operation: Record<string, unknown> = {
      summary: spec.summary,
      tags: spec.tags,
      description: spec.roles === 'public' ? 'Público.' : `Roles: ${spec.roles.join(', ')}.`,
      responses,
    };
    if (spec.roles !== 'public') operation.security = [{ bearer: [] }];
    const requestParams: Record<string, unknown> = {};
    if (spec.params) requestParams.path = spec.params;
    if (spec.query) requestParams.query = spec.query;
    if (spec.headers) requestParams.header = spec.headers;
    if (Object.keys(requestParams).length) operation.requestParams = requestParams;
    if (spec.body) operation.requestBody = { required: true, content: { 'application/json': { schema: spec.body } } };
    const path = openApiPath(spec.path);
    paths[path] = { ...(paths[path] ?? {}), [spec.method]: operation };
  }
  return createDocument({
    openapi: '3.1.0',
    info: { ...info },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths: paths as never,
  });
}
