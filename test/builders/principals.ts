import type { Principal } from '../../core/domain/roles';
import type { Caller } from '../../core/ports/directory';
import type { Actor } from '../../core/ports/tokens';

/** Token subjects for each role. User ids are derived so two principals never share one by accident. */
export const anAdmin = (userId = 1): Principal => ({ userId, username: `admin${userId}`, rol: 'admin' });
export const aSecretaria = (userId = 2): Principal => ({ userId, username: `secre${userId}`, rol: 'secretaria' });
export const aMedico = (idDoctor: number): Principal => ({ userId: 1000 + idDoctor, username: `medico${idDoctor}`, rol: 'medico', idDoctor });
export const aPaciente = (idPaciente: number): Principal => ({
  userId: 5000 + idPaciente,
  username: `paciente${idPaciente}`,
  rol: 'paciente',
  idPaciente,
});

export function callerOf(principal: Principal): Caller {
  return { principal, credential: `token-de-${principal.username}` };
}

/**
 * A principal as admin's writes take it: with the token it called with, of
 * its account's current token generation (a new account's is 0) and never
 * logged out, so the writes' own check of the token (core/use-cases/confirmed-account.ts) lets it write.
 */
export function acting<P extends Principal>(principal: P, generation = 0): P & Actor {
  return { ...principal, session: { id: `token-de-${principal.username}`, generation } };
}
