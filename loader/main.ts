import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { callerPath } from '../adapters/config/caller-path';
import { DEFAULT_TIMEOUT_MS } from './api-client';
import type { LoaderClock } from './clock';
import { type Encoding, ENCODINGS } from './csv';
import { load, type LoadOptions } from './load';
import { DEFAULT_CONCURRENCY } from './pool';
import { ConsoleReporter, type Output, printable } from './report';

/**
 * The --timeout-ms accepted: under 1 s is a value typed in seconds, or one
 * no busy admin meets; over 10 min a run that looks hung.
 */
const TIMEOUT_RANGE_MS = { min: 1000, max: 600_000 };

/**
 * npm run load [-- --data DIR --dry-run --concurrency N --no-cita]
 *
 * Exit codes: 0 every row went in (or was already there) and the appointment
 * is booked; 1 some rows (or the appointment) failed, the others went in;
 * 2 nothing could be done, or nothing more (a service unreachable or not
 * answering, the admin cannot log in, a data file missing, a bad option);
 * 130 stopped by Ctrl-C (INTERRUPTED).
 */
const USAGE = `Uso: npm run load -- [opciones]

  --data DIR          carpeta con usuarios.csv, doctores.csv, pacientes.csv, centros.csv
                      (o LOADER_DATA_DIR; por defecto loader/data); relativa a la carpeta
                      desde la que se lanza npm, LOADER_DATA_DIR a la del proyecto
  --admin-url URL     servicio admin (o ADMIN_URL; por defecto http://127.0.0.1:5001)
  --citas-url URL     servicio citas (o CITAS_URL; por defecto http://127.0.0.1:5002)
  --concurrency N     peticiones en paralelo (o LOADER_CONCURRENCY; por defecto ${DEFAULT_CONCURRENCY})
  --timeout-ms MS     cuánto se espera la respuesta de cada petición, en milisegundos
                      (o LOADER_TIMEOUT_MS; por defecto ${DEFAULT_TIMEOUT_MS}, de ${TIMEOUT_RANGE_MS.min} a ${TIMEOUT_RANGE_MS.max})
  --dry-run           valida cada fila localmente y dice qué se crearía, sin enviar nada
  --no-cita           no reserva la cita final
  --no-horarios       no define los horarios semanales de los doctores
  --encoding NOMBRE   codificación de los CSV: utf-8 (por defecto) o windows-1252
                      (la exportación CSV de Excel en español)
  -h, --help          esta ayuda

Código de salida: 0 todo cargado; 1 alguna fila (o la cita) falló; 2 no se pudo cargar nada;
130 interrumpido con Ctrl-C (lo ya enviado se cuenta en el resumen).`;

/** The exit code of a run stopped by Ctrl-C: 128 + SIGINT, what a shell reports for a process the signal ended. */
const INTERRUPTED = 130;

export function optionsFrom(argv: string[], env: NodeJS.ProcessEnv): LoadOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      'admin-url': { type: 'string' },
      'citas-url': { type: 'string' },
      concurrency: { type: 'string' },
      'timeout-ms': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'no-cita': { type: 'boolean', default: false },
      'no-horarios': { type: 'boolean', default: false },
      encoding: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const concurrency = Number(values.concurrency ?? env.LOADER_CONCURRENCY ?? DEFAULT_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new Error(`--concurrency debe ser un entero entre 1 y 64 (recibido: ${values.concurrency ?? env.LOADER_CONCURRENCY}).`);
  }
  const timeoutMs = Number(values['timeout-ms'] ?? env.LOADER_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
  if (!Number.isInteger(timeoutMs) || timeoutMs < TIMEOUT_RANGE_MS.min || timeoutMs > TIMEOUT_RANGE_MS.max) {
    const fromEnv = values['timeout-ms'] === undefined;
    throw new Error(
      `--timeout-ms debe ser un número entero de milisegundos entre ${TIMEOUT_RANGE_MS.min} y ${TIMEOUT_RANGE_MS.max}, p. ej. 60000 para un minuto` +
        `${fromEnv ? '; el valor viene de LOADER_TIMEOUT_MS' : ''} (recibido: ${values['timeout-ms'] ?? env.LOADER_TIMEOUT_MS}).`,
    );
  }
  return {
    encoding: encodingOf(values.encoding),
    // --data is typed per run, from the operator's folder; LOADER_DATA_DIR is a setting, from the project's (callerPath).
    dataDir: values.data !== undefined ? callerPath(values.data, env) : resolve(env.LOADER_DATA_DIR ?? resolve(__dirname, 'data')),
    adminUrl: values['admin-url'] ?? env.ADMIN_URL ?? 'http://127.0.0.1:5001',
    citasUrl: values['citas-url'] ?? env.CITAS_URL ?? 'http://127.0.0.1:5002',
    concurrency,
    timeoutMs,
    dryRun: values['dry-run'],
    book: !values['no-cita'],
    schedules: !values['no-horarios'],
    adminPassword: env.ADMIN_BOOTSTRAP_PASSWORD || undefined,
    clinicTimeZone: env.CLINIC_TIME_ZONE ?? 'Europe/Madrid',
  };
}

/** The --encoding given (any label TextDecoder knows for utf-8 or windows-1252, e.g. UTF8, cp1252), default utf-8. */
function encodingOf(label: string | undefined): Encoding {
  if (label === undefined) return 'utf-8';
  let encoding: string | undefined;
  try {
    encoding = new TextDecoder(label.trim()).encoding;
  } catch {
    encoding = undefined;
  }
  const known = ENCODINGS.find((e) => e === encoding);
  if (!known) throw new Error(`--encoding admite utf-8 o windows-1252 (recibido: ${label}).`);
  return known;
}

export interface Io {
  out: Output;
  err: Output;
  /** Ctrl-C (the CLI aborts it on SIGINT, below): no more rows are sent, the run reports what was and ends. */
  interrupt?: AbortSignal;
  /** The run's time (LoadOptions.clock), the progress line's too: the machine's unless a test gives its own. */
  clock?: LoaderClock;
}

/** Runs the loader as the CLI does and returns its exit code; tests pass their own `io`. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, io: Io = { out: process.stdout, err: process.stderr }): Promise<number> {
  let options: LoadOptions | 'help';
  try {
    options = optionsFrom(argv, env);
  } catch (err) {
    io.err.write(`${printable((err as Error).message, { lines: true })}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    io.out.write(`${USAGE}\n`);
    return 0;
  }
  const reporter = new ConsoleReporter(io.out, io.err, io.clock);
  const stopping = (): void => {
    io.err.write('\nCtrl-C: no se envía ninguna fila más; se esperan las respuestas de las ya enviadas para contarlas (Ctrl-C otra vez sale sin esperar).\n');
  };
  io.interrupt?.addEventListener('abort', stopping, { once: true });
  const result = await load({ ...options, events: reporter, interrupt: io.interrupt, clock: io.clock }).finally(() =>
    io.interrupt?.removeEventListener('abort', stopping),
  );
  const unknown = result.failures.filter((f) => f.unknown).length;
  /** The rows that may be in or not, told apart from those to correct: a run stopped midway can have them too. */
  const unknownLine = (): void => {
    if (!unknown) return;
    io.err.write(
      `\n${unknown} fila(s) pueden haberse cargado o no (su línea dice por qué); no hay nada que corregir en ellas. ` +
        'Vuelva a ejecutar: las que se cargaron contarán como «ya existían» y las demás se crearán.\n',
    );
  };
  if (result.fatal) {
    io.err.write(`\nError: ${printable(result.fatal, { lines: true })}\n`);
    if (result.files.length) reporter.summary(result.files, result.seconds);
    unknownLine();
    return 2;
  }
  reporter.summary(result.files, result.seconds);
  if (result.schedules) {
    const h = result.schedules;
    io.out.write(`Horarios: ${h.set.length} definidos, ${h.skipped.length} doctores ya tenían horario, ${h.failed.length} errores.\n`);
    for (const f of h.failed) io.err.write(`✗ horario del doctor ${f.idDoctor} (${printable(f.nombre)}): ${printable(f.code)} — ${printable(f.detail)}\n`);
  }
  if (result.relogins) io.out.write(`(el token caducó durante la carga: se inició sesión de nuevo ${result.relogins} vez/veces)\n`);
  if (result.failures.length > unknown) {
    io.err.write(`\n${result.failures.length - unknown} fila(s) no se cargaron; corrija el archivo y la línea indicados y vuelva a ejecutar (lo ya cargado no se duplica).\n`);
  }
  unknownLine();
  if (result.interrupted) {
    io.err.write(
      `\nCarga interrumpida (Ctrl-C): ${result.interrupted.unsent} fila(s) no se enviaron y la cita no se reservó. ` +
        'Lo enviado está en el resumen; vuelva a ejecutar para cargar el resto (lo ya cargado cuenta como «ya existían»).\n',
    );
    return INTERRUPTED;
  }
  if (result.dryRun) {
    io.out.write('\n--dry-run: no se ha enviado nada. Las filas válidas se crearían (las que ya existan contarían como «ya existían»).\n');
  } else if (result.cita) {
    const title = result.cita.status === 'nueva' ? 'Cita reservada:' : 'La cita de la carga ya estaba reservada (no se reserva otra):';
    // JSON escapes C0 controls in strings, not C1 ones nor bidi overrides: printable does.
    io.out.write(`\n${title}\n${printable(JSON.stringify(result.cita.cita, null, 2), { lines: true })}\n`);
  } else if (result.citaError) {
    io.err.write(`\nNo se pudo reservar la cita: ${printable(result.citaError)}\n`);
  }
  return result.ok ? 0 : 1;
}

if (require.main === module) {
  // The first Ctrl-C lets the run count the rows in flight and report (main); a second one leaves at once.
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(INTERRUPTED);
    interrupt.abort();
  });
  main(process.argv.slice(2), process.env, { out: process.stdout, err: process.stderr, interrupt: interrupt.signal }).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(`Error inesperado: ${printable((err as Error).message, { lines: true })}\n`);
      process.exitCode = 2;
    },
  );
}
