import { SystemClock } from '../../adapters/clock/system-clock';
import { DomainError } from '../../core/domain/errors';
import type { Principal } from '../../core/domain/roles';
import type { Clock } from '../../core/ports/clock';
import type { IssuedToken, TokenIssuer, TokenVerifier, VerifiedToken } from '../../core/ports/tokens';

interface Live {
  principal: Principal;
  generation: number;
  expiresAtMs: number;
}

/**
 * Readable tokens ("token-<userId>", then "token-<userId>-2"...) that last
 * `ttlSeconds` on `clock`; the FakeTokenVerifier given this issuer accepts
 * them, as the JWT pair does (test/contracts/tokens-contract.ts). Each token
 * is its own session id.
 */
export class FakeTokenIssuer implements TokenIssuer {
  issued: Principal[] = [];
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly clock: Clock = new SystemClock(),
    private readonly ttlSeconds = 3600,
  ) {}

  async issue(principal: Principal, generation: number): Promise<IssuedToken> {
    this.issued.push(principal);
    const earlier = this.issued.filter((p) => p.userId === principal.userId).length;
    const token = earlier === 1 ? `token-${principal.userId}` : `token-${principal.userId}-${earlier}`;
    this.live.set(token, { principal: { ...principal }, generation, expiresAtMs: this.clock.now().getTime() + this.ttlSeconds * 1000 });
    return { token, expiresInSeconds: this.ttlSeconds };
  }

  /** What this issuer made of a token, if it made it. */
  lookup(token: string): Live | undefined {
    return this.live.get(token);
  }
}

/** Trusts only the tokens its issuer made, until they expire on `clock`; refuses with the JWT verifier's codes. */
export class FakeTokenVerifier implements TokenVerifier {
  constructor(
    private readonly issuer: FakeTokenIssuer,
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async verify(token: string): Promise<VerifiedToken> {
    const live = this.issuer.lookup(token);
    if (!live) throw new DomainError('TOKEN_INVALIDO', 'El token no es válido.');
    if (this.clock.now().getTime() >= live.expiresAtMs) throw new DomainError('TOKEN_EXPIRADO', 'El token ha caducado; inicie sesión de nuevo.');
    return { principal: { ...live.principal }, session: { id: token, generation: live.generation, expiresAt: new Date(live.expiresAtMs) } };
  }
}
