import { HttpError } from './problem';

/** No request body of any service nests deeper than a few levels; 32 leaves room and refuses what only an attack sends. */
export const MAX_JSON_DEPTH = 32;

/**
 * body-parser's `verify` for every JSON body of admin, citas and the web: it
 * sees the raw bytes before JSON.parse, and refuses deep nesting with 400
 * JSON_DEMASIADO_ANIDADO (the web would otherwise parse it and fail to send
 * it on, which looked like an outage of the API behind).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  if (nestsDeeperThan(buf, MAX_JSON_DEPTH)) {
    throw new HttpError('JSON_DEMASIADO_ANIDADO', `El cuerpo anida objetos o listas a más de ${MAX_JSON_DEPTH} niveles.`);
  }
}

/**
 * How deep a JSON text nests, read byte by byte without parsing it: brackets
 * inside strings do not count. Linear and allocation-free (about 3 ms per
 * megabyte), so a body nested a million levels deep is refused before
 * JSON.parse spends tens of milliseconds of the event loop on it, or a
 * validator recurses into it.
 */
export function nestsDeeperThan(json: Buffer, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next byte is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
