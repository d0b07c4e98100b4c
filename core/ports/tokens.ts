import type { Principal } from '../domain/roles';

export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

export interface TokenIssuer {
  /** A token for `principal` in the user's current token `generation` (User.tokenGeneration). */
  issue(principal: Principal, generation: number): Promise<IssuedToken>;
}

/** Which token this is, beyond whom it speaks for: what revocation needs. */
export interface TokenSession {
  /** Unique per token: logging out revokes this id. */
  id: string;
  /** The user's token generation when it was issued; an older one than the user's is refused. */
  generation: number;
  expiresAt: Date;
}

/**
 * Who is calling, with the token they called with: what admin's writes are
 * given, so that inside the unit of work that writes they can ask again
 * whether that token still speaks for its account (core/use-cases/admin-writes.ts).
 */
export interface Actor extends Principal {
  session: Pick<TokenSession, 'id' | 'generation'>;
}

export interface VerifiedToken {
  principal: Principal;
  session: TokenSession;
}

/**
 * Verifies a bearer token and returns who it speaks for and which token it
 * is. Fails with a DomainError TOKEN_INVALIDO or TOKEN_EXPIRADO, or
 * DependencyUnavailableError when the verification keys cannot be fetched.
 * Whether the account still accepts the token is the service's live check.
 */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}
