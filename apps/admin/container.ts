import { readFileSync } from 'node:fs';
import { Container, type ServiceIdentifier } from 'inversify';
import type { Express } from 'express';
import type { Centers } from '../../core/ports/centers';
import type { Clock } from '../../core/ports/clock';
import type { Doctors } from '../../core/ports/doctors';
import type { LoginThrottle } from '../../core/ports/login-throttle';
import type { PasswordHasher } from '../../core/ports/password-hasher';
import type { Patients } from '../../core/ports/patients';
import type { TokenIssuer, TokenVerifier } from '../../core/ports/tokens';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import type { Users } from '../../core/ports/users';
import { adminUseCases } from '../../core/use-cases/admin-use-cases';
import { CreateUser } from '../../core/use-cases/create-user';
import { SystemClock } from '../../adapters/clock/system-clock';
import { adminRoutes, type AdminHttpDeps } from '../../adapters/http/admin/admin-routes';
import { Authenticator } from '../../adapters/http/auth';
import { createHttpApp } from '../../adapters/http/create-app';
import { createLogger, type Logger } from '../../adapters/http/logger';
import { Argon2PasswordHasher } from '../../adapters/security/argon2-password-hasher';
import { JwtTokenIssuer, JwtTokenVerifier, LocalVerificationKeys } from '../../adapters/security/jwt-tokens';
import { KeyRing } from '../../adapters/security/key-ring';
import { RateLimiterLoginThrottle } from '../../adapters/security/login-throttle';
import { adminMigrations } from '../../adapters/sqlite/admin-migrations';
import { type Db, openDatabase, pingDatabase, SqliteUnitOfWork } from '../../adapters/sqlite/open-database';
import { SqliteCenters } from '../../adapters/sqlite/sqlite-centers';
import { SqliteDoctors } from '../../adapters/sqlite/sqlite-doctors';
import { SqlitePatients } from '../../adapters/sqlite/sqlite-patients';
import { SqliteUsers } from '../../adapters/sqlite/sqlite-users';
import type { AdminConfig } from './config';

/** Names of what the admin container holds. */
export const T = {
  config: Symbol('AdminConfig') as ServiceIdentifier<AdminConfig>,
  logger: Symbol('Logger') as ServiceIdentifier<Logger>,
  db: Symbol('Db') as ServiceIdentifier<Db>,
  clock: Symbol('Clock') as ServiceIdentifier<Clock>,
  keyRing: Symbol('KeyRing') as ServiceIdentifier<KeyRing>,
  users: Symbol('Users') as ServiceIdentifier<Users>,
  doctors: Symbol('Doctors') as ServiceIdentifier<Doctors>,
  patients: Symbol('Patients') as ServiceIdentifier<Patients>,
  centers: Symbol('Centers') as ServiceIdentifier<Centers>,
  unitOfWork: Symbol('UnitOfWork') as ServiceIdentifier<UnitOfWork>,
  hasher: Symbol('PasswordHasher') as ServiceIdentifier<PasswordHasher>,
  tokenIssuer: Symbol('TokenIssuer') as ServiceIdentifier<TokenIssuer>,
  tokenVerifier: Symbol('TokenVerifier') as ServiceIdentifier<TokenVerifier>,
  loginThrottle: Symbol('LoginThrottle') as ServiceIdentifier<LoginThrottle>,
  createUser: Symbol('CreateUser') as ServiceIdentifier<CreateUser>,
  httpDeps: Symbol('AdminHttpDeps') as ServiceIdentifier<AdminHttpDeps>,
  app: Symbol('HttpApp') as ServiceIdentifier<Express>,
};

/** Replacements for tests (a fixed clock); production passes none. */
export interface ContainerOverrides {
  clock?: Clock;
}

/**
 * The admin composition root: binds every port to its adapter with
 * factories (core classes carry no decorators). Nothing is opened until the
 * first `get`, and nothing happens at import time.
 */
export function buildContainer(config: AdminConfig, overrides: ContainerOverrides = {}): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(T.config).toConstantValue(config);
  c.bind(T.logger).toDynamicValue(() => createLogger('admin', config.logLevel));
  c.bind(T.db).toDynamicValue(() => openDatabase(config.dbFile, adminMigrations));
  c.bind(T.clock).toConstantValue(overrides.clock ?? new SystemClock());
  c.bind(T.keyRing).toDynamicValue((ctx) =>
    config.jwt.privateKeyFile ? KeyRing.fromPem(readFileSync(config.jwt.privateKeyFile, 'utf8'), ctx.get(T.clock)) : KeyRing.openOrCreate(config.keysFile, ctx.get(T.clock)),
  );

  c.bind(T.users).toDynamicValue((ctx) => new SqliteUsers(ctx.get(T.db)));
  c.bind(T.doctors).toDynamicValue((ctx) => new SqliteDoctors(ctx.get(T.db)));
  c.bind(T.patients).toDynamicValue((ctx) => new SqlitePatients(ctx.get(T.db)));
  c.bind(T.centers).toDynamicValue((ctx) => new SqliteCenters(ctx.get(T.db)));
  c.bind(T.unitOfWork).toDynamicValue((ctx) => new SqliteUnitOfWork(ctx.get(T.db)));
  c.bind(T.hasher).toDynamicValue(() => new Argon2PasswordHasher());
  c.bind(T.tokenIssuer).toDynamicValue((ctx) => new JwtTokenIssuer(ctx.get(T.keyRing), config.jwt, ctx.get(T.clock)));
  c.bind(T.tokenVerifier).toDynamicValue(
    (ctx) => new JwtTokenVerifier(new LocalVerificationKeys(ctx.get(T.keyRing)), { issuer: config.jwt.issuer, audience: config.jwt.audience }, ctx.get(T.clock)),
  );
  c.bind(T.loginThrottle).toDynamicValue(() => new RateLimiterLoginThrottle(config.throttle));
  c.bind(T.createUser).toDynamicValue((ctx) => new CreateUser(ctx.get(T.users), ctx.get(T.hasher)));

  c.bind(T.httpDeps).toDynamicValue((ctx) => {
    const users = ctx.get(T.users);
    const doctors = ctx.get(T.doctors);
    const patients = ctx.get(T.patients);
    const centers = ctx.get(T.centers);
    const uow = ctx.get(T.unitOfWork);
    const hasher = ctx.get(T.hasher);
    const ring = ctx.get(T.keyRing);
    const tokens = ctx.get(T.tokenIssuer);
    const throttle = ctx.get(T.loginThrottle);
    return {
      users,
      doctors,
      patients,
      centers,
      ...adminUseCases({ users, doctors, patients, centers, uow, hasher, tokens, throttle }),
      jwks: () => ring.jwks(),
    };
  });

  c.bind(T.app).toDynamicValue((ctx) => {
    const deps = ctx.get(T.httpDeps);
    const db = ctx.get(T.db);
    return createHttpApp({
      info: {
        title: 'OdontoCare admin',
        version: '0.1.0',
        description:
          'Usuarios, doctores, pacientes y centros; inicio de sesión y claves públicas de los tokens (GET /.well-known/jwks.json). ' +
          'Las bajas (DELETE) desactivan y nunca borran. Los filtros de listas: q (parte del nombre, sin mayúsculas ni acentos), especialidad, estado, activo.',
      },
      logger: ctx.get(T.logger),
      routes: adminRoutes(deps),
      auth: new Authenticator(ctx.get(T.tokenVerifier), (principal) => deps.session.confirm(principal)),
      readiness: [{ name: 'database', check: () => pingDatabase(db) }],
      bodyLimit: config.bodyLimit,
      trustProxy: config.trustProxy,
    });
  });
  return c;
}
