import { especialidadKey } from '../../core/domain/doctor';
import { PATIENT_STATES, phoneKey } from '../../core/domain/patient';
import { ROLES } from '../../core/domain/roles';
import type { Db, Migration } from './open-database';
import { sqlList } from '../storage/sql-literals';

/**
 * The admin database (DATA_DIR/admin.db). Usernames are unique in their
 * lowercase form (the unique index decides concurrent creates). `nombre_norm`
 * holds the search key of `nombre` (lowercase, no accents: core/domain/text.ts)
 * so `q` filters compare like with like, `especialidad_norm` the
 * especialidadKey of `especialidad` (core/domain/doctor.ts) for the
 * especialidad filter, and `telefono_norm` the phoneKey of `telefono`
 * (core/domain/patient.ts) for the telefono filter. Every list filter has an
 * index but the contains-matches (`q`, `telefono`), which no b-tree serves.
 * A doctor or patient owns exactly one user (UNIQUE id_user). Roles and
 * patient states are the core's lists (pinned by
 * test/adapters/sqlite-migrations.test.ts, see citas-migrations.ts).
 */
export const adminMigrations: Migration[] = [
  {
    version: 1,
    name: 'users',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL CHECK (length(username) BETWEEN 3 AND 50),
        rol TEXT NOT NULL CHECK (rol IN ${sqlList(ROLES)}),
        password_hash TEXT NOT NULL,
        activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1)),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE UNIQUE INDEX users_username_unique ON users (lower(username));
      CREATE INDEX users_rol ON users (rol, id);
    `,
  },
  {
    version: 2,
    name: 'doctors, patients, centers',
    sql: `
      CREATE TABLE doctors (
        id INTEGER PRIMARY KEY,
        id_user INTEGER NOT NULL UNIQUE REFERENCES users (id),
        nombre TEXT NOT NULL,
        nombre_norm TEXT NOT NULL,
        especialidad TEXT NOT NULL CHECK (length(especialidad) > 0),
        activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1))
      );
      CREATE INDEX doctors_nombre_norm ON doctors (nombre_norm);
      CREATE INDEX doctors_especialidad ON doctors (especialidad COLLATE NOCASE, activo);
      CREATE INDEX doctors_activo ON doctors (activo, id);

      CREATE TABLE patients (
        id INTEGER PRIMARY KEY,
        id_user INTEGER NOT NULL UNIQUE REFERENCES users (id),
        nombre TEXT NOT NULL,
        nombre_norm TEXT NOT NULL,
        telefono TEXT NOT NULL,
        estado TEXT NOT NULL DEFAULT 'ACTIVO' CHECK (estado IN ${sqlList(PATIENT_STATES)})
      );
      CREATE INDEX patients_nombre_norm ON patients (nombre_norm);
      CREATE INDEX patients_estado ON patients (estado, id);

      CREATE TABLE centers (
        id INTEGER PRIMARY KEY,
        nombre TEXT NOT NULL,
        nombre_norm TEXT NOT NULL,
        direccion TEXT NOT NULL,
        activo INTEGER NOT NULL DEFAULT 1 CHECK (activo IN (0, 1))
      );
      CREATE INDEX centers_nombre_norm ON centers (nombre_norm);
      CREATE INDEX centers_activo ON centers (activo, id);
    `,
  },
  {
    version: 3,
    name: 'token revocation',
    // token_generation: tokens carry it, and a new password or a deactivation moves it on
    // (docs/adr/0010-token-revocation.md). revoked_tokens: single tokens ended by logout, until they expire.
    sql: `
      ALTER TABLE users ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0 CHECK (token_generation >= 0);
      CREATE TABLE revoked_tokens (
        id TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);
    `,
  },
  {
    version: 4,
    name: 'especialidad without case or accents',
    // The especialidad filter compared `especialidad COLLATE NOCASE`, which folds
    // ASCII letters only: ODONTOPEDIATRÍA missed Odontopediatría. It now compares
    // especialidad_norm. NOT NULL in an ADD COLUMN needs a default; every write of
    // sqlite-doctors.ts sets the column, and the backfill fills the existing rows.
    sql: `
      ALTER TABLE doctors ADD COLUMN especialidad_norm TEXT NOT NULL DEFAULT '';
      DROP INDEX doctors_especialidad;
      CREATE INDEX doctors_especialidad_norm ON doctors (especialidad_norm, activo);
    `,
    backfill: fillEspecialidadNorm,
  },
  {
    version: 5,
    name: 'telefono digits for the telefono filter',
    // The telefono filter matches the digits asked for anywhere in the phone's digits
    // (phoneKey), so the front desk no longer downloads every patient to search by phone.
    // No index: a b-tree serves equal values and prefixes, not a contains-match, and a
    // scan of a clinic's patients (thousands) is cheap. NOT NULL in an ADD COLUMN needs a
    // default; every write of sqlite-patients.ts sets the column, and the backfill fills
    // the existing rows.
    sql: `
      ALTER TABLE patients ADD COLUMN telefono_norm TEXT NOT NULL DEFAULT '';
    `,
    backfill: fillTelefonoNorm,
  },
];

/** especialidad_norm of the rows written before version 4, by the core's function (SQLite cannot strip accents). */
function fillEspecialidadNorm(db: Db): void {
  const especialidades = db.prepare('SELECT DISTINCT especialidad FROM doctors').pluck().all() as string[];
  const fill = db.prepare<[string, string]>('UPDATE doctors SET especialidad_norm = ? WHERE especialidad = ?');
  for (const especialidad of especialidades) fill.run(especialidadKey(especialidad), especialidad);
}

/** telefono_norm of the rows written before version 5, by the core's function, as the repository writes it. */
function fillTelefonoNorm(db: Db): void {
  const telefonos = db.prepare('SELECT DISTINCT telefono FROM patients').pluck().all() as string[];
  const fill = db.prepare<[string, string]>('UPDATE patients SET telefono_norm = ? WHERE telefono = ?');
  for (const telefono of telefonos) fill.run(phoneKey(telefono), telefono);
}
