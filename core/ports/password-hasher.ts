/**
 * Password hashing. Both operations may fail with DependencyUnavailableError
 * (503 with Retry-After) when too much hashing is already waiting.
 */
export interface PasswordHasher {
  /** A self-describing hash (PHC string) of the password. */
  hash(password: string): Promise<string>;
  /** False for a wrong password or a malformed hash; never throws for those. */
  verify(hash: string, password: string): Promise<boolean>;
  /** True when the hash was made with other parameters than today's. */
  needsRehash(hash: string): boolean;
}
