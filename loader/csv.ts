import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

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
function parseRecords(text: string): { records: { line: number; parsed: ParsedRecord }[]; problems: CsvProblem[] } {
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

/**
 * Reads CSV text whose header must name exactly `columns` (any order). A BOM
 * (Excel) is ignored, quoted cells may hold commas, quotes and line breaks,
 * CRLF or LF line ends, blank lines are skipped. A row with the wrong number
 * of cells or broken quoting is a problem of that row only; a bad header is a
 * problem of the file.
 */
export function parseCsv(text: string, columns: readonly string[]): CsvTable {
  // CRLF (Excel) -> LF first: csv-parse's line count drifts on CRLF files
  const { records, problems: broken } = parseRecords(text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n'));
  if (records.length === 0) return { rows: [], problems: [...broken, { line: 1, message: 'El archivo está vacío: falta la cabecera.' }] };

  const header = records[0].parsed.record.map((h) => h.trim());
  const missing = columns.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !columns.includes(h));
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
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
    const values: Record<string, string> = {};
    header.forEach((name, i) => (values[name] = parsed.record[i]));
    rows.push({ line, values });
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}

export function readCsv(path: string, columns: readonly string[]): CsvTable {
  return parseCsv(readFileSync(path, 'utf8'), columns);
}
