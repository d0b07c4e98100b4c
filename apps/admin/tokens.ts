import type { ServiceIdentifier } from 'inversify';
import type { Express } from 'express';
import type { Centers } from '../../core/ports/centers';
import type { Clock } from '../../core/ports/clock';
import type { Doctors } from '../../core/ports/doctors';
import type { LoginThrottle } from '../../core/ports/login-throttle';
import type { PasswordHasher } from '../../core/ports/password-hasher';
import type { Patients } from '../../core/ports/patients';
import type { RevokedTokens } from '../../core/ports/revoked-tokens';
import type { TokenIssuer, TokenVerifier } from '../../core/ports/tokens';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import type { Users } from '../../core/ports/users';
import type { AdminUseCases } from '../../core/use-cases/admin-use-cases';
import type { Logger } from '../../adapters/http/logger';
import type { HttpMetrics } from '../../adapters/http/metrics';
import type { PublicJwk } from '../../adapters/security/key-ring';
import type { AdminConfig } from './config';

/** Something the service opens and must close on shutdown, and that /ready asks. */
export interface Resource {
  name: string;
  ping(): Promise<void> | void;
  close(): Promise<void> | void;
}

/**
 * The names the admin container binds: ports (what the core needs) and the
 * few pieces main.ts handles. Each adapter family's module binds its part;
 * swapping a family (SQLite for PostgreSQL) is swapping its module.
 */
export const T = {
  config: Symbol('AdminConfig') as ServiceIdentifier<AdminConfig>,
  logger: Symbol('Logger') as ServiceIdentifier<Logger>,
  clock: Symbol('Clock') as ServiceIdentifier<Clock>,
  // storage
  storage: Symbol('Storage') as ServiceIdentifier<Resource>,
  users: Symbol('Users') as ServiceIdentifier<Users>,
  doctors: Symbol('Doctors') as ServiceIdentifier<Doctors>,
  patients: Symbol('Patients') as ServiceIdentifier<Patients>,
  centers: Symbol('Centers') as ServiceIdentifier<Centers>,
  unitOfWork: Symbol('UnitOfWork') as ServiceIdentifier<UnitOfWork>,
  loginThrottle: Symbol('LoginThrottle') as ServiceIdentifier<LoginThrottle>,
  revokedTokens: Symbol('RevokedTokens') as ServiceIdentifier<RevokedTokens>,
  // security
  hasher: Symbol('PasswordHasher') as ServiceIdentifier<PasswordHasher>,
  tokenIssuer: Symbol('TokenIssuer') as ServiceIdentifier<TokenIssuer>,
  tokenVerifier: Symbol('TokenVerifier') as ServiceIdentifier<TokenVerifier>,
  /** The public signing keys, published at /.well-known/jwks.json. */
  jwks: Symbol('Jwks') as ServiceIdentifier<() => { keys: PublicJwk[] }>,
  // use cases and their HTTP face
  useCases: Symbol('AdminUseCases') as ServiceIdentifier<AdminUseCases>,
  /** GET /metrics and what it records. */
  metrics: Symbol('HttpMetrics') as ServiceIdentifier<HttpMetrics>,
  app: Symbol('HttpApp') as ServiceIdentifier<Express>,
};
