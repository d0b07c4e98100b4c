import { ContainerModule } from 'inversify';
import type { AdminClient } from '../../../adapters/remote/admin-client';
import { HttpJwksKeys } from '../../../adapters/remote/http-jwks';
import { HttpSessionCheck } from '../../../adapters/remote/http-session-check';
import { JwtTokenVerifier } from '../../../adapters/security/jwt-tokens';
import type { Clock } from '../../../core/ports/clock';
import type { CitasConfig } from '../config';
import { T } from '../tokens';
import { ADMIN_CLIENT } from './remote-admin';

/**
 * Tokens are issued by admin: their signature and expiry are checked offline
 * with admin's published keys (JWKS); whether the account is still active,
 * only admin knows, so it is asked again every SESSION_CHECK_SECONDS.
 */
export function security(config: CitasConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(T.tokenVerifier).toResolvedValue(
      (client: AdminClient, clock: Clock) =>
        new JwtTokenVerifier(
          new HttpJwksKeys(
            client,
            {
              ttlMs: config.jwks.ttlMs,
              unknownKidRefetchMs: config.jwks.unknownKidRefetchMs,
              failureBackoffMs: Math.min(config.admin.halfOpenAfterMs, 5000),
            },
            clock,
          ),
          config.jwt,
          clock,
        ),
      [ADMIN_CLIENT, T.clock],
    );
    bind(T.sessionCheck).toResolvedValue(
      (client: AdminClient, clock: Clock) => {
        // 0 reuses no answer: admin is asked on every request (revocation at once), never "not at all".
        const check = new HttpSessionCheck(client, { ttlMs: config.session.ttlMs, outageGraceMs: config.session.outageGraceMs }, clock);
        return (principal, session, token, requestId) => check.confirm(principal, session, token, requestId);
      },
      [ADMIN_CLIENT, T.clock],
    );
  });
}
