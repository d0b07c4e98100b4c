/**
 * Single tokens ended before they expire (POST /auth/logout), by the id each
 * token carries. A revocation is kept until the token expires; after that
 * the token is refused for having expired, so it can be forgotten.
 */
export interface RevokedTokens {
  /** Refuses token `id` from now on; forgets revocations whose tokens expired before `now`. */
  revoke(id: string, expiresAt: Date, now: Date): void;
  isRevoked(id: string): boolean;
}
