/**
 * A password cell with spaces before or after it: a loader policy, not the
 * API's. Admin takes such a password as it is (core/domain/password-policy.ts
 * counts a space as a character, as a person may choose one), but in a sheet
 * the space is far more often a stray one (typed after the word, the ", "
 * between cells) than meant. Sending it creates an account whose password the
 * person cannot type back; trimming it sets a credential other than the one
 * written. Which was meant is not the loader's to guess: the row is refused,
 * never sent, and the message says why without showing the password.
 */
export const SPACED_PASSWORD = 'CONTRASENA_CON_ESPACIOS';

export function spacedPasswordRefusal(password: string | undefined): { code: string; detail: string } | undefined {
  if (password === undefined) return undefined;
  const before = /^\s/u.test(password);
  const after = /\s$/u.test(password);
  if (!before && !after) return undefined;
  const where = before && after ? 'empieza y termina' : before ? 'empieza' : 'termina';
  return {
    code: SPACED_PASSWORD,
    detail:
      `La contraseña ${where} con espacios: el cargador no los quita ni la envía así, porque no sabe si son parte de ella; ` +
      'esta fila no se envía. Quite los espacios de la celda y vuelva a cargar (una contraseña que de verdad los lleve se pone después, POST /admin/usuario/{id}/password).',
  };
}
