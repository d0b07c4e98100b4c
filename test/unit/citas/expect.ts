import assert from 'node:assert/strict';
import { DomainError } from '../../../core/domain/errors';

/** assert.rejects / assert.throws validator: a DomainError with this code (and message, if given). */
export function code(expected: string, message?: RegExp) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof DomainError, `expected DomainError ${expected}, got ${String(err)}`);
    assert.equal(err.code, expected, err.message);
    if (message) assert.match(err.message, message);
    return true;
  };
}
