/**
 * The yardstick the services are measured against: the least an express 5 +
 * better-sqlite3 server can do for one request (parse, one indexed read by
 * id, JSON out), with the same SQLite settings as the services (WAL,
 * synchronous=FULL) and nothing else: no auth, no logging, no helmet.
 *
 * Run as its own process by bench/run.ts: BENCH_PORT, BENCH_DB.
 */
import express from 'express';
import Database from 'better-sqlite3';

const ROWS = 10_000;

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
const byId = db.prepare('SELECT id_doctor, nombre, especialidad, activo FROM doctores WHERE id_doctor = ?');

const app = express();
app.disable('x-powered-by');
app.set('etag', false);
app.get('/doctores/:id', (req, res) => {
  const row = byId.get(Number(req.params.id)) as { activo: number } | undefined;
  if (!row) {
    res.status(404).json({ code: 'NO_ENCONTRADO' });
    return;
  }
  res.json({ ...row, activo: row.activo === 1 });
});
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

const server = app.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => {
    db.close();
    process.exit(0);
  });
});
