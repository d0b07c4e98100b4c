import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { searchKey } from '../core/domain/text';

/** How the bytes of a CSV file are read: UTF-8, or Windows-1252 (Excel's "CSV" export on a Spanish Windows). */
export const ENCODINGS = ['utf-8', 'windows-1252'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** A file whose bytes are not the text its encoding says: refused whole, before any of its rows is sent. */
export class EncodingError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'EncodingError';
  }
}

/** One data row, keyed by header, with the line of the file it starts on (1 = header). */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** A row (or the whole file) that cannot become a record: its line and why, in Spanish. */
export interface CsvProblem {
  line: number;
  message: string;
}

export interface CsvTable {
  rows: CsvRow[];
  problems: CsvProblem[];
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/**
 * Line a record starts on. csv-parse reports the line a record ends on; a
 * quoted cell may span lines, and skipped blank lines precede the record in
 * `raw`, so count the line breaks inside the record itself.
 */
function startLine(parsed: ParsedRecord): number {
  const body = parsed.raw.replace(/^\n+/, '').replace(/\n$/, '');
  const inner = body.match(/\n/g)?.length ?? 0;
  return parsed.info.lines - inner;
}

const QUOTE_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'unas comillas no se cierran',
  CSV_INVALID_CLOSING_QUOTE: 'hay texto tras unas comillas de cierre',
};

/**
 * csv-parse stops at the first broken record. Keep what it read before, report
 * the broken record by the line it starts on, and carry on after the line
 * where the parser gave up, so one bad row does not hide the rest of the file.
 */
function parseRecords(text: string, delimiter: Delimiter): { records: { line: number; parsed: ParsedRecord }[]; problems: CsvProblem[] } {
  const lines = text.split('\n');
  const records: { line: number; parsed: ParsedRecord }[] = [];
  const problems: CsvProblem[] = [];
  let offset = 0;
  while (offset < lines.length) {
    const got: ParsedRecord[] = [];
    try {
      parse(lines.slice(offset).join('\n'), {
        info: true,
        raw: true,
        delimiter,
        // a quote inside an unquoted cell (Juan "Juanito" Pérez) is just a character
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (record: unknown) => {
          got.push(record as ParsedRecord);
          return record;
        },
      } as never);
      records.push(...got.map((parsed) => ({ line: offset + startLine(parsed), parsed })));
      break;
    } catch (err) {
      records.push(...got.map((parsed) => ({ line: offset + startLine(parsed), parsed })));
      let start = offset + (got.at(-1)?.info.lines ?? 0) + 1;
      while (start < lines.length && lines[start - 1].trim() === '') start++;
      const e = err as { code?: string; lines?: number; message: string };
      const end = Math.max(start, offset + (e.lines ?? 0));
      const why = QUOTE_PROBLEMS[e.code ?? ''] ?? e.message;
      const span = end > start ? `las líneas ${start} a ${end} no se pueden leer` : 'la fila no se puede leer';
      problems.push({ line: start, message: `CSV mal formado: ${why}; ${span}.` });
      offset = end;
    }
  }
  return { records, problems };
}

/** In order of preference when the header holds as many of one as of another. */
const DELIMITERS = [',', ';', '\t'] as const;
type Delimiter = (typeof DELIMITERS)[number];

/**
 * The cell separator of a file, told by its header (the first line that is
 * not blank): the one it holds most of, "," on a tie. Excel on a Spanish
 * Windows writes ";" (the comma is the decimal separator there), and then
 * leaves commas in cells unquoted ("Calle Mayor, 1"), so only the header,
 * whose column names hold none, can tell; its «Texto Unicode» writes tabs.
 */
function delimiterOf(text: string): Delimiter {
  const header = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const count = (ch: string) => header.split(ch).length - 1;
  return DELIMITERS.reduce((best, d) => (count(d) > count(best) ? d : best));
}

/**
 * Reads CSV text whose header must name exactly `columns` (any order, any
 * case, accents and spacing: "Teléfono" is telefono). A BOM
 * (Excel) is ignored, cells are separated by commas or, as Excel writes them
 * on a Spanish Windows, by semicolons (delimiterOf), quoted cells may hold
 * the separator, quotes and line breaks, CRLF or LF line ends, blank lines
 * (and rows whose every cell is blank) are skipped, and so is a column with
 * no name in the header as long as its cells are empty. A row with the wrong number of cells or broken quoting is a
 * problem of that row only; a bad header is a problem of the file.
 */
export function parseCsv(text: string, columns: readonly string[]): CsvTable {
  // CRLF (Excel) -> LF first: csv-parse's line count drifts on CRLF files
  const lf = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const parsed = parseRecords(lf, delimiterOf(lf));
  // A row of empty cells (Excel keeps cleared rows as ",,,") or of spaces is a blank line.
  const records = parsed.records.filter(({ parsed: p }) => p.record.some((cell) => cell.trim() !== ''));
  const broken = parsed.problems;
  if (records.length === 0) return { rows: [], problems: [...broken, { line: 1, message: 'El archivo está vacío: falta la cabecera.' }] };

  const titles = records[0].parsed.record.map((h) => h.trim());
  // A title names a column whatever its case, accents and spacing ("Teléfono", "Nombre "): people title a sheet so.
  const header = titles.map((t) => columns.find((c) => searchKey(c) === searchKey(t)) ?? t);
  // A column with no name holds nothing (Excel ends every line with a separator when the sheet is wider than its data).
  const unnamed = header.flatMap((h, i) => (h === '' ? [i] : []));
  const named = header.filter((h) => h !== '');
  const missing = columns.filter((c) => !named.includes(c));
  const unknown = named.filter((h) => !columns.includes(h));
  const repeated = header.flatMap((h, i) => (h !== '' && header.indexOf(h) !== i ? [titles[i]] : []));
  if (missing.length || unknown.length || repeated.length) {
    const parts = [
      missing.length ? `faltan columnas: ${missing.join(', ')}` : '',
      unknown.length ? `columnas desconocidas: ${unknown.join(', ')}` : '',
      repeated.length ? `columnas repetidas: ${repeated.join(', ')}` : '',
    ].filter(Boolean);
    return {
      rows: [],
      problems: [{ line: records[0].line, message: `Cabecera no válida (${parts.join('; ')}); se esperaba: ${columns.join(',')}.` }],
    };
  }

  const rows: CsvRow[] = [];
  const problems: CsvProblem[] = [...broken];
  for (const { line, parsed } of records.slice(1)) {
    if (parsed.record.length !== header.length) {
      problems.push({ line, message: `Tiene ${parsed.record.length} columnas y la cabecera ${header.length}.` });
      continue;
    }
    const filled = unnamed.find((i) => parsed.record[i].trim() !== '');
    if (filled !== undefined) {
      problems.push({ line, message: `Tiene datos en la columna ${filled + 1}, que está sin nombre en la cabecera.` });
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((name, i) => {
      if (name !== '') values[name] = parsed.record[i];
    });
    rows.push({ line, values });
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}

const LF = 0x0a;

/** 1-based line of the file (its bytes) on which `test` first holds, or undefined. */
function firstLine(bytes: Uint8Array, test: (line: Uint8Array) => boolean): number | undefined {
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(LF, start);
    const stop = end === -1 ? bytes.length : end;
    if (test(bytes.subarray(start, stop))) return line;
    if (end === -1) return undefined;
    start = end + 1;
  }
  return undefined;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The text of a CSV file. UTF-8 is decoded strictly: bytes that are not
 * UTF-8 (Windows-1252 writes "í" as the single byte ED) refuse the whole file,
 * naming its first bad line, where a lenient read would have sent U+FFFD in
 * place of every accent. windows-1252 reads every byte, but refuses a file
 * that is valid UTF-8 with non-ASCII text: read that way, "í" would become
 * "Ã­". (A UTF-8 character never contains the byte 0A, so lines can be told
 * apart before decoding.) A file that starts with a UTF-16 BOM is UTF-16
 * whatever `encoding` says (utf16Of).
 */
export function decodeCsv(bytes: Uint8Array, encoding: Encoding, file: string): string {
  const utf16 = utf16Of(bytes);
  if (utf16) return decodeUtf16(bytes, utf16, file);
  if (encoding === 'utf-8') {
    if (isUtf8(bytes)) return new TextDecoder('utf-8').decode(bytes);
    const line = firstLine(bytes, (l) => !isUtf8(l)) ?? 1;
    throw new EncodingError(
      file,
      line,
      `${file} no está en UTF-8: la línea ${line} tiene bytes que no son UTF-8. No se envía ninguna fila. ` +
        'Guárdelo como «CSV UTF-8» o, si es la exportación CSV de Excel en español, use --encoding windows-1252.',
    );
  }
  const nonAscii = (l: Uint8Array) => l.some((b) => b >= 0x80);
  if (isUtf8(bytes) && nonAscii(bytes)) {
    const line = firstLine(bytes, nonAscii) ?? 1;
    throw new EncodingError(
      file,
      line,
      `${file} ya está en UTF-8 (la línea ${line} tiene texto UTF-8 no ASCII): leído como windows-1252 estropearía los acentos. ` +
        'No se envía ninguna fila; quite --encoding windows-1252 para este archivo.',
    );
  }
  return new TextDecoder('windows-1252').decode(bytes);
}

/**
 * Excel's «Texto Unicode» export (and LibreOffice's UTF-16) starts with the
 * byte order mark FF FE (FE FF big-endian), which no CSV in another encoding
 * starts with: that mark says the encoding, whatever --encoding does. Read as
 * UTF-8 it was "not UTF-8", and read as Windows-1252 every other byte a NUL.
 */
function utf16Of(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** A UTF-16 file (its BOM dropped), refused whole like a bad UTF-8 one when a character is broken. */
function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', file: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const lines = new TextDecoder(encoding).decode(bytes).split('\n');
    const line = lines.findIndex((l) => l.includes('\ufffd')) + 1 || lines.length;
    throw new EncodingError(
      file,
      line,
      `${file} empieza como UTF-16 (Texto Unicode) pero la línea ${line} tiene bytes que no lo son. No se envía ninguna fila. Guárdelo de nuevo como «CSV UTF-8».`,
    );
  }
}

export function readCsv(path: string, columns: readonly string[], encoding: Encoding = 'utf-8'): CsvTable {
  return parseCsv(decodeCsv(readFileSync(path), encoding, basename(path)), columns);
}
