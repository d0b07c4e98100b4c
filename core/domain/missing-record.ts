import { NotFoundError } from './errors';

/**
 * How a doctor, center, patient or user that does not exist is called: one
 * wording whether admin's route reads it by path (404) or a booking names it
 * in its body (422 `*_NO_EXISTE`), so a client learns one sentence. The id
 * stays in it: it is all there is to call a missing record by.
 */
export type RecordKind = 'doctor' | 'centro' | 'paciente' | 'usuario';

export const noSuchRecord = (kind: RecordKind, id: number): string => `No existe ningún ${kind} con id ${id}.`;

/** The 404 of a record read, changed or deactivated by its id. */
export const recordNotFound = (kind: RecordKind, id: number): NotFoundError => new NotFoundError(noSuchRecord(kind, id));
