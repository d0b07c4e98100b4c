import { PATIENT_STATES } from '../../core/domain/patient';
import { ROLES } from '../../core/domain/roles';
import type { Migration } from './open-database';
import { sqlList } from '../storage/sql-literals';

/**
 * The admin database (DATA_DIR/admin.db). Usernames are unique in their
 * lowercase form (the unique index decides concurrent creates). `nombre_norm`
 * holds the search key of `nombre` (lowercase, no accents: core/domain/text.ts)
 * so `q` filters compare like with like; every list filter has an index.
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
];
