/**
 * A second process booking on the same SQLite file (used by
 * sqlite-citas.test.ts). argv: file, idPaciente, fecha. Opens the file,
 * prints "ready", waits for "go" on stdin (so every child hits the database
 * at the same moment whatever the machine's load), books, and prints
 * {"ok":true,"id":n} or {"ok":false,"code":"..."} on the next line.
 */
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { openDatabase } from '../../adapters/sqlite/open-database';
import { DomainError } from '../../core/domain/errors';
import { citasWorld } from '../builders/citas-world';
import { aPaciente } from '../builders/principals';
import { sqliteCitasOn } from './sqlite-citas-storage';

async function main(): Promise<void> {
  const [file, idPaciente, fecha] = process.argv.slice(2);
  const db = openDatabase(file, [...citasMigrations, ...agendaMigrations]);
  const w = citasWorld({ now: '2026-03-02T08:00:00Z', storage: sqliteCitasOn(db) });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  try {
    const cita = await w.bookAs(aPaciente(Number(idPaciente)), { idPaciente: Number(idPaciente), fecha });
    process.stdout.write(JSON.stringify({ ok: true, id: cita.id }));
  } catch (err) {
    process.stdout.write(JSON.stringify({ ok: false, code: err instanceof DomainError ? err.code : String(err) }));
  } finally {
    db.close();
  }
}

void main();
