import { DomainError } from '../../core/domain/errors';

/** For assert.rejects: the use case refused with this DomainError code (the contract's error code), not some other failure. */
export const hasCode = (code: string) => (err: unknown) => err instanceof DomainError && err.code === code;
