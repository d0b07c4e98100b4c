import { ContainerModule } from 'inversify';
import type { TokenVerifier } from '../../../core/ports/tokens';
import type { AgendaUseCases } from '../../../core/use-cases/agenda-use-cases';
import type { CitasUseCases } from '../../../core/use-cases/citas-use-cases';
import { Authenticator } from '../../../adapters/http/auth';
import { agendaRoutes } from '../../../adapters/http/citas/agenda-routes';
import { citasRoutes } from '../../../adapters/http/citas/citas-routes';
import { createHttpApp } from '../../../adapters/http/create-app';
import type { Logger } from '../../../adapters/http/logger';
import type { HttpMetrics } from '../../../adapters/http/metrics';
import type { CitasConfig } from '../config';
import { type Resource, type SessionCheck, T } from '../tokens';

/** The citas API: the contract's routes over the use cases, behind the token check. */
export function http(config: CitasConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(T.app).toResolvedValue(
      (citas: CitasUseCases, agenda: AgendaUseCases, verifier: TokenVerifier, sessionCheck: SessionCheck, logger: Logger, storage: Resource, admin: Resource, metrics: HttpMetrics) => {
        const timeZone = config.clinicTimeZone;
        return createHttpApp({
          info: {
            title: 'OdontoCare citas',
            version: '0.1.0',
            description:
              'Citas (appointments): reservar, listar, cancelar, cambiar de estado y reprogramar. ' +
              `Las fechas sin desfase se leen en la zona de la clínica (${timeZone}); las respuestas llevan el desfase. ` +
              'Doctores, pacientes y centros se consultan en vivo al servicio admin; si no responde, la respuesta es 503 con Retry-After. ' +
              'Los tokens los emite admin y se verifican con sus claves públicas (JWKS).',
          },
          logger,
          // Agenda routes come first: /citas/disponibilidad must not be taken by /citas/:id.
          routes: [...agendaRoutes({ timeZone, useCases: agenda }), ...citasRoutes({ timeZone, useCases: citas })],
          auth: new Authenticator(verifier, ({ principal, session }, token, requestId) => sessionCheck(principal, session, token, requestId)),
          readiness: [storage, admin].map((r) => ({ name: r.name, check: () => r.ping() })),
          bodyLimits: { normal: config.bodyLimit },
          trustProxy: config.trustProxy,
          metrics,
        });
      },
      [T.citasUseCases, T.agendaUseCases, T.tokenVerifier, T.sessionCheck, T.logger, T.storage, T.admin, T.metrics],
    );
  });
}
