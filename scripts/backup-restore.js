#!/usr/bin/env node
// `npm run backup [-- --to DIR]` and `npm run restore -- DIR`: both services'
// commands (apps/{citas,admin}/{backup,restore}.ts) on one DATA_DIR, as
// `npm start` runs them, compiled as `npm start` compiles them
// (scripts/compile-for-start.js), so this runs the JavaScript the images run.
//
// backup: citas first, then admin. A patient or doctor booked into a cita
// exists in admin before the cita is written, so admin's later copy names
// everyone citas's copy does; the other order could keep a cita whose
// patient was created after admin's copy. Both land in one folder.
// restore: both backups are checked before either service's files are touched.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { compileForStart } = require('./compile-for-start');

const ROOT = join(__dirname, '..');
const USAGE = [
  'npm run backup [-- --to CARPETA | --name NOMBRE]   copia citas.db, admin.db y jwt-keys.json con los servicios en marcha (por defecto en DATA_DIR/backups/<fecha UTC>)',
  'npm run restore -- [--check] CARPETA               con los servicios detenidos: comprueba la copia y la pone en DATA_DIR (--check: solo comprueba)',
].join('\n');
const [action, ...args] = process.argv.slice(2);
if (action !== 'backup' && action !== 'restore') {
  console.error(USAGE);
  process.exit(2);
}

const build = compileForStart(ROOT).dir;
/** Runs one service's command; a failure ends this script, unless `goOn` (then it only sets the exit code). */
function run(app, extra, goOn = false) {
  const result = spawnSync(process.execPath, [join(build, 'apps', app, `${action}.js`), ...extra], { cwd: ROOT, stdio: 'inherit' });
  if (result.status === 0) return;
  if (!goOn) process.exit(result.status ?? 1);
  process.exitCode = result.status ?? 1;
}

if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
} else if (action === 'backup') {
  // One folder for both: the same name under DATA_DIR/backups unless --to says where.
  const { backupName } = require(join(build, 'adapters', 'sqlite', 'backup-folders.js'));
  const named = args.includes('--to') || args.includes('--name') ? args : [...args, '--name', backupName(new Date())];
  // Admin's copy is taken even when citas's fails (citas on PostgreSQL: pg_dump's job), the keys at least.
  run('citas', named, true);
  run('admin', named, true);
} else {
  if (!args.includes('--check')) {
    run('citas', ['--check', ...args]);
    run('admin', ['--check', ...args]);
  }
  run('citas', args);
  run('admin', args);
}
