import type { Principal } from '../../core/domain/roles';
import type { IssuedToken, TokenIssuer } from '../../core/ports/tokens';

export class FakeTokenIssuer implements TokenIssuer {
  issued: Principal[] = [];

  async issue(principal: Principal): Promise<IssuedToken> {
    this.issued.push(principal);
    return { token: `token-${principal.userId}`, expiresInSeconds: 3600 };
  }
}
