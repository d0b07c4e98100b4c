import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { DependencyUnavailableError } from '../../core/domain/errors';
import type { Clock } from '../../core/ports/clock';
import type { VerificationKeys } from '../security/jwt-tokens';
import type { AdminClient } from './admin-client';

const jwksBody = z.object({
  keys: z.array(z.looseObject({ kid: z.string().min(1), kty: z.string(), use: z.string().optional(), alg: z.string().optional() })),
});

export interface JwksOptions {
  /** How long a fetched key set is trusted before it is fetched again. */
  ttlMs: number;
  /** A token with an unknown kid triggers at most one refetch per this interval. */
  unknownKidRefetchMs: number;
  /** After a failed fetch, wait this long before asking admin again. */
  failureBackoffMs: number;
}

/**
 * Admin's published verification keys (GET /.well-known/jwks.json), cached.
 * Citas never holds a signing key: it can verify tokens, never mint them.
 * - keys are refreshed after `ttlMs`; one fetch at a time (single flight);
 * - an unknown `kid` (admin rotated its key) refetches, at most once per
 *   `unknownKidRefetchMs`, so forged kids cannot make citas hammer admin;
 * - admin unreachable: cached keys keep verifying; with no usable key the
 *   answer is 503 (we cannot tell a good token from a bad one), not 401.
 */
export class HttpJwksKeys implements VerificationKeys {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = -Infinity;
  private lastAttemptAt = -Infinity;
  private lastAttemptFailed = false;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly admin: AdminClient,
    private readonly options: JwksOptions,
    private readonly clock: Clock,
  ) {}

  async keyFor(kid: string): Promise<KeyObject | undefined> {
    const now = this.now();
    const stale = now - this.fetchedAt >= this.options.ttlMs;
    const known = this.keys.get(kid);
    if (known && !stale) return known;

    const sinceAttempt = now - this.lastAttemptAt;
    const mayFetch = this.lastAttemptFailed
      ? sinceAttempt >= this.options.failureBackoffMs
      : stale || sinceAttempt >= this.options.unknownKidRefetchMs;
    if (mayFetch || this.inFlight) {
      try {
        await this.refresh();
      } catch (err) {
        if (known) return known; // admin down: keep verifying with what we have
        throw err;
      }
      return this.keys.get(kid);
    }
    if (known) return known;
    if (this.lastAttemptFailed) throw unavailable();
    return undefined;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchKeys().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchKeys(): Promise<void> {
    this.lastAttemptAt = this.now();
    try {
      const answer = await this.admin.get('/.well-known/jwks.json', jwksBody);
      if (!answer.ok) throw unavailable();
      const keys = new Map<string, KeyObject>();
      for (const jwk of answer.body.keys) {
        if (jwk.kty !== 'RSA' || (jwk.use && jwk.use !== 'sig') || (jwk.alg && jwk.alg !== 'RS256')) continue;
        try {
          keys.set(jwk.kid, createPublicKey({ key: jwk as never, format: 'jwk' }));
        } catch {
          // a malformed key is skipped; the others still verify
        }
      }
      this.keys = keys;
      this.fetchedAt = this.now();
      this.lastAttemptFailed = false;
    } catch (err) {
      this.lastAttemptFailed = true;
      throw err instanceof DependencyUnavailableError ? err : unavailable();
    }
  }
}

function unavailable(): DependencyUnavailableError {
  return new DependencyUnavailableError('No se pueden obtener las claves para verificar el token: el servicio de administración no responde.', 5);
}
