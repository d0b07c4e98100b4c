import { join, resolve } from 'node:path';
import type { Clock } from '../../core/ports/clock';
import { backUp, BackupError, checkBackup, type DataFiles, restore } from './backup';

/** A service's files for its backup and restore commands, and what it keeps elsewhere (said, not copied). */
export interface ServiceData extends DataFiles {
  service: string;
  /** E.g. "the database is PostgreSQL: pg_dump". */
  elsewhere: string[];
}

/** A backup's default folder name, 2026-12-01T103005Z: sorts by date, and no colon (docker cp reads "name:path"). */
export function backupName(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
}

/** What the services share: the one-line refusal, whatever failed, and exit code 1. A stack trace tells the operator nothing. */
async function runCommand(service: string, usage: string, argv: string[], work: () => Promise<void> | void): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return;
  }
  try {
    await work();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(`${service}: ${message}`);
    process.exitCode = 1;
  }
}

function nothingToCopy(data: ServiceData): boolean {
  return data.databases.length === 0 && data.files.length === 0;
}

/**
 * `backup [--to DIR | --name NAME]`: the service's files into DIR, by default
 * DATA_DIR/backups/<NAME or the time, UTC>. Safe while the service runs.
 */
export function backupCommand(service: string, argv: string[], load: () => ServiceData, clock: Clock): Promise<void> {
  const usage = `Uso: backup [--to CARPETA | --name NOMBRE]   copia los ficheros de ${service} en CARPETA (por defecto DATA_DIR/backups/<fecha UTC>) con el servicio en marcha; nunca sobrescribe una copia.`;
  return runCommand(service, usage, argv, async () => {
    const to = optionOf(argv, '--to');
    const name = optionOf(argv, '--name');
    if (to !== undefined && name !== undefined) throw new BackupError('--to y --name son alternativos: dé uno.');
    if (name !== undefined && !/^[\w.-]+$/.test(name)) throw new BackupError(`--name ${name}: solo letras, cifras, punto, guion y guion bajo.`);
    const data = load();
    if (nothingToCopy(data)) throw new BackupError(`nada que copiar aquí. ${data.elsewhere.join(' ')}`);
    const dest = resolve(to ?? join(data.dataDir, 'backups', name ?? backupName(clock.now())));
    const written = await backUp(data, dest);
    console.log(`${service}: copia en ${dest} (${written.map((f) => f.slice(dest.length + 1)).join(', ')})`);
    for (const note of data.elsewhere) console.log(`${service}: ${note}`);
  });
}

/**
 * `restore [--check] DIR`: checks the backup in DIR, then (without --check)
 * puts it in DATA_DIR; the service must be stopped.
 */
export function restoreCommand(service: string, argv: string[], load: () => ServiceData, clock: Clock): Promise<void> {
  const usage =
    `Uso: restore [--check] CARPETA   con ${service} detenido: comprueba la copia de CARPETA (integrity_check, esquema) y la pone en DATA_DIR; ` +
    'lo que sustituye queda en DATA_DIR/replaced-<fecha UTC>/. Con --check solo comprueba.';
  return runCommand(service, usage, argv, () => {
    const from = argv.filter((a) => !a.startsWith('-'));
    if (from.length !== 1) throw new BackupError('diga de qué carpeta restaurar: restore CARPETA');
    const data = load();
    if (nothingToCopy(data)) throw new BackupError(`nada que restaurar aquí. ${data.elsewhere.join(' ')}`);
    if (argv.includes('--check')) {
      checkBackup(data, resolve(from[0]));
      console.log(`${service}: la copia de ${resolve(from[0])} está bien`);
      return;
    }
    const { restored, setAside } = restore(data, resolve(from[0]), backupName(clock.now()));
    console.log(`${service}: restaurado ${restored.join(', ')}${setAside ? `; lo anterior está en ${setAside}` : ''}`);
    for (const note of data.elsewhere) console.log(`${service}: ${note}`);
  });
}

function optionOf(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith('-')) throw new BackupError(`${name} necesita un valor.`);
  return value;
}
