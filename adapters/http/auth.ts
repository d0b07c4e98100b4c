import type { Request } from 'express';
import { DomainError } from '../../core/domain/errors';
import type { Principal } from '../../core/domain/roles';
import type { TokenVerifier } from '../../core/ports/tokens';

/**
 * Reads the bearer token and asks the TokenVerifier who it speaks for.
 * `confirm` lets a service add a live check (admin: the user still exists
 * and is active; citas: admin still accepts the token), so a deactivated
 * account's token stops working.
 */
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly confirm: (principal: Principal, token: string) => Promise<void> | void = () => undefined,
  ) {}

  async authenticate(req: Request): Promise<{ principal: Principal; token: string }> {
    const header = req.headers.authorization;
    if (!header) throw new DomainError('NO_AUTENTICADO', 'Falta la cabecera Authorization: Bearer <token>.');
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
    if (!match) throw new DomainError('TOKEN_INVALIDO', 'La cabecera Authorization debe tener la forma "Bearer <token>".');
    const token = match[1];
    const principal = await this.verifier.verify(token);
    await this.confirm(principal, token);
    return { principal, token };
  }
}
