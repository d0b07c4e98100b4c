import { type LoaderClock, systemClock } from './clock';

/**
 * What the loader tells the person running it: a per-file counter redrawn on
 * one line on a terminal (plain lines otherwise, e.g. in CI logs), each bad
 * row with its file and line as it happens, and a summary table at the end.
 */
export interface RowFailure {
  file: string;
  line: number;
  code: string;
  detail: string;
  /**
   * Not known to have failed: admin may have made the record (its answer
   * lost, a 503 after its commit) and the loader could not find out. Nothing
   * in the line is wrong; a re-run counts it "ya existían" or creates it.
   */
  unknown?: boolean;
}

/**
 * A row counted in with something to say of it: "ya existía" and its account
 * differs from the CSV in what the loader does not change; or its answer cut
 * off midway and the record then found in admin.
 */
export interface RowNote {
  file: string;
  line: number;
  detail: string;
}

export interface FileSummary {
  file: string;
  rows: number;
  created: number;
  existing: number;
  failed: number;
}

export interface StartInfo {
  dataDir: string;
  adminUrl: string;
  citasUrl: string;
  dryRun: boolean;
  concurrency: number;
}

/** Events the load emits; a reporter turns them into output (or a test records them). */
export interface LoadEvents {
  started(info: StartInfo): void;
  fileStarted(file: string, rows: number): void;
  rowDone(file: string, done: number, rows: number): void;
  rowFailed(failure: RowFailure): void;
  rowNoted(note: RowNote): void;
  fileFinished(summary: FileSummary): void;
  notice(text: string): void;
}

export const silentEvents: LoadEvents = {
  started: () => {},
  fileStarted: () => {},
  rowDone: () => {},
  rowFailed: () => {},
  rowNoted: () => {},
  fileFinished: () => {},
  notice: () => {},
};

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Characters that must never reach the operator's terminal as they are:
 * control characters (ESC starts the sequences that clear, recolour or
 * retitle a terminal, CR rewrites the line, and so on) and bidirectional
 * embeddings, overrides and isolates, which reorder what is shown. The same
 * set the API refuses in text fields (core/domain/text.ts), but a CSV cell,
 * an older record or a path may still hold them.
 */
const UNPRINTABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Text read from a CSV or an API answer, made safe to print: every such
 * character is shown as a \u escape (\u001b) instead of being interpreted.
 * A line break is escaped too (one line of a report stays one line), unless
 * `lines` says the text is a message of several lines.
 */
export function printable(text: string, options: { lines?: boolean } = {}): string {
  return text.replace(UNPRINTABLE, (ch) =>
    ch === '\n' && options.lines ? ch : `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

export function formatFailure(f: RowFailure): string {
  return `✗ ${printable(f.file)} línea ${f.line}: ${printable(f.code)} — ${printable(f.detail)}`;
}

export function formatNote(n: RowNote): string {
  return `ℹ ${printable(n.file)} línea ${n.line}: ${printable(n.detail)}`;
}

function fileLine(s: FileSummary, dryRun: boolean): string {
  return dryRun
    ? `${s.file}: ${s.rows} filas, ${s.created} válidas, ${s.failed} con errores`
    : `${s.file}: ${s.rows} filas, ${s.created} creadas, ${s.existing} ya existían, ${s.failed} fallidas`;
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells
    .map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '))
    .join('\n');
}

/** file | created | already there | failed, with a total row. */
export function formatSummary(files: FileSummary[], dryRun: boolean): string {
  const total = files.reduce(
    (t, s) => ({ ...t, rows: t.rows + s.rows, created: t.created + s.created, existing: t.existing + s.existing, failed: t.failed + s.failed }),
    { file: 'total', rows: 0, created: 0, existing: 0, failed: 0 },
  );
  const all = [...files, total];
  return dryRun
    ? table(['archivo', 'filas', 'válidas', 'con errores'], all.map((s) => [s.file, s.rows, s.created, s.failed]))
    : table(['archivo', 'creados', 'ya existían', 'fallidos'], all.map((s) => [s.file, s.created, s.existing, s.failed]));
}

/** Console output: progress on `out`, problems on `err`. */
export class ConsoleReporter implements LoadEvents {
  private progressShown = false;
  private lastDraw = 0;
  private dryRun = false;

  constructor(
    private readonly out: Output,
    private readonly err: Output = out,
    private readonly clock: LoaderClock = systemClock,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  started(info: StartInfo): void {
    this.dryRun = info.dryRun;
    const target = info.dryRun ? 'sin enviar nada (--dry-run)' : `en ${info.adminUrl} (${info.concurrency} peticiones en paralelo)`;
    this.out.write(`Cargando ${printable(info.dataDir)} ${printable(target)}\n`);
  }

  fileStarted(file: string, rows: number): void {
    this.draw(file, 0, rows, true);
  }

  rowDone(file: string, done: number, rows: number): void {
    this.draw(file, done, rows, done === rows);
  }

  rowFailed(failure: RowFailure): void {
    this.clearProgress();
    this.err.write(`${formatFailure(failure)}\n`);
  }

  /** Not a failure: on `out`, so that `err` holds only what did not go in. */
  rowNoted(note: RowNote): void {
    this.clearProgress();
    this.out.write(`${formatNote(note)}\n`);
  }

  fileFinished(summary: FileSummary): void {
    this.clearProgress();
    this.out.write(`${fileLine(summary, this.dryRun)}\n`);
  }

  notice(text: string): void {
    this.clearProgress();
    this.out.write(`${printable(text, { lines: true })}\n`);
  }

  summary(files: FileSummary[], seconds: number): void {
    // the rows dealt with, not those of the files: a run stopped midway (Ctrl-C, a service gone) did not read the rest
    const sent = files.reduce((n, s) => n + s.created + s.existing + s.failed, 0);
    const rate = seconds > 0 ? Math.round(sent / seconds) : sent;
    this.out.write(`\nResumen (${sent} filas en ${seconds.toFixed(1)} s, ${rate} filas/s)\n${formatSummary(files, this.dryRun)}\n`);
  }

  private draw(file: string, done: number, rows: number, force: boolean): void {
    if (!this.tty) return;
    const now = this.clock.now().getTime();
    if (!force && now - this.lastDraw < 50) return;
    this.lastDraw = now;
    this.out.write(`\r\x1b[2K${printable(file)}  ${done}/${rows}`);
    this.progressShown = true;
  }

  private clearProgress(): void {
    if (this.tty && this.progressShown) this.out.write('\r\x1b[2K');
    this.progressShown = false;
  }
}
