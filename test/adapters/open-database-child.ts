/**
 * A process opening a service's SQLite file (used by
 * sqlite-open-together.test.ts). argv: file. Loads, prints "ready", waits
 * for "go" on stdin (so every child opens the file at the same moment
 * whatever the machine's load), opens and migrates it, and prints "opened"
 * or the error's code. Not a test file.
 */
import { agendaMigrations } from '../../adapters/sqlite/agenda-migrations';
import { citasMigrations } from '../../adapters/sqlite/citas-migrations';
import { openDatabase } from '../../adapters/sqlite/open-database';

async function main(): Promise<void> {
  const [file] = process.argv.slice(2);
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  try {
    openDatabase(file, [...citasMigrations, ...agendaMigrations]).close();
    process.stdout.write('opened\n');
  } catch (err) {
    process.stdout.write(`${(err as { code?: string }).code ?? String(err)}\n`);
  }
}

void main();
