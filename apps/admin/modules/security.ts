import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { Argon2PasswordHasher, OWASP_ARGON2ID } from '../../../adapters/security/argon2-password-hasher';
import { JwtTokenIssuer, JwtTokenVerifier, LocalVerificationKeys } from '../../../adapters/security/jwt-tokens';
import { KeyRing } from '../../../adapters/security/key-ring';
import type { Clock } from '../../../core/ports/clock';
import type { AdminConfig } from '../config';
import { T } from '../tokens';

const KEY_RING = Symbol('KeyRing') as ServiceIdentifier<KeyRing>;

/**
 * Passwords (Argon2id) and tokens (RS256, signed with the key ring made at
 * first start or read from JWT_PRIVATE_KEY_FILE; its public keys are published).
 */
export function security(config: AdminConfig): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(KEY_RING).toResolvedValue(
      (clock: Clock) =>
        config.jwt.privateKeyFile
          ? KeyRing.fromPemFile(config.jwt.privateKeyFile, clock)
          : KeyRing.openOrCreate(config.keysFile, clock),
      [T.clock],
    );
    bind(T.hasher).toResolvedValue(() => new Argon2PasswordHasher(OWASP_ARGON2ID, config.passwordHashConcurrency, config.passwordHashQueue));
    bind(T.tokenIssuer).toResolvedValue((ring: KeyRing, clock: Clock) => new JwtTokenIssuer(ring, config.jwt, clock), [KEY_RING, T.clock]);
    bind(T.tokenVerifier).toResolvedValue(
      (ring: KeyRing, clock: Clock) =>
        new JwtTokenVerifier(new LocalVerificationKeys(ring), { issuer: config.jwt.issuer, audience: config.jwt.audience }, clock),
      [KEY_RING, T.clock],
    );
    bind(T.jwks).toResolvedValue((ring: KeyRing) => () => ring.jwks(), [KEY_RING]);
  });
}
