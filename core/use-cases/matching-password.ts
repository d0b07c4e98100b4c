import { normalisePassword } from '../domain/password-policy';
import type { PasswordHasher } from '../ports/password-hasher';

/**
 * Whether `typed` is the password `hash` was made from, compared after NFC
 * normalization. A hash made before passwords were normalized holds the text
 * as it was typed, so that form is tried too when it differs. Answers the
 * form that matched (the caller stores the NFC hash when it was the other),
 * or undefined. The same work whatever the hash: a dummy one for an unknown
 * user costs what a real one does.
 */
export async function matchingPassword(hasher: PasswordHasher, hash: string, typed: string): Promise<string | undefined> {
  for (const candidate of new Set([normalisePassword(typed), typed])) {
    if (await hasher.verify(hash, candidate)) return candidate;
  }
  return undefined;
}
