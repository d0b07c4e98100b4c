import type { Request } from 'express';
import { DomainError } from '../../core/domain/errors';
import type { TokenVerifier, VerifiedToken } from '../../core/ports/tokens';

/**
 * Reads the bearer token and asks the TokenVerifier who it speaks for.
 * `confirm` lets a service add a live check (admin: the user still exists,
 * is active, and this token is neither revoked nor of an older generation;
 * citas: admin still accepts the token), so a deactivated account's or a
 * logged-out token stops working.
 */
export class Authenticator {
  constructor(
    private readonly verifier: TokenVerifier,
    /** `requestId`: the request's, for a check that asks another service on its behalf (citas asks admin). */
    private readonly confirm: (verified: VerifiedToken, token: string, requestId: string) => Promise<void> | void = () => undefined,
  ) {}

  async authenticate(req: Request): Promise<VerifiedToken & { token: string }> {
    const header = req.headers.authorization;
    if (!header) throw new DomainError('NO_AUTENTICADO', 'Falta la cabecera Authorization: Bearer <token>.');
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
    if (!match) throw new DomainError('TOKEN_INVALIDO', 'La cabecera Authorization debe tener la forma "Bearer <token>".');
    const token = match[1];
    const verified = await this.verifier.verify(token);
    await this.confirm(verified, token, req.id);
    return { ...verified, token };
  }
}
