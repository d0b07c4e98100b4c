/**
 * The floors of the citas paths on PostgreSQL: what bench/baseline-server.ts
 * does on SQLite, with a pg Pool of the size the citas service uses
 * (CITAS_DATABASE_POOL), on a copy of the database the service gets (the
 * service's schema, indexes and exclusion constraints, the same seeded
 * citas). Bare express 5: no auth, no log, no helmet.
 *
 *   POST /citas          booking's floor: JSON body, BEGIN (READ COMMITTED,
 *                        the service's unit of work), the doctor's advisory
 *                        lock and overlap check, the patient's lock and
 *                        overlap check (the service's comparisons, on the
 *                        (id_doctor, inicio) and (id_paciente, inicio)
 *                        indexes), one INSERT, COMMIT (synchronous_commit on:
 *                        one WAL flush); a deadlock or serialization failure
 *                        runs it again (there should be none); the SQL is the
 *                        service's (pg-appointments.ts, pg-database.ts
 *                        lockAgenda), so both get the same plan
 *   GET /citas?fecha=    the list's floor: the day's count and first page
 *                        (page_size, default 20) on citas_inicio, JSON out
 *   GET /retries         the deadlocks and serialization failures run again so far
 *
 * Run as its own process by bench/postgres.ts: BENCH_PORT, BENCH_PG_URL, BENCH_PG_POOL.
 */
import express from 'express';
import { Pool, type PoolClient } from 'pg';

const pool = new Pool({ connectionString: process.env.BENCH_PG_URL, max: Number(process.env.BENCH_PG_POOL ?? 10) });
pool.on('error', () => {});
let retries = 0;
/**
 * A floor that gave up would answer errors, not a yardstick: it tries far
 * longer than the service's unit of work (10 attempts, pg-database.ts), and
 * GET /retries says how often it had to.
 */
const MAX_ATTEMPTS = 100;

const ACTIVE = "estado IN ('Programada', 'Confirmada')";
const EIGHT_HOURS = 8 * 3_600_000;
const busy = (column: string) => `SELECT 1 FROM citas WHERE ${column} = $1 AND ${ACTIVE} AND inicio < $2 AND inicio > $3 AND fin > $4 LIMIT 1`;
const DOCTOR_BUSY = busy('id_doctor');
const PATIENT_BUSY = busy('id_paciente');
/** pg-database.ts AGENDA_LOCK: the doctor's agenda, then the patient's. */
const LOCK = 'SELECT pg_advisory_xact_lock($1, $2)';
const [DOCTOR_LOCK, PATIENT_LOCK] = [1, 2];
const INSERT = `INSERT INTO citas (inicio, fin, duracion_min, motivo, estado, id_paciente, id_doctor, id_centro, id_user_registrado)
  VALUES ($1, $2, $3, $4, 'Programada', $5, $6, $7, 1) RETURNING *`;

interface Booking {
  inicio: Date;
  fin: Date;
  duracion: number;
  motivo: string;
  paciente: number;
  doctor: number;
  centro: number;
}

async function bookOnce(client: PoolClient, b: Booking): Promise<string | Record<string, unknown>> {
  const since = new Date(b.inicio.getTime() - EIGHT_HOURS);
  await client.query('BEGIN');
  try {
    let answer: string | Record<string, unknown>;
    await client.query(LOCK, [DOCTOR_LOCK, b.doctor]);
    if ((await client.query(DOCTOR_BUSY, [b.doctor, b.fin, since, b.inicio])).rowCount) answer = 'DOCTOR_OCUPADO';
    else if ((await client.query(LOCK, [PATIENT_LOCK, b.paciente]), await client.query(PATIENT_BUSY, [b.paciente, b.fin, since, b.inicio])).rowCount)
      answer = 'PACIENTE_OCUPADO';
    else answer = (await client.query(INSERT, [b.inicio, b.fin, b.duracion, b.motivo, b.paciente, b.doctor, b.centro])).rows[0] as Record<string, unknown>;
    await client.query('COMMIT');
    return answer;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

async function book(b: Booking): Promise<string | Record<string, unknown>> {
  const client = await pool.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await bookOnce(client, b);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= MAX_ATTEMPTS || (code !== '40001' && code !== '40P01')) throw err;
        retries++;
      }
    }
  } finally {
    client.release();
  }
}

const app = express();
app.disable('x-powered-by');
app.set('etag', false);

app.post('/citas', express.json(), async (req, res) => {
  const body = req.body as { fecha: string; duracion_min: number; motivo: string; id_paciente: number; id_doctor: number; id_centro: number };
  const inicio = new Date(body.fecha);
  try {
    const row = await book({
      inicio,
      fin: new Date(inicio.getTime() + body.duracion_min * 60_000),
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
    res.status(201).json({ ...row, fecha: (row.inicio as Date).toISOString() });
  } catch (err) {
    res.status(500).json({ code: 'ERROR', detail: (err as { code?: string }).code });
  }
});

const COUNT = 'SELECT count(*)::int AS n FROM citas WHERE inicio >= $1 AND inicio < $2';
const PAGE = 'SELECT * FROM citas WHERE inicio >= $1 AND inicio < $2 ORDER BY inicio, id_cita LIMIT $3 OFFSET 0';
app.get('/citas', async (req, res) => {
  const desde = new Date(`${String(req.query.fecha)}T00:00:00Z`);
  const hasta = new Date(desde.getTime() + 86_400_000);
  const size = Math.min(100, Number(req.query.page_size ?? 20));
  try {
    const total = ((await pool.query(COUNT, [desde, hasta])).rows[0] as { n: number }).n;
    const rows = (await pool.query(PAGE, [desde, hasta, size])).rows as { inicio: Date }[];
    res.json({ items: rows.map((r) => ({ ...r, fecha: r.inicio.toISOString() })), page: 1, page_size: size, total });
  } catch (err) {
    res.status(500).json({ code: 'ERROR', detail: (err as { code?: string }).code });
  }
});

app.get('/retries', (_req, res) => {
  res.json({ retries });
});

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

const server = app.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => {
    void pool.end().finally(() => process.exit(0));
  });
});
