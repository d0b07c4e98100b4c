import { SystemClock } from '../../adapters/clock/system-clock';
import { DomainError } from '../../core/domain/errors';
import type { Principal } from '../../core/domain/roles';
import type { Clock } from '../../core/ports/clock';
import type { IssuedToken, TokenIssuer, TokenVerifier } from '../../core/ports/tokens';

interface Live {
  principal: Principal;
  expiresAtMs: number;
}

/**
 * Readable tokens ("token-<userId>") that last `ttlSeconds` on `clock`; the
 * FakeTokenVerifier given this issuer accepts them, as the JWT pair does
 * (test/contracts/tokens-contract.ts). Issuing again for a user replaces
 * that user's token.
 */
export class FakeTokenIssuer implements TokenIssuer {
  issued: Principal[] = [];
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly clock: Clock = new SystemClock(),
    private readonly ttlSeconds = 3600,
  ) {}

  async issue(principal: Principal): Promise<IssuedToken> {
    this.issued.push(principal);
    const token = `token-${principal.userId}`;
    this.live.set(token, { principal: { ...principal }, expiresAtMs: this.clock.now().getTime() + this.ttlSeconds * 1000 });
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

  async verify(token: string): Promise<Principal> {
    const live = this.issuer.lookup(token);
    if (!live) throw new DomainError('TOKEN_INVALIDO', 'El token no es válido.');
    if (this.clock.now().getTime() >= live.expiresAtMs) throw new DomainError('TOKEN_EXPIRADO', 'El token ha caducado; inicie sesión de nuevo.');
    return { ...live.principal };
  }
}
