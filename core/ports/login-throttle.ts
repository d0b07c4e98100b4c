/**
 * Failed-login limits per account from one address, per account from any
 * address, and per address. An attempt is counted as a failure when it is
 * admitted, before its password is checked, so concurrent guesses cannot
 * all pass the limit together; a right password takes it back.
 */
export interface LoginAttempt {
  username: string;
  address: string;
}

export interface LoginThrottle {
  /**
   * Counts the attempt as a failure on every counter and admits it, or
   * rejects with TooManyAttemptsError (429 + Retry-After), counting nothing,
   * when any counter is at its limit.
   */
  admit(attempt: LoginAttempt): Promise<LoginAdmission>;
}

/** An admitted attempt, until its password has been checked. */
export interface LoginAdmission {
  /** The password was right: this attempt is no failure, and the account's failures are forgiven (the address's are not). */
  succeeded(): Promise<void>;
  /** The password was never checked (the service was too busy): the attempt does not count at all. */
  withdraw(): Promise<void>;
}
