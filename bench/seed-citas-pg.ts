import { pgCitasMigrations } from '../adapters/postgres/citas-migrations';
import { MIGRATION_LOCK } from '../adapters/postgres/migrate';
import { openPostgres } from '../adapters/postgres/open-postgres';
import { citasHistory, type SeededCitas } from './seed-citas';

/**
 * bench/seed-citas.ts for PostgreSQL: the very same `rows` citas (same days,
 * slots, estados, patients, doctors: citasHistory) written into the citas
 * database at `url` AFTER the service's own migrations made its schema
 * (openPostgres with the citas migrations, under the citas advisory lock, as
 * the service opens it), and before any citas process starts.
 *
 * One INSERT ... SELECT FROM unnest() of four arrays, with every index and
 * both exclusion constraints in place: PostgreSQL checks each row against
 * them as it goes in (the seeded citas are past, mostly not active, so the
 * constraints hold by construction and are still checked). ANALYZE after,
 * so the planner knows the table it is about to be asked about.
 */
export async function seedCitasPg(url: string, rows: number, perDay = 20, now = new Date()): Promise<SeededCitas> {
  const started = performance.now();
  const history = citasHistory(rows, perDay, now);
  const inicio: string[] = [];
  const estado: string[] = [];
  const paciente: number[] = [];
  const doctor: number[] = [];
  history.each((c) => {
    inicio.push(new Date(c.inicio).toISOString());
    estado.push(c.estado);
    paciente.push(c.idPaciente);
    doctor.push(c.idDoctor);
  });
  const db = await openPostgres({
    service: 'citas',
    variable: 'CITAS_DATABASE_URL',
    url,
    maxConnections: 1,
    lockKey: MIGRATION_LOCK.citas,
    migrations: pgCitasMigrations,
  });
  try {
    await db.run(async () => {
      await db.query(
        `INSERT INTO citas (inicio, fin, duracion_min, motivo, estado, id_paciente, id_doctor, id_centro, id_user_registrado)
         SELECT i, i + interval '30 minutes', 30, 'Revisión ' || (k - 1), e, p, d, 1, 1
         FROM unnest($1::timestamptz[], $2::text[], $3::integer[], $4::integer[]) WITH ORDINALITY AS s (i, e, p, d, k)
         ORDER BY k`,
        [inicio, estado, paciente, doctor],
      );
    });
    await db.query('ANALYZE citas');
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM citas');
    if (n !== rows) throw new Error(`seeded ${n} citas, wanted ${rows}`);
  } finally {
    await db.close();
  }
  const { each: _each, ...seeded } = history;
  return { ...seeded, ms: performance.now() - started };
}
