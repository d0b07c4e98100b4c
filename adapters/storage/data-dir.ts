import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StartRefusal } from '../config/start-refusal';
import { ensurePrivateDir } from './private-files';

/**
 * Makes DATA_DIR (0700, adapters/storage/private-files.ts) and checks this
 * process can write there, once, at a service's start, before anything is
 * opened in it. A DATA_DIR that cannot be the service's folder is refused
 * in one line naming DATA_DIR and what to do (a StartRefusal, printed alone
 * by main.ts): a file, a read-only filesystem, a folder of another user each
 * ended the start with the driver's words from whichever mkdir or open met
 * it first, naming no setting.
 */
export function prepareDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  try {
    ensurePrivateDir(dir);
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw refusal(dir, err as NodeJS.ErrnoException);
  }
}

/**
 * Checks DATA_DIR as `npm run backup` (and restore, once it has made it with
 * prepareDataDir) finds it before taking its lock there
 * (adapters/sqlite/backup-lock.ts): already there, a folder this process can
 * write in. Never made: a backup of a folder made on the spot would copy
 * nothing. Refused in the words the services use at start, and its own for
 * one that does not exist; the lock's open used to give the system's
 * (EROFS, ENOTDIR on backup.lock), naming no setting.
 */
export function assertExistingDataDir(dataDir: string): void {
  const dir = resolve(dataDir);
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, '${dir}'`), { code: 'ENOTDIR', path: dir });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StartRefusal(`DATA_DIR (${dir}) no existe: dé en DATA_DIR la carpeta donde guardan sus datos los servicios (la misma con que se arrancan).`);
    }
    throw refusal(dir, err as NodeJS.ErrnoException);
  }
}

function refusal(dir: string, err: NodeJS.ErrnoException): StartRefusal {
  switch (err.code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return new StartRefusal(`DATA_DIR (${dir}) no es una carpeta: ${fileInTheWay(dir) ?? dir} es un fichero. Dé en DATA_DIR una carpeta (se crea si no existe).`);
    case 'EROFS':
      return new StartRefusal(`DATA_DIR (${dir}) está en un sistema de ficheros de solo lectura: dé en DATA_DIR una carpeta donde se pueda escribir (en Docker, un volumen montado sin :ro).`);
    case 'EACCES':
    case 'EPERM':
      return new StartRefusal(
        `este usuario (uid ${process.getuid?.() ?? '?'}) no puede escribir en ${err.path ?? dir} para DATA_DIR (${dir}): dele permiso (chown) o elija en DATA_DIR otra carpeta.`,
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new StartRefusal(`no queda espacio para crear DATA_DIR (${dir}): libere espacio en ese disco o elija en DATA_DIR una carpeta de otro.`);
    case 'ENOENT':
      return new StartRefusal(
        `no se puede crear DATA_DIR (${dir}) en ${dirname(err.path ?? dir)}: ahí no se crean carpetas (¿/proc, /sys, o un enlace a una carpeta que no existe, como un disco sin montar?). Elija en DATA_DIR una carpeta de un disco.`,
      );
    default:
      return new StartRefusal(`DATA_DIR (${dir}) no se puede usar: ${err.message}`);
  }
}

/** The file standing where DATA_DIR or one of its folders should be, if any. */
function fileInTheWay(dir: string): string | undefined {
  for (let at = dir; dirname(at) !== at; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {
      // not there, or under a file: look further up
    }
  }
  return undefined;
}
