/**
 * Counts failed logins per account and per client address. `check` rejects
 * with TooManyAttemptsError (429 + Retry-After) while either is over its limit.
 */
export interface LoginAttempt {
  username: string;
  address: string;
}

export interface LoginThrottle {
  check(attempt: LoginAttempt): Promise<void>;
  failed(attempt: LoginAttempt): Promise<void>;
  succeeded(attempt: LoginAttempt): Promise<void>;
}
