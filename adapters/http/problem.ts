import type { Response } from 'express';
import { DomainError, type DomainErrorCode, type FieldProblem } from '../../core/domain/errors';

/** Failures that only exist at the HTTP edge (the core never raises these). */
export type HttpErrorCode =
  | 'JSON_MALFORMADO'
  | 'JSON_DEMASIADO_ANIDADO'
  | 'PARAMETRO_INVALIDO'
  | 'RUTA_NO_ENCONTRADA'
  | 'METODO_NO_PERMITIDO'
  | 'CUERPO_DEMASIADO_GRANDE'
  | 'CABECERAS_DEMASIADO_GRANDES'
  | 'EXPECTATIVA_NO_SOPORTADA'
  | 'TIPO_NO_SOPORTADO'
  | 'HOST_NO_PERMITIDO'
  | 'PETICION_LENTA'
  | 'ERROR_INTERNO';

export type ErrorCode = DomainErrorCode | HttpErrorCode;

/**
 * The one error table: code -> status and title. Nothing else in the code
 * base chooses an error status. A code missing here does not compile.
 */
export const ERROR_TABLE: Record<ErrorCode, { status: number; title: string }> = {
  JSON_MALFORMADO: { status: 400, title: 'JSON mal formado' },
  JSON_DEMASIADO_ANIDADO: { status: 400, title: 'JSON demasiado anidado' },
  PARAMETRO_INVALIDO: { status: 400, title: 'Parámetro no válido' },
  NO_AUTENTICADO: { status: 401, title: 'Autenticación requerida' },
  TOKEN_INVALIDO: { status: 401, title: 'Token no válido' },
  TOKEN_EXPIRADO: { status: 401, title: 'Token caducado' },
  CREDENCIALES_INVALIDAS: { status: 401, title: 'Credenciales no válidas' },
  PROHIBIDO: { status: 403, title: 'Operación no permitida' },
  NO_ENCONTRADO: { status: 404, title: 'No encontrado' },
  RUTA_NO_ENCONTRADA: { status: 404, title: 'Ruta no encontrada' },
  METODO_NO_PERMITIDO: { status: 405, title: 'Método no permitido' },
  USUARIO_DUPLICADO: { status: 409, title: 'Usuario duplicado' },
  DOCTOR_OCUPADO: { status: 409, title: 'Doctor ocupado' },
  PACIENTE_OCUPADO: { status: 409, title: 'Paciente ocupado' },
  CITA_YA_CANCELADA: { status: 409, title: 'Cita ya cancelada' },
  CITA_REEMPLAZADA: { status: 409, title: 'Cita ya reprogramada' },
  CITA_PASADA: { status: 409, title: 'Cita ya iniciada' },
  TRANSICION_INVALIDA: { status: 409, title: 'Transición de estado no válida' },
  IDEMPOTENCIA_EN_CURSO: { status: 409, title: 'Petición con esa clave en curso' },
  PETICION_LENTA: { status: 408, title: 'Petición demasiado lenta' },
  CUERPO_DEMASIADO_GRANDE: { status: 413, title: 'Cuerpo demasiado grande' },
  TIPO_NO_SOPORTADO: { status: 415, title: 'Tipo de contenido no soportado' },
  // 421 Misdirected Request: this server does not serve that name (RFC 9110, 15.5.20); the request itself may be fine.
  HOST_NO_PERMITIDO: { status: 421, title: 'Nombre de servidor no atendido' },
  CABECERAS_DEMASIADO_GRANDES: { status: 431, title: 'Cabeceras demasiado grandes' },
  // 417: the request's Expect names something no service here does (only 100-continue is understood; RFC 9110, 10.1.1).
  EXPECTATIVA_NO_SOPORTADA: { status: 417, title: 'Expectativa no soportada' },
  VALIDACION: { status: 422, title: 'Datos no válidos' },
  DOCTOR_NO_EXISTE: { status: 422, title: 'Doctor inexistente' },
  CENTRO_NO_EXISTE: { status: 422, title: 'Centro inexistente' },
  PACIENTE_NO_EXISTE: { status: 422, title: 'Paciente inexistente' },
  DOCTOR_INACTIVO: { status: 422, title: 'Doctor inactivo' },
  CENTRO_INACTIVO: { status: 422, title: 'Centro inactivo' },
  PACIENTE_INACTIVO: { status: 422, title: 'Paciente inactivo' },
  FECHA_PASADA: { status: 422, title: 'Fecha en el pasado' },
  FUERA_DE_HORARIO: { status: 422, title: 'Fuera del horario del doctor' },
  DOCTOR_AUSENTE: { status: 422, title: 'Doctor ausente' },
  FUERA_DE_HUECO: { status: 422, title: 'Fuera de los huecos libres' },
  LIMITE_CITAS: { status: 422, title: 'Límite de citas alcanzado' },
  IDEMPOTENCIA_REUTILIZADA: { status: 422, title: 'Clave de idempotencia reutilizada' },
  DEMASIADOS_INTENTOS: { status: 429, title: 'Demasiados intentos' },
  ERROR_INTERNO: { status: 500, title: 'Error interno' },
  SERVICIO_NO_DISPONIBLE: { status: 503, title: 'Servicio no disponible' },
};

/** An edge failure (bad JSON, unknown route...) raised by the HTTP adapter. */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly errors: FieldProblem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  errors: FieldProblem[];
}

export interface Problem {
  status: number;
  body: ProblemBody;
  headers: Record<string, string>;
  /** True when the error was not one we expected: log it, tell the client nothing. */
  unexpected: boolean;
}

export function problemTypeUri(code: ErrorCode): string {
  return `urn:odontocare:problema:${code.toLowerCase().replace(/_/g, '-')}`;
}

function build(code: ErrorCode, detail: string, errors: FieldProblem[], headers: Record<string, string>): Problem {
  const { status, title } = ERROR_TABLE[code];
  return {
    status,
    body: { type: problemTypeUri(code), title, status, detail, code, errors },
    headers,
    unexpected: false,
  };
}

/**
 * The core names a field as the domain does (`duracionMin`); the client sent
 * it as the contract does (`duracion_min`). Every contract field is the snake
 * case of its domain name, so one rule translates them all.
 */
function onTheWire(problem: FieldProblem): FieldProblem {
  return { ...problem, path: problem.path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) };
}

/** Maps anything thrown to the problem the client receives. */
export function toProblem(err: unknown): Problem {
  if (err instanceof DomainError) {
    const headers: Record<string, string> = {};
    if (err.retryAfterSeconds !== undefined) headers['Retry-After'] = String(err.retryAfterSeconds);
    if (ERROR_TABLE[err.code].status === 401) headers['WWW-Authenticate'] = 'Bearer';
    return build(err.code, err.message, err.errors.map(onTheWire), headers);
  }
  if (err instanceof HttpError) return build(err.code, err.message, err.errors, err.headers);
  const internal = build('ERROR_INTERNO', 'Se produjo un error inesperado. Inténtelo de nuevo más tarde.', [], {});
  return { ...internal, unexpected: true };
}

export function sendProblem(res: Response, problem: Problem): void {
  res.locals.problemCode = problem.body.code; // for the metrics (conflicts by code), never sent
  res.status(problem.status).set(problem.headers).type('application/problem+json').send(JSON.stringify(problem.body));
}
