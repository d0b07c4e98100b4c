/**
 * Every rule the core enforces fails with a DomainError carrying a stable
 * code. adapters/http/problem.ts is the one place that turns a code into an
 * HTTP status; nothing in the core knows about HTTP.
 */
export type DomainErrorCode =
  // input that is well-formed but breaks a rule (422)
  | 'VALIDACION'
  | 'DOCTOR_NO_EXISTE'
  | 'CENTRO_NO_EXISTE'
  | 'PACIENTE_NO_EXISTE'
  | 'DOCTOR_INACTIVO'
  | 'CENTRO_INACTIVO'
  | 'PACIENTE_INACTIVO'
  | 'FECHA_PASADA'
  | 'FUERA_DE_HORARIO'
  | 'DOCTOR_AUSENTE'
  | 'FUERA_DE_HUECO'
  | 'LIMITE_CITAS'
  | 'IDEMPOTENCIA_REUTILIZADA'
  // identity and permission (401, 403)
  | 'NO_AUTENTICADO'
  | 'TOKEN_INVALIDO'
  | 'TOKEN_EXPIRADO'
  | 'CREDENCIALES_INVALIDAS'
  | 'PROHIBIDO'
  // lookups (404)
  | 'NO_ENCONTRADO'
  // state conflicts (409)
  | 'USUARIO_DUPLICADO'
  | 'DOCTOR_OCUPADO'
  | 'PACIENTE_OCUPADO'
  | 'CITA_YA_CANCELADA'
  | 'CITA_REEMPLAZADA'
  | 'CITA_PASADA'
  | 'TRANSICION_INVALIDA'
  | 'IDEMPOTENCIA_EN_CURSO'
  // throttling and dependencies (429, 503)
  | 'DEMASIADOS_INTENTOS'
  | 'SERVICIO_NO_DISPONIBLE';

export interface FieldProblem {
  path: string;
  message: string;
}

export class DomainError extends Error {
  /** Set by failures worth retrying later: after that many seconds (the HTTP edge's Retry-After). */
  declare readonly retryAfterSeconds?: number;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly errors: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A rule on one field failed: a 422 that names the field. */
export class ValidationError extends DomainError {
  constructor(errors: FieldProblem[], message = 'Los datos enviados no son válidos.') {
    super('VALIDACION', message, errors);
  }

  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }], message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('NO_ENCONTRADO', message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'Su rol no permite esta operación.') {
    super('PROHIBIDO', message);
  }
}

/** Too many attempts; retryAfterSeconds becomes the Retry-After header. */
export class TooManyAttemptsError extends DomainError {
  constructor(override readonly retryAfterSeconds: number) {
    super('DEMASIADOS_INTENTOS', `Demasiados intentos fallidos. Vuelva a intentarlo en ${retryAfterSeconds} s.`);
  }
}

/** A service the core depends on (the admin directory) cannot answer now. */
export class DependencyUnavailableError extends DomainError {
  constructor(message: string, override readonly retryAfterSeconds = 5) {
    super('SERVICIO_NO_DISPONIBLE', message);
  }
}
