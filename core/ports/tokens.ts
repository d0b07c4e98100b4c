import type { Principal } from '../domain/roles';

export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

export interface TokenIssuer {
  issue(principal: Principal): Promise<IssuedToken>;
}

/**
 * Verifies a bearer token and returns who it speaks for. Fails with a
 * DomainError TOKEN_INVALIDO or TOKEN_EXPIRADO, or DependencyUnavailableError
 * when the verification keys cannot be fetched.
 */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}
