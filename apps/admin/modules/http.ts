import { ContainerModule, type ServiceIdentifier } from 'inversify';
import type { TokenVerifier } from '../../../core/ports/tokens';
import type { AdminUseCases } from '../../../core/use-cases/admin-use-cases';
import { type AdminHttpDeps, adminRoutes } from '../../../adapters/http/admin/admin-routes';
import { Authenticator } from '../../../adapters/http/auth';
import { createHttpApp } from '../../../adapters/http/create-app';
import type { Logger } from '../../../adapters/http/logger';
import type { HttpMetrics } from '../../../adapters/http/metrics';
import type { PublicJwk } from '../../../adapters/security/key-ring';
import type { AdminConfig } from '../config';
import { type Resource, T } from '../tokens';

/** Plain reads are a schema and a repository call: the routes get the repositories too. */
type Repositories = Pick<AdminHttpDeps, 'users' | 'doctors' | 'patients' | 'centers'>;
const REPOSITORIES = Symbol('AdminRepositories') as ServiceIdentifier<Repositories>;

/** The admin API: the contract's routes over the use cases, behind the token check. */
export function http(config: AdminConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(REPOSITORIES).toResolvedValue((users, doctors, patients, centers) => ({ users, doctors, patients, centers }), [T.users, T.doctors, T.patients, T.centers]);
    bind(T.app).toResolvedValue(
      (useCases: AdminUseCases, repos: Repositories, verifier: TokenVerifier, jwks: () => { keys: PublicJwk[] }, logger: Logger, storage: Resource, metrics: HttpMetrics) =>
        createHttpApp({
          info: {
            title: 'OdontoCare admin',
            version: '0.1.0',
            description:
              'Usuarios, doctores, pacientes y centros; inicio de sesión y claves públicas de los tokens (GET /.well-known/jwks.json). ' +
              'Las bajas (DELETE) desactivan y nunca borran. Los filtros de listas: q (parte del nombre, sin mayúsculas ni acentos), especialidad, estado, activo.',
          },
          logger,
          routes: adminRoutes({ ...useCases, ...repos, jwks }),
          // A token dies with its account, its password and its logout: checked live on every request.
          auth: new Authenticator(verifier, ({ principal, session }) => useCases.session.confirm(principal, session)),
          readiness: [{ name: storage.name, check: () => storage.ping() }],
          bodyLimits: config.bodyLimits,
          trustProxy: config.trustProxy,
          metrics,
        }),
      [T.useCases, REPOSITORIES, T.tokenVerifier, T.jwks, T.logger, T.storage, T.metrics],
    );
  });
}
