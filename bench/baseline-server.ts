/**
 * The yardstick the services are measured against: the least an express 5 +
 * better-sqlite3 server can do for one request (parse, one indexed read by
 * id, JSON out), with the same SQLite settings as the services (WAL,
 * synchronous=FULL) and nothing else: no auth, no logging, no helmet.
 *
 * BENCH_LAYERS adds, one by one, what the real services put around that
 * read (bench/layers.ts measures each), to show where their time goes:
 *   helmet   the services' security headers (helmet's, adapters/http/security-headers.ts)
 *   log      the services' request log, one JSON line per request to stdout
 *   jwt      a bearer token checked: RS256-verified once (jsonwebtoken + KeyObject), then remembered
 *   session  a second read per request (the admin's "user still active" check)
 *   prepare  db.prepare() on every call instead of a prepared statement kept
 *   tx       the read(s) inside a transaction
 *   metrics  the services' GET /metrics and per-request recording (adapters/http/metrics.ts), through the
 *            request log's listener as in the services (with `log`: one request log that writes and records)
 *
 * With BENCH_CITAS_DB (a citas.db seeded by bench/seed-citas.ts, with the
 * service's own schema, indexes and triggers) it also serves the FLOORS of
 * the citas paths, the least any implementation must do for them:
 *   POST /citas          booking's floor: JSON body, BEGIN IMMEDIATE, the
 *                        doctor and patient overlap checks, one INSERT,
 *                        COMMIT (synchronous=FULL: one fsync), JSON out
 *   GET /citas?fecha=    the list's floor: the day's count and first page
 *                        (page_size, default 20) on the inicio index, JSON out
 *
 * Run as its own process by bench/run.ts: BENCH_PORT, BENCH_DB, BENCH_CITAS_DB.
 */
import { generateKeyPairSync } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import jwt from 'jsonwebtoken';
import Database from 'better-sqlite3';
import { createLogger } from '../adapters/http/logger';
import { HttpMetrics } from '../adapters/http/metrics';
import { requestLog } from '../adapters/http/request-log';
import { securityHeaders } from '../adapters/http/security-headers';

const ROWS = 10_000;
const layers = new Set((process.env.BENCH_LAYERS ?? '').split(',').filter(Boolean));

function openSeeded(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS doctores (
    id_doctor INTEGER PRIMARY KEY,
    nombre TEXT NOT NULL,
    especialidad TEXT NOT NULL,
    activo INTEGER NOT NULL
  )`);
  const count = db.prepare('SELECT count(*) FROM doctores').pluck().get() as number;
  if (count === 0) {
    const insert = db.prepare('INSERT INTO doctores (nombre, especialidad, activo) VALUES (?, ?, 1)');
    db.transaction(() => {
      for (let i = 1; i <= ROWS; i++) insert.run(`Doctor ${i}`, i % 2 ? 'Ortodoncia' : 'Endodoncia');
    })();
  }
  return db;
}

const db = openSeeded(process.env.BENCH_DB ?? ':memory:');
const BY_ID = 'SELECT id_doctor, nombre, especialidad, activo FROM doctores WHERE id_doctor = ?';
const kept = db.prepare(BY_ID);
const read = (id: number): unknown => (layers.has('prepare') ? db.prepare(BY_ID) : kept).get(id);
const inTx = <T>(work: () => T): T => (layers.has('tx') ? db.transaction(work)() : work());

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
// The services record metrics from their request log's 'close' listener (adapters/http/request-log.ts): the
// metrics layer is that request log telling HttpMetrics of each request (writing nothing unless `log` is on too).
// For bench/metrics-cost.ts this one process also turns recording on and off by itself every `ms` milliseconds
// under load (POST /metrics-switch/alternate?ms=100, then POST /metrics-switch/stop), charging its CPU and the
// requests it finishes to the state they happen in: hundreds of paired slices in one run, so the few µs that
// recording may cost stand out of this machine's second-to-second noise, which rounds of a second each could not.
const metrics = layers.has('metrics') ? new HttpMetrics() : undefined;
let recording = true;
/** BENCH_METRICS_AA=1: both states skip recording alike, so what the slices' difference reads is the method's own zero. */
const sameBothWays = process.env.BENCH_METRICS_AA === '1';
interface Slice {
  recording: boolean;
  cpuUs: number;
  requests: number;
}
const slices: Slice[] = [];
let flipping: NodeJS.Timeout | undefined;
let sliceStart = process.cpuUsage();
let current: Slice = { recording, cpuUs: 0, requests: 0 };
const closeSlice = () => {
  const used = process.cpuUsage(sliceStart);
  sliceStart = process.cpuUsage();
  current.cpuUs = used.user + used.system;
  slices.push(current);
  current = { recording, cpuUs: 0, requests: 0 };
};
if (metrics) {
  app.get('/metrics', metrics.serve);
  app.post('/metrics-switch/alternate', (req, res) => {
    clearInterval(flipping);
    slices.length = 0;
    recording = true;
    sliceStart = process.cpuUsage();
    current = { recording, cpuUs: 0, requests: 0 };
    flipping = setInterval(() => {
      recording = !recording;
      closeSlice();
    }, Number(req.query.ms ?? 100));
    res.json({ alternating: true });
  });
  app.post('/metrics-switch/stop', (_req, res) => {
    clearInterval(flipping);
    recording = true;
    res.json({ slices });
  });
}
if (metrics || layers.has('log')) {
  const observer = metrics && {
    observe: (req: Request, res: Response, s: number) => {
      current.requests++;
      if (recording && !sameBothWays) metrics.observe(req, res, s);
    },
  };
  app.use(requestLog(app, createLogger('baseline', layers.has('log') ? 'info' : 'silent'), observer));
}
if (layers.has('helmet')) app.use(securityHeaders());

if (layers.has('jwt')) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const token = jwt.sign({ rol: 'admin', username: 'admin' }, privateKey, { algorithm: 'RS256', subject: '1', issuer: 'bench', audience: 'bench', expiresIn: 3600, keyid: 'k1' });
  // The bench client reads the token from here.
  app.get('/token', (_req, res) => {
    res.json({ token });
  });
  // Verified once, then remembered until it expires, as JwtTokenVerifier does.
  const verified = new Map<string, unknown>();
  app.use('/doctores', (req: Request, res: Response, next: NextFunction) => {
    try {
      const bearer = String(req.headers.authorization).replace(/^Bearer /, '');
      if (!verified.has(bearer)) verified.set(bearer, jwt.verify(bearer, publicKey, { algorithms: ['RS256'], issuer: 'bench', audience: 'bench' }));
      next();
    } catch {
      res.status(401).json({ code: 'TOKEN_INVALIDO' });
    }
  });
}

app.get('/doctores/:id', (req, res) => {
  const id = Number(req.params.id);
  const row = inTx(() => {
    if (layers.has('session')) read(1);
    return read(id);
  }) as { activo: number } | undefined;
  if (!row) {
    res.status(404).json({ code: 'NO_ENCONTRADO' });
    return;
  }
  res.json({ ...row, activo: row.activo === 1 });
});
const citasFile = process.env.BENCH_CITAS_DB;
const citasDb = citasFile ? new Database(citasFile) : undefined;
if (citasDb) {
  citasDb.pragma('journal_mode = WAL');
  citasDb.pragma('synchronous = FULL');
  citasDb.pragma('busy_timeout = 5000');
  const ACTIVE = "estado IN ('Programada', 'Confirmada')";
  const EIGHT_HOURS = 8 * 3_600_000;
  const busy = (column: string) =>
    citasDb.prepare(`SELECT 1 FROM citas WHERE ${column} = ? AND ${ACTIVE} AND inicio < ? AND inicio > ? AND fin > ? LIMIT 1`).pluck();
  const doctorBusy = busy('id_doctor');
  const patientBusy = busy('id_paciente');
  const insert = citasDb.prepare(
    `INSERT INTO citas (inicio, fin, duracion_min, motivo, estado, id_paciente, id_doctor, id_centro, id_user_registrado)
     VALUES (?, ?, ?, ?, 'Programada', ?, ?, ?, 1) RETURNING *`,
  );
  const book = citasDb.transaction((b: { inicio: number; fin: number; duracion: number; motivo: string; paciente: number; doctor: number; centro: number }) => {
    if (doctorBusy.get(b.doctor, b.fin, b.inicio - EIGHT_HOURS, b.inicio)) return 'DOCTOR_OCUPADO';
    if (patientBusy.get(b.paciente, b.fin, b.inicio - EIGHT_HOURS, b.inicio)) return 'PACIENTE_OCUPADO';
    return insert.get(b.inicio, b.fin, b.duracion, b.motivo, b.paciente, b.doctor, b.centro) as Record<string, unknown> & { inicio: number };
  });
  app.post('/citas', express.json(), (req, res) => {
    const body = req.body as { fecha: string; duracion_min: number; motivo: string; id_paciente: number; id_doctor: number; id_centro: number };
    const inicio = Date.parse(body.fecha);
    const row = book.immediate({
      inicio,
      fin: inicio + body.duracion_min * 60_000,
      duracion: body.duracion_min,
      motivo: body.motivo,
      paciente: body.id_paciente,
      doctor: body.id_doctor,
      centro: body.id_centro,
    });
    if (typeof row === 'string') {
      res.status(409).json({ code: row });
      return;
    }
    res.status(201).json({ ...row, fecha: new Date(row.inicio).toISOString() });
  });
  const count = citasDb.prepare('SELECT count(*) FROM citas WHERE inicio >= ? AND inicio < ?').pluck();
  const page = citasDb.prepare('SELECT * FROM citas WHERE inicio >= ? AND inicio < ? ORDER BY inicio, id_cita LIMIT ? OFFSET 0');
  app.get('/citas', (req, res) => {
    const desde = Date.parse(`${String(req.query.fecha)}T00:00:00Z`);
    const hasta = desde + 86_400_000;
    const size = Math.min(100, Number(req.query.page_size ?? 20));
    const total = count.get(desde, hasta) as number;
    const rows = page.all(desde, hasta, size) as { inicio: number }[];
    res.json({ items: rows.map((r) => ({ ...r, fecha: new Date(r.inicio).toISOString() })), page: 1, page_size: size, total });
  });
}

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

const server = app.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => {
    db.close();
    citasDb?.close();
    process.exit(0);
  });
});
