import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { Principal, Rol } from '../../core/domain/roles';
import type { Actor, TokenSession } from '../../core/ports/tokens';
import { ForbiddenError } from '../../core/domain/errors';
import { UNKNOWN_PARAMETER } from './field-messages';
import { fieldProblemsOf, parseBody, queryProblemsOf } from './field-problems';
import { HttpError } from './problem';
import './schemas'; // Spanish zod messages for every schema
import type { Authenticator } from './auth';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type AnyObject = z.ZodType<Record<string, unknown>>;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteInput<B, Q, P, H = Record<string, unknown>> {
  body: B;
  query: Q;
  params: P;
  /** The request headers the route declares (`headers`), parsed; no other header reaches a handler this way. */
  headers: H;
  /** Present on every route whose `roles` is not 'public'. */
  principal: Principal;
  /** Raw bearer token, for adapters that forward it (the remote directory). */
  token: string;
  /** Which token it is (id, generation, expiry), on the same routes as `principal`: what logout revokes. */
  session: TokenSession;
  /** `principal` with its `session`, on the same routes: what admin's writes are given, to check the token again as they write. */
  actor: Actor;
  req: Request;
}

/**
 * One route, declared once: its role gate, its zod schemas (which validate
 * the request and produce the OpenAPI document) and its handler. The same
 * list drives the authorization-matrix test and the 405 answers.
 */
export interface RouteSpec<B extends z.ZodType = z.ZodType, Q extends AnyObject = AnyObject, P extends AnyObject = AnyObject, H extends AnyObject = AnyObject> {
  method: Method;
  /** Express syntax: /admin/doctores/:id */
  path: string;
  summary: string;
  tags: string[];
  /** Roles allowed past the gate; object-level rules live in the use cases. */
  roles: readonly Rol[] | 'public';
  /**
   * How large a body the route reads (create-app.ts): 'small' (4 KB, the
   * credentials routes), the service's BODY_LIMIT by default, 'bulk'
   * (BULK_BODY_LIMIT, only for /lote). A public route, or one without a
   * body schema, always reads 'small': no anonymous request makes the
   * service read or parse more than that.
   */
  bodySize?: 'small' | 'bulk';
  body?: B;
  query?: Q;
  params?: P;
  /**
   * Request headers the route reads, keyed by their canonical spelling
   * (`Idempotency-Key`; matched without regard to case). Only these are
   * parsed, and a bad value is a 400 naming the header, as a bad query
   * parameter is.
   */
  headers?: H;
  /** `headers`: response headers this route adds on that status (besides the ones every such status has, openapi.ts). */
  responses: Record<number, { description: string; schema?: z.ZodType; headers?: Record<string, { description: string; schema: object }> }>;
  handler: (input: RouteInput<z.output<B>, z.output<Q>, z.output<P>, z.output<H>>) => Promise<Reply> | Reply;
}

/** Keeps the generic types of each spec while collecting them in a list. */
export function route<B extends z.ZodType = z.ZodUndefined, Q extends AnyObject = AnyObject, P extends AnyObject = AnyObject, H extends AnyObject = AnyObject>(
  spec: RouteSpec<B, Q, P, H>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
/** A 201 always says where the new record is read (Location, RFC 9110), so a client never builds that URL itself. */
export const created = (body: unknown, location: string): Reply => ({ status: 201, body, headers: { Location: location } });
export const noContent = (): Reply => ({ status: 204 });

function isEmpty(value: unknown): boolean {
  return value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
}

/** Body problems are 422 (well-formed, invalid); query and path problems are 400. */
function parsePart(schema: z.ZodType | undefined, value: unknown, part: 'body' | 'query' | 'params'): unknown {
  if (!schema) {
    if (isEmpty(value)) return value;
    if (part === 'body') throw new HttpError('PARAMETRO_INVALIDO', 'Esta ruta no admite cuerpo.');
    const unknownKeys = Object.keys(value as object).map((k) => ({ path: k, message: UNKNOWN_PARAMETER }));
    throw new HttpError('PARAMETRO_INVALIDO', 'Esta ruta no admite parámetros de consulta.', unknownKeys);
  }
  if (part === 'body') return parseBody(schema, value);
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = part === 'query' ? queryProblemsOf(result.error, value as Record<string, unknown>) : fieldProblemsOf(result.error, UNKNOWN_PARAMETER);
  const what = part === 'query' ? 'Parámetros de consulta no válidos' : 'Identificador no válido';
  throw new HttpError('PARAMETRO_INVALIDO', `${what}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}

/**
 * The declared headers of a request, under their declared names. Node
 * lowercases header names and joins repeated ones with ", " (which a header
 * schema can then refuse).
 */
function parseHeaders(schema: AnyObject | undefined, req: Request): unknown {
  if (!schema) return {};
  const declared = Object.keys((schema as unknown as { shape?: Record<string, unknown> }).shape ?? {});
  const values: Record<string, unknown> = {};
  for (const name of declared) {
    const value = req.headers[name.toLowerCase()];
    if (value !== undefined) values[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const errors = fieldProblemsOf(result.error, UNKNOWN_PARAMETER);
  throw new HttpError('PARAMETRO_INVALIDO', `Cabecera no válida: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}

/** The size classes a route's body may have (RouteSpec.bodySize); 'normal' is the default. */
export type BodySize = 'small' | 'normal' | 'bulk';

/** Reads and parses the request's JSON body with the limits of one size class (create-app.ts). */
export type BodyReader = (req: Request, res: Response, size: BodySize) => Promise<void>;

export function bodySizeOf(spec: RouteSpec): BodySize {
  if (spec.roles === 'public' || !spec.body) return 'small';
  return spec.bodySize ?? 'normal';
}

/**
 * Mounts each route: the token and the role gate first, then the body is
 * read (within its size class) and parsed, then params, query and body are
 * validated. A request refused at the gate never has its body read.
 */
export function mountRoutes(router: Router, specs: RouteSpec[], auth: Authenticator, readBody: BodyReader): void {
  for (const spec of specs) {
    if (spec.roles === 'public' && spec.bodySize === 'bulk') throw new Error(`${spec.method} ${spec.path}: only authenticated routes take bulk bodies`);
    const size = bodySizeOf(spec);
    router[spec.method](spec.path, async (req: Request, res: Response) => {
      let principal: Principal | undefined;
      let session: TokenSession | undefined;
      let token = '';
      if (spec.roles !== 'public') {
        ({ principal, session, token } = await auth.authenticate(req));
        if (!spec.roles.includes(principal.rol)) throw new ForbiddenError();
      }
      await readBody(req, res, size);
      const params = parsePart(spec.params, req.params, 'params');
      const query = parsePart(spec.query, req.query, 'query');
      const headers = parseHeaders(spec.headers, req);
      const body = parsePart(spec.body, req.body, 'body');
      const actor = principal && session ? { ...principal, session } : undefined;
      const reply = await spec.handler({ body, query, params, headers, principal: principal as Principal, session: session as TokenSession, actor, token, req } as never);
      res.status(reply.status).set(reply.headers ?? {});
      if (reply.status === 204 || reply.body === undefined) res.end();
      else res.json(reply.body);
    });
  }
}

/** Express path -> OpenAPI path: /citas/:id -> /citas/{id} */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]+)/g, '{$1}');
}

/** Regex matching concrete request paths for an express path pattern (used for 405). */
export function pathMatcher(path: string): RegExp {
  const pattern = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([A-Za-z_]+)/g, '[^/]+');
  return new RegExp(`^${pattern}/?$`);
}
