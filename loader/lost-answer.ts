import { AnswerCutError, type ApiAnswer, type ApiClient, problemOf, ServiceUnreachableError } from './api-client';
import { type ExistingAccounts, ListingError } from './existing-accounts';
import type { Kind } from './files';
import { findMadeCenter, UnconfirmedCenterError } from './made-center';

/**
 * A create admin may have carried out without the loader learning it from
 * the answer: an answer cut off midway (AnswerCutError), or a request sent
 * whole whose connection was lost before any answer began (a crash right
 * after the commit) and that could not be sent again (LostAnswerError, or
 * an ApiAnswer afterLoss). It is never sent again; the record is looked for
 * in admin (a read: an account as after a 409, a center as before a resend)
 * and its row's line says what became of it. Found, it counts in; not there,
 * it was not made only when admin's answer had begun with a refusal;
 * otherwise, or with the lists unreadable, its outcome is unknown.
 */
export interface Loss {
  /** How the row counts when its record is found. */
  foundAs: 'created' | 'existing';
  /** The note on the line of a row found in admin. */
  found(what: string): string;
  /** Not found: that proves it was not made only after an answer that began with a refusal (a 503 cut short). */
  notMade: boolean;
  /** Not found, and not proved unmade (unknown), or proved so (`notMade`, RESPUESTA_CORTADA). */
  missing(what: string, where: string): string;
  /** The lists unreadable to find out (unknown). */
  unconfirmed(cause: Error): string;
}

/** What became of the row: counted in, with its note (and what differs from the CSV), or a line of its own. */
export type Outcome =
  | { as: 'created' | 'existing'; id?: number; notes: (string | undefined)[] }
  /** `stops`: admin could not be reached to look, which stops the run as for any request. */
  | { code: string; detail: string; unknown: boolean; stops?: ServiceUnreachableError };

/** Looks for the row in admin after `loss` and says what became of it. */
export async function settleLost(
  api: ApiClient,
  accounts: ExistingAccounts,
  kind: Kind,
  body: Record<string, string>,
  loss: Loss,
): Promise<Outcome> {
  const notThere = (what: string, where: string): Outcome =>
    loss.notMade
      ? { code: 'RESPUESTA_CORTADA', detail: loss.missing(what, where), unknown: false }
      : { code: kind === 'centro' ? 'CENTRO_SIN_CONFIRMAR' : 'CUENTA_SIN_CONFIRMAR', detail: loss.missing(what, where), unknown: true };
  if (kind === 'centro') {
    const { nombre, direccion } = body;
    let made;
    try {
      made = await findMadeCenter(api, { nombre, direccion })();
    } catch (err) {
      if (err instanceof UnconfirmedCenterError) return { code: err.code, detail: err.message, unknown: true };
      if (err instanceof ServiceUnreachableError) {
        return { code: 'CENTRO_SIN_CONFIRMAR', detail: new UnconfirmedCenterError(nombre, err).message, unknown: true, stops: err };
      }
      throw err;
    }
    const center = made?.body as { id_centro: number } | undefined;
    // a center there before the run was skipped before sending: one found now is this row's
    if (center) return { as: 'created', id: center.id_centro, notes: [loss.found(`el centro "${nombre}"`)] };
    return notThere(`el centro "${nombre}"`, 'GET /admin/centros');
  }
  let verdict;
  try {
    verdict = await accounts.check(kind, body);
  } catch (err) {
    if (err instanceof ListingError) return { code: 'CUENTA_SIN_CONFIRMAR', detail: loss.unconfirmed(err), unknown: true };
    if (err instanceof ServiceUnreachableError) return { code: 'CUENTA_SIN_CONFIRMAR', detail: loss.unconfirmed(err), unknown: true, stops: err };
    throw err;
  }
  const what = `el usuario "${body.username}"`;
  if (verdict.same) return { as: loss.foundAs, id: verdict.id, notes: [loss.found(what), verdict.note] };
  // someone else holds the username: this row's create cannot have been made
  if (verdict.held) return { code: 'USUARIO_DUPLICADO', detail: verdict.detail, unknown: false };
  return notThere(what, 'GET /admin/usuario');
}

/** An answer cut off midway: admin's 201 says this request made the record, a 409 that it was there before. */
export function cutLoss(cut: AnswerCutError): Loss {
  const succeeded = cut.status >= 200 && cut.status < 300;
  // a refusal begun proves nothing was made, unless an earlier attempt of the request was lost unanswered
  const notMade = !succeeded && !cut.afterLoss;
  const began = `Admin empezó a responder ${cut.status} a esta fila y la conexión se cortó a mitad`;
  return {
    foundAs: succeeded ? 'created' : 'existing',
    found: (what) =>
      `La conexión con ${cut.service} se cortó a mitad de la respuesta a esta fila (${cut.status}); ${what} está en admin (se comprobó después), ` +
      `así que cuenta como ${succeeded ? 'creado' : '«ya existían»'}.`,
    notMade,
    missing: (what, where) =>
      notMade
        ? `${began}; ${what} no está en admin (se comprobó en ${where}), así que no se ha creado. No se envía otra vez ahora; vuelva a cargar cuando admin responda y se creará.`
        : `${began}, pero ${what} no aparece en ${where}, así que no se sabe si se ha creado; ${NOT_AGAIN}`,
    unconfirmed: (cause) => `${began}, así que no se sabe si se ha creado, y no se pudo comprobar (${lookupFailure(cause)}); ${NOT_AGAIN}`,
  };
}

/**
 * A request sent whole whose connection was lost before any answer: admin
 * may have stored the row and crashed. `resend` says what sending it again
 * met: admin unreachable (the error that stops the run), or an answer that
 * says nothing of the first attempt (a 503 given back, a 5xx).
 */
export function lostLoss(resend: ServiceUnreachableError | ApiAnswer): Loss {
  const met =
    resend instanceof ServiceUnreachableError
      ? `y no se pudo volver a conectar con ${resend.service} para enviarla otra vez`
      : `y al enviarla otra vez admin respondió ${resend.status} (${problemOf(resend).detail})`;
  const lost = `Se envió esta fila y la conexión con admin se perdió antes de su respuesta (admin pudo caerse justo después de guardarla), ${met}`;
  return {
    foundAs: 'created',
    found: (what) => `${lost}; ${what} está en admin (se comprobó después), así que cuenta como creado.`,
    // no answer said no: the first attempt may still be inside admin (waiting its password hash) when the lists are read
    notMade: false,
    missing: (what, where) =>
      `${lost}; ${what} no aparece en ${where}, pero admin pudo no haber terminado de guardarla, así que no se sabe si se ha creado; ${NOT_AGAIN}`,
    unconfirmed: (cause) => `${lost}, así que no se sabe si se ha creado, y no se pudo comprobar (${lookupFailure(cause)}); ${NOT_AGAIN}`,
  };
}

const NOT_AGAIN = 'no se envía otra vez para no crearla dos veces. Vuelva a cargar: si se creó, contará como «ya existían»; si no, se creará.';

/** Why a list asked to find a row out could not be read: its problem, or admin's connection (whose error ends the run). */
export function lookupFailure(cause: Error): string {
  if (cause instanceof ServiceUnreachableError) return `la lista no se pudo leer de ${cause.service}: la conexión falló; vea el error del final`;
  return cause.message;
}
