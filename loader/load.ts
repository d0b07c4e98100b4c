import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AnswerCutError, type ApiAnswer, ApiClient, LoginError, LostAnswerError, problemOf, ServiceUnreachableError, UnansweredError } from './api-client';
import { loadSchedules, type ScheduleStepResult } from './load-schedules';
import { bookLoaderCita, BookingError, type Candidates, type CitaOutcome } from './booking';
import { type LoaderClock, systemClock } from './clock';
import { type Encoding, EncodingError, readCsv } from './csv';
import { ExistingAccounts, listAll, ListingError } from './existing-accounts';
import { centerKey, FILES, type FileSpec } from './files';
import { cutLoss, lookupFailure, type Loss, lostLoss, settleLost } from './lost-answer';
import { findMadeCenter, UnconfirmedCenterError } from './made-center';
import { DEFAULT_CONCURRENCY, inPool } from './pool';
import { type FileSummary, type LoadEvents, type RowFailure, type RowNote, silentEvents } from './report';
import { spacedPasswordRefusal } from './password-cell';
import { localProblems } from './validation';

/**
 * The initial load: every row of the four CSV files, one create request per
 * row, a few in flight at once (the admin service hashes every password with
 * Argon2, so more would only queue), then one appointment. Re-running it
 * creates nothing twice: a center already listed, or a 409 (username taken)
 * by the row's own account (existing-accounts.ts), counts as "already
 * there"; a username taken by someone else is a failed row.
 */
export interface LoadOptions {
  dataDir: string;
  adminUrl: string;
  citasUrl: string;
  /** Validate every row locally and send nothing. */
  dryRun?: boolean;
  /** Requests in flight at once (default 6). */
  concurrency?: number;
  /** How long a request may go unanswered (default DEFAULT_TIMEOUT_MS, 30 s). */
  timeoutMs?: number;
  /** Book the loader's appointment after the rows (default true). */
  book?: boolean;
  /**
   * The first admin's password, when the services were started with another
   * than usuarios.csv's (ADMIN_BOOTSTRAP_PASSWORD in production, Docker).
   */
  adminPassword?: string;
  /** Give every doctor a weekly schedule in citas before booking (default true). */
  schedules?: boolean;
  clinicTimeZone?: string;
  /** How the CSV files are written (default utf-8; windows-1252 for Excel's Spanish export). */
  encoding?: Encoding;
  /** What the run reads its time from and waits on (its length, the day it books from, Retry-After): the machine's unless a test gives its own. */
  clock?: LoaderClock;
  events?: LoadEvents;
  /**
   * Ctrl-C. Once aborted no row is sent and nothing after the rows is begun;
   * the rows already sent are awaited and counted, so the summary holds every
   * record admin acknowledged (a re-run counts them "ya existían"). A row
   * waiting to be sent again after a 429/503 is not sent again: that answer
   * is its own, unless the record is found made (a 503 may follow its
   * commit): a center by the client's findMade, an account as after a 409.
   */
  interrupt?: AbortSignal;
}

export interface LoadResult {
  /** Every row went in (or was already there), and the appointment is booked. */
  ok: boolean;
  dryRun: boolean;
  files: FileSummary[];
  /** Bad rows, by file and line. */
  failures: RowFailure[];
  /** Rows already there whose account differs from the CSV (a phone, a specialty), by file and line. */
  notes: RowNote[];
  cita?: CitaOutcome;
  citaError?: string;
  /** The weekly schedules step (absent on a dry run or with schedules: false). */
  schedules?: ScheduleStepResult;
  /** The run stopped: a service unreachable, the admin cannot log in, a file missing. */
  fatal?: string;
  /** Stopped by `interrupt`: the rows never sent, of every file. */
  interrupted?: { unsent: number };
  seconds: number;
  relogins: number;
}

interface Job {
  spec: FileSpec;
  line: number;
  body: Record<string, string>;
  /** Set when the row is refused before sending (bad CSV row, repeated key). */
  refused?: { code: string; detail: string };
}

interface Loaded {
  spec: FileSpec;
  jobs: Job[];
}

/**
 * Every file, read before anything is sent. A file in the wrong encoding
 * stops the run (every such file named, with its first bad line): sending
 * the others would leave a half-loaded clinic for a mistake that is fixed by
 * saving the file again or passing --encoding.
 */
function readAll(dataDir: string, encoding: Encoding): Loaded[] {
  const missing = FILES.map((s) => join(dataDir, s.file)).filter((p) => !existsSync(p));
  if (missing.length) throw new FatalError(`No se encuentra ${missing.join(', ')}. Indique la carpeta de datos con --data o LOADER_DATA_DIR.`);
  const tables = FILES.map((spec) => {
    try {
      return readCsv(join(dataDir, spec.file), spec.columns, encoding);
    } catch (err) {
      if (err instanceof EncodingError) return err;
      throw err;
    }
  });
  const wrong = tables.filter((t): t is EncodingError => t instanceof EncodingError);
  if (wrong.length) throw new FatalError(wrong.map((e) => e.message).join('\n'));
  const firstSeen = new Map<string, string>();
  return FILES.map((spec, i) => {
    const table = tables[i] as ReturnType<typeof readCsv>;
    const jobs: Job[] = table.problems.map((p) => ({ spec, line: p.line, body: {}, refused: { code: 'CSV_NO_VALIDO', detail: p.message } }));
    for (const row of table.rows) {
      const body = spec.toBody(row.values);
      const key = spec.key(body);
      const job: Job = { spec, line: row.line, body };
      const where = `${spec.file} línea ${row.line}`;
      if (!key.endsWith(':')) {
        const first = firstSeen.get(key);
        if (first) {
          job.refused =
            spec.kind === 'centro'
              ? { code: 'CENTRO_DUPLICADO', detail: `El centro "${body.nombre}" ya aparece en ${first}; esta fila no se envía.` }
              : { code: 'USUARIO_DUPLICADO', detail: `El usuario "${body.username}" ya aparece en ${first}; esta fila no se envía.` };
        } else firstSeen.set(key, where);
      }
      job.refused ??= spacedPasswordRefusal(body.password);
      jobs.push(job);
    }
    jobs.sort((a, b) => a.line - b.line);
    return { spec, jobs };
  });
}

class FatalError extends Error {}

function adminCredentials(loaded: Loaded[]): { username: string; password: string } {
  const users = loaded.find((l) => l.spec.kind === 'usuario')!;
  const admin = users.jobs.find((j) => j.refused?.code !== 'USUARIO_DUPLICADO' && j.body.rol === 'admin');
  // The admin row is there but cannot be sent as written: logging in with a guess at it (or with the next admin row,
  // an account not created yet) would fail with a message that does not name the line.
  if (admin?.refused) throw new FatalError(`usuarios.csv línea ${admin.line}: ${admin.refused.detail} Es el admin con el que el cargador inicia sesión, así que no se envía ninguna fila.`);
  if (!admin) {
    // The admin row may be there but unreadable (a misspelt header, broken quotes): say that, not only that none was found.
    const unreadable = users.jobs.filter((j) => j.refused?.code === 'CSV_NO_VALIDO').map((j) => `\n  usuarios.csv línea ${j.line}: ${j.refused!.detail}`);
    throw new FatalError(`usuarios.csv no tiene ninguna fila con rol admin que se pueda leer: el cargador inicia sesión con la primera.${unreadable.join('')}`);
  }
  return { username: admin.body.username, password: admin.body.password };
}

/** Every center the admin service already holds (active or not), by name. */
async function existingCenters(api: ApiClient): Promise<Map<string, { id: number; activo: boolean }>> {
  let centers;
  try {
    centers = await listAll<{ id_centro: number; nombre: string; activo: boolean }>(api, '/admin/centros');
  } catch (err) {
    if (err instanceof ListingError) throw new FatalError(`No se pudo listar los centros existentes: ${err.code} — ${err.detail}`);
    throw err;
  }
  const found = new Map<string, { id: number; activo: boolean }>();
  for (const c of centers) if (!found.has(centerKey(c.nombre))) found.set(centerKey(c.nombre), { id: c.id_centro, activo: c.activo });
  return found;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const clock = options.clock ?? systemClock;
  const started = clock.now().getTime();
  const events = options.events ?? silentEvents;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const dryRun = options.dryRun ?? false;
  const book = (options.book ?? true) && !dryRun;
  const schedules = options.schedules ?? true;
  const files: FileSummary[] = [];
  const failures: RowFailure[] = [];
  const notes: RowNote[] = [];
  const result = (extra: Partial<LoadResult>, relogins = 0): LoadResult => {
    const inFileOrder = (a: RowNote, b: RowNote): number =>
      FILES.findIndex((f) => f.file === a.file) - FILES.findIndex((f) => f.file === b.file) || a.line - b.line;
    failures.sort(inFileOrder);
    notes.sort(inFileOrder);
    const fatal = extra.fatal;
    return {
      ok: !fatal && !extra.interrupted && failures.length === 0 && !extra.citaError && !extra.schedules?.failed.length,
      dryRun,
      files,
      failures,
      notes,
      seconds: (clock.now().getTime() - started) / 1000,
      relogins,
      ...extra,
    };
  };

  events.started({ dataDir: options.dataDir, adminUrl: options.adminUrl, citasUrl: options.citasUrl, dryRun, concurrency });
  let loaded: Loaded[];
  let credentials: { username: string; password: string };
  try {
    loaded = readAll(options.dataDir, options.encoding ?? 'utf-8');
    credentials = adminCredentials(loaded);
    if (options.adminPassword) credentials = { ...credentials, password: options.adminPassword };
  } catch (err) {
    if (err instanceof FatalError) return result({ fatal: err.message });
    throw err;
  }

  const fail = (summary: FileSummary, job: Job, code: string, detail: string, unknown?: true): void => {
    summary.failed++;
    const failure: RowFailure = { file: job.spec.file, line: job.line, code, detail, ...(unknown && { unknown }) };
    failures.push(failure);
    events.rowFailed(failure);
  };
  /** A row admin may have made, and the loader could not find out: counted with the failed, said apart (RowFailure.unknown). */
  const unsure = (summary: FileSummary, job: Job, code: string, detail: string): void => fail(summary, job, code, detail, true);

  if (dryRun) {
    for (const { spec, jobs } of loaded) {
      const summary: FileSummary = { file: spec.file, rows: jobs.length, created: 0, existing: 0, failed: 0 };
      events.fileStarted(spec.file, jobs.length);
      jobs.forEach((job, i) => {
        const problems = job.refused ? [] : localProblems(spec.kind, job.body);
        if (job.refused) fail(summary, job, job.refused.code, job.refused.detail);
        else if (problems.length) fail(summary, job, 'VALIDACION', problems.map((p) => `${p.path}: ${p.message}`).join('; '));
        else summary.created++;
        events.rowDone(spec.file, i + 1, jobs.length);
      });
      files.push(summary);
      events.fileFinished(summary);
    }
    return result({});
  }

  // The interrupt reaches the client too: a row waiting out a Retry-After is not sent again, its 503 is its answer
  // (once the record is looked for: the 503 may follow its commit).
  const api = new ApiClient({
    adminUrl: options.adminUrl,
    citasUrl: options.citasUrl,
    credentials,
    maxSockets: concurrency,
    timeoutMs: options.timeoutMs,
    interrupt: options.interrupt,
    clock,
  });
  const candidates: Candidates = { patients: [], doctors: [], centers: [] };
  const accounts = new ExistingAccounts(api);
  // The schedules step, once started: it needs only doctors and centers, so it
  // runs while the later files go in (see below). Never rejects: its error is
  // rethrown where the step used to run, after every row.
  let scheduling: Promise<Settled<ScheduleStepResult>> | undefined;
  try {
    // Both probes at once; when a service is down it is named as before, admin first.
    // Citas is needed for the schedules step too, not only for the cita (--no-cita alone still writes schedules).
    const needsCitas = book || schedules;
    const probes = await Promise.allSettled([api.probe('admin', '/health'), needsCitas ? api.probe('citas', '/health') : undefined]);
    for (const probe of probes) if (probe.status === 'rejected') throw probe.reason;
    await api.login();

    for (const [fileIndex, { spec, jobs }] of loaded.entries()) {
      if (options.interrupt?.aborted) break;
      // Every doctor and center is in: write the schedules in citas now, beside
      // the patients (bound by admin's hashes), instead of after them, when
      // nothing else runs. Its results and errors still come after the rows.
      if (schedules && !scheduling && !loaded.slice(fileIndex).some((l) => SCHEDULE_INPUTS.has(l.spec.kind))) {
        scheduling = settle(loadSchedules(api, { concurrency }));
      }
      const summary: FileSummary = { file: spec.file, rows: jobs.length, created: 0, existing: 0, failed: 0 };
      files.push(summary);
      events.fileStarted(spec.file, jobs.length);
      const centers = spec.kind === 'centro' ? await existingCenters(api) : undefined;
      // candidates for the appointment, in CSV order, filled in as rows go in
      const slots: ({ id?: number } | undefined)[] = jobs.map(() => undefined);
      let done = 0;
      await inPool(
        jobs.map((job, index) => ({ job, index })),
        concurrency,
        async ({ job, index }) => {
          try {
            if (job.refused) return fail(summary, job, job.refused.code, job.refused.detail);
            const known = centers?.get(centerKey(job.body.nombre));
            if (known) {
              summary.existing++;
              if (known.activo) slots[index] = { id: known.id };
              return;
            }
            /** The row is in admin: counted, kept as a candidate for the appointment, and what there is to say of it noted. */
            const counted = (as: 'created' | 'existing', id: number | undefined, ...said: (string | undefined)[]): void => {
              summary[as]++;
              slots[index] = { id };
              const detail = said.filter((text) => text !== undefined).join(' ');
              if (!detail) return;
              const note = { file: spec.file, line: job.line, detail };
              notes.push(note);
              events.rowNoted(note);
            };
            /**
             * Admin may have made the row and its answer was lost (cut short, or lost before it began and the row not
             * sent again): the record is looked for (a read, never a resend) and the row counted or given its line. Gives
             * back admin's connection failing as it looked, which stops the run unless an error of its own already does.
             */
            const settle = async (loss: Loss): Promise<ServiceUnreachableError | undefined> => {
              const outcome = await settleLost(api, accounts, spec.kind, job.body, loss);
              if ('as' in outcome) {
                counted(outcome.as, outcome.id, ...outcome.notes);
                return undefined;
              }
              fail(summary, job, outcome.code, outcome.detail, outcome.unknown || undefined);
              return outcome.stops;
            };
            let answer;
            try {
              // A center has no key that would make its resend a 409: before any resend it is looked for instead.
              const { nombre, direccion } = job.body;
              answer = await api.post('admin', spec.route, job.body, spec.kind === 'centro' ? { findMade: findMadeCenter(api, { nombre, direccion }) } : {});
            } catch (err) {
              if (err instanceof UnconfirmedCenterError) return unsure(summary, job, err.code, err.message);
              // The row may be in or not: its line says so. The error goes on and stops the run, as admin is not answering.
              if (err instanceof UnansweredError) unsure(summary, job, 'SIN_RESPUESTA', unansweredRow(err));
              // Admin took the row (or may have: sent whole, lost unanswered, not sent again): looked for, then the run stops.
              if (err instanceof AnswerCutError) await settle(cutLoss(err));
              if (err instanceof LostAnswerError) await settle(lostLoss(err));
              throw err;
            }
            const refused = (): void => {
              const p = problemOf(answer);
              const unsaid = p.errors.filter((e) => !p.detail.includes(e.message));
              const fields = unsaid.length ? ` (${unsaid.map((e) => `${e.path}: ${e.message}`).join('; ')})` : '';
              fail(summary, job, p.code, `${p.detail}${fields}`);
            };
            // A 503 may follow a COMMIT that went in (admin on PostgreSQL). Sent again, the account would come back 409
            // and be checked below; after Ctrl-C it is not sent again, so it is checked as it stands. Only then: during an
            // outage the users list would fail too, and each row given back its 503 would read it for nothing.
            const maybeMade = answer.status === 503 && options.interrupt?.aborted === true;
            // An answer that says nothing of an earlier attempt admin may have carried out before its connection was lost.
            if (answer.afterLoss) {
              const stops = await settle(lostLoss(answer));
              if (stops) throw stops;
              return;
            }
            if (answer.status === 201) {
              summary.created++;
              const body = answer.body as Record<string, number>;
              slots[index] = { id: body.id_paciente ?? body.id_doctor ?? body.id_centro };
            } else if ((answer.status === 409 || maybeMade) && spec.kind !== 'centro') {
              // The username is taken (or may be, by this row); by this row's account, or by someone else's?
              let verdict;
              try {
                verdict = await accounts.check(spec.kind, job.body);
              } catch (err) {
                if (!(err instanceof ListingError || err instanceof ServiceUnreachableError)) throw err;
                // This row's own account (in) or someone else's (not in, the username to change): the loader cannot
                // tell, so the row's outcome is unknown, neither a row to correct nor one counted in.
                unsure(summary, job, 'CUENTA_SIN_CONFIRMAR', maybeMade ? unconfirmedAccountRow(answer, err) : unconfirmedTakenRow(job.body.username, err));
                // admin's connection failing stops the run, as it does for any request; the row has had its line
                if (err instanceof ServiceUnreachableError) throw err;
                return;
              }
              // not there, or someone else's: the 503 was the row's answer, and nothing was made
              if (!verdict.same && maybeMade) return refused();
              if (!verdict.same) return fail(summary, job, 'USUARIO_DUPLICADO', verdict.detail);
              counted('existing', verdict.id, verdict.note);
            } else {
              refused();
            }
          } finally {
            events.rowDone(spec.file, ++done, jobs.length);
          }
        },
        options.interrupt,
      );
      events.fileFinished(summary);
      jobs.forEach((job, i) => {
        const slot = slots[i];
        if (!slot) return;
        if (spec.kind === 'paciente' && (job.body.estado ?? 'ACTIVO') === 'ACTIVO') {
          candidates.patients.push({ nombre: job.body.nombre, telefono: job.body.telefono, id: slot.id });
        }
        if (spec.kind === 'doctor') candidates.doctors.push({ nombre: job.body.nombre, especialidad: job.body.especialidad, id: slot.id });
        if (spec.kind === 'centro' && slot.id !== undefined) candidates.centers.push({ nombre: job.body.nombre, id: slot.id });
      });
    }

    // Schedules before the booking: the loader's cita must fit the agenda it just set.
    if (schedules && !options.interrupt?.aborted) scheduling ??= settle(loadSchedules(api, { concurrency }));
    const scheduled = scheduling ? unwrap(await scheduling) : undefined;
    // Asked once the schedules are in, not when the rows ended: a Ctrl-C while they were still answered begins no booking either.
    const interrupted = options.interrupt?.aborted ? { unsent: unsentRows(loaded, files) } : undefined;
    if (!book || interrupted) return result({ schedules: scheduled, interrupted }, api.relogins);
    try {
      const cita = await bookLoaderCita(api, candidates, {
        clinicTimeZone: options.clinicTimeZone ?? 'Europe/Madrid',
        now: () => clock.now(),
      });
      return result({ cita, schedules: scheduled }, api.relogins);
    } catch (err) {
      if (err instanceof BookingError) return result({ citaError: `${err.code} — ${err.message}`, schedules: scheduled }, api.relogins);
      throw err;
    }
  } catch (err) {
    if (err instanceof ServiceUnreachableError || err instanceof LoginError || err instanceof FatalError) {
      // Stopped among the rows: how many were never sent, so the summary's counts are read as all that was done.
      const unsent = files.length ? unsentRows(loaded, files) : 0;
      const rest = unsent ? ` No se envió ninguna fila más: ${unsent} fila(s) sin enviar; vuelva a cargar para enviarlas (lo ya cargado contará como «ya existían»).` : '';
      return result({ fatal: `${err.message}${rest}` }, api.relogins);
    }
    throw err;
  } finally {
    // A run stopped by a row's fatal error still lets the schedules step end before closing its sockets.
    await scheduling;
    api.close();
  }
}

/** A create sent and never answered: what its row's line says (SIN_RESPUESTA). */
function unansweredRow(err: UnansweredError): string {
  return (
    `Se envió esta fila y ${err.service} no respondió en ${err.waited}, así que no se sabe si se ha creado; no se envía otra vez para no crearla dos veces. ` +
    `Cuando ${err.service} responda, vuelva a cargar: si se creó, contará como «ya existían»; si no, se creará.`
  );
}

/** An account's 503 after Ctrl-C, and the users list unreadable to find out whether it went in (CUENTA_SIN_CONFIRMAR). */
function unconfirmedAccountRow(answer: ApiAnswer, cause: Error): string {
  return (
    `Admin respondió ${answer.status} (${problemOf(answer).detail}), que puede llegar después de guardar la fila; con Ctrl-C no se envía otra vez, ` +
    `así que no se sabe si se ha creado, y no se pudo comprobar (${lookupFailure(cause)}). Vuelva a cargar: si se creó, contará como «ya existían»; si no, se creará.`
  );
}

/** An account's 409, and the lists unreadable to tell the row's own account from someone else's (CUENTA_SIN_CONFIRMAR). */
function unconfirmedTakenRow(username: string, cause: Error): string {
  return (
    `Admin dice que el usuario "${username}" ya existe (409), y no se pudo comprobar si es la cuenta de esta fila, cargada antes, o la de otra persona ` +
    `(${lookupFailure(cause)}), así que no se sabe si esta fila está cargada. Vuelva a cargar cuando admin responda: si es la de esta fila, contará como ` +
    '«ya existían»; si es de otra persona, su línea dirá de quién.'
  );
}

/** Rows of every file that were never sent (a file not begun counts whole). */
function unsentRows(loaded: Loaded[], files: FileSummary[]): number {
  const rows = loaded.reduce((n, l) => n + l.jobs.length, 0);
  return rows - files.reduce((n, f) => n + f.created + f.existing + f.failed, 0);
}

/** The files the schedules step reads back from admin: it starts once none of them is left to load. */
const SCHEDULE_INPUTS = new Set<FileSpec['kind']>(['doctor', 'centro']);

type Settled<T> = { value: T } | { error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function unwrap<T>(settled: Settled<T>): T {
  if ('error' in settled) throw settled.error;
  return settled.value;
}
