/**
 * The rules every text field of admin and citas shares (names, addresses,
 * specialties, motivos): which characters no field stores, trimmed required
 * names, and the search key that `q` filters compare against (lowercase, no
 * accents, single spaces), so "garcia" finds "Ana García".
 */
import type { FieldProblem } from './errors';

/**
 * Characters no text field stores (contract: 422 naming the field):
 * - control characters, C0 and C1 (\p{Cc}): ESC starts the sequences that
 *   make a terminal clear, recolour or rewrite what it shows, CR overwrites a
 *   printed line, NUL ends a string in C and in SQLite's length(); a line
 *   break or a tab is one too, as these are one-line fields;
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 *   U+2066–U+2069), which show text in another order than it is stored
 *   ("Trojan Source"). The direction marks U+200E/U+200F only hint the
 *   direction of neutral characters and stay allowed, like any script.
 */
const UNSAFE_CHARACTER = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The problem with a text field holding a control character or a
 * bidirectional override, if it does. `label` ("El motivo") opens the
 * message where the detail is the messages alone (citas); admin's
 * invalidFields (field-problems.ts) puts the path in front instead.
 */
export function unsafeTextProblem(value: string, path: string, label?: string): FieldProblem | undefined {
  const found = UNSAFE_CHARACTER.exec(value);
  if (!found) return undefined;
  const position = charCount(value.slice(0, found.index)) + 1;
  const what = `caracteres de control ni de dirección del texto (${codePoint(found[0])} en la posición ${position}).`;
  return { path, message: label ? `${label} no admite ${what}` : `No admite ${what}` };
}

/**
 * Nothing a reader would see: white space, and the characters Unicode says
 * a renderer shows as nothing (Default_Ignorable_Code_Point: zero-width
 * space and joiners, direction marks, word joiner, soft hyphen, Hangul
 * fillers). A required text made only of these is as empty as ''.
 */
const NOTHING_VISIBLE = /^[\s\p{Default_Ignorable_Code_Point}]*$/u;

/** Characters as a person, the API's schemas (OpenAPI maxLength) and SQLite's length() count them: code points, not UTF-16 units. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Whether a text shows nothing at all (empty, blank, or invisible characters only). */
export function isBlank(text: string): boolean {
  return NOTHING_VISIBLE.test(text);
}

/**
 * An optional text as it is kept: absent (undefined) when it shows nothing
 * (isBlank: spaces, or invisible characters only), as if it had not been
 * sent; otherwise trimmed. Its other rules (length, unsafe characters) are
 * the field's own, checked on what this returns.
 */
export function optionalText(value: string | null | undefined): string | undefined {
  if (value === undefined || value === null || isBlank(value)) return undefined;
  return value.trim();
}

export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A required, trimmed, single-spaced text of 1..max safe characters, something of it visible; pushes a problem when it is not. */
export function requiredText(value: string, path: string, max: number, problems: FieldProblem[]): string {
  const unsafe = unsafeTextProblem(value, path);
  if (unsafe) {
    problems.push(unsafe);
    return value;
  }
  const clean = value.replace(/\s+/g, ' ').trim();
  if (isBlank(clean)) problems.push({ path, message: 'No puede estar vacío ni tener solo caracteres invisibles.' });
  else if (charCount(clean) > max) problems.push({ path, message: `Admite como máximo ${max} caracteres.` });
  return clean;
}
