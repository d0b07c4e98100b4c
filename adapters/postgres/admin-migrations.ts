import type { PoolClient } from 'pg';
import { especialidadKey } from '../../core/domain/doctor';
import { PATIENT_STATES, phoneKey } from '../../core/domain/patient';
import { ROLES } from '../../core/domain/roles';
import { sqlList } from '../storage/sql-literals';
import type { PgMigration } from './migrate';

/**
 * The admin database on PostgreSQL: the schema of adapters/sqlite/admin-migrations.ts
 * (versions 1-3 there are version 1 here: this database starts with all of
 * them; versions 4 and 5 there are 3 and 4 here), in PostgreSQL's own types. The
 * same rules hold in the same places: usernames unique in their lowercase
 * form (the unique index decides two concurrent creates, and its name is how
 * pg-users.ts recognises the violation), roles and patient states from the
 * core's lists, one user per doctor or patient. `nombre_norm` holds the
 * search key of `nombre` (core/domain/text.ts); its trigram index serves
 * `LIKE '%q%'`, which a btree cannot (pg_trgm is a trusted extension: the
 * database's owner may create it). `especialidad_norm` holds the
 * especialidadKey of `especialidad` (core/domain/doctor.ts), computed in JS
 * like nombre_norm, so no SQL version of the rule (unaccent, a locale's
 * lower()) can differ from it; `telefono_norm` the phoneKey of `telefono`
 * (core/domain/patient.ts), searched by part like nombre_norm, with a
 * trigram index like it. A released version is never edited (pinned
 * by test/adapters/postgres-admin.test.ts): a change is a new version.
 */
export const adminPgMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'users, doctors, patients, centers, token revocation',
    sql: `
      CREATE EXTENSION IF NOT EXISTS pg_trgm;

      CREATE TABLE users (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        username text NOT NULL CHECK (char_length(username) BETWEEN 3 AND 50),
        rol text NOT NULL CHECK (rol IN ${sqlList(ROLES)}),
        password_hash text NOT NULL,
        activo boolean NOT NULL DEFAULT true,
        -- Tokens carry it; a new password or a deactivation moves it on (docs/adr/0010-token-revocation.md).
        token_generation integer NOT NULL DEFAULT 0 CHECK (token_generation >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_username_unique ON users (lower(username));
      CREATE INDEX users_rol ON users (rol, id);

      CREATE TABLE doctors (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id_user integer NOT NULL UNIQUE REFERENCES users (id),
        nombre text NOT NULL,
        nombre_norm text NOT NULL,
        especialidad text NOT NULL CHECK (char_length(especialidad) > 0),
        activo boolean NOT NULL DEFAULT true
      );
      CREATE INDEX doctors_nombre_norm ON doctors USING gin (nombre_norm gin_trgm_ops);
      CREATE INDEX doctors_especialidad ON doctors (lower(especialidad), activo);
      CREATE INDEX doctors_activo ON doctors (activo, id);

      CREATE TABLE patients (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id_user integer NOT NULL UNIQUE REFERENCES users (id),
        nombre text NOT NULL,
        nombre_norm text NOT NULL,
        telefono text NOT NULL,
        estado text NOT NULL DEFAULT 'ACTIVO' CHECK (estado IN ${sqlList(PATIENT_STATES)})
      );
      CREATE INDEX patients_nombre_norm ON patients USING gin (nombre_norm gin_trgm_ops);
      CREATE INDEX patients_estado ON patients (estado, id);

      CREATE TABLE centers (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        nombre text NOT NULL,
        nombre_norm text NOT NULL,
        direccion text NOT NULL,
        activo boolean NOT NULL DEFAULT true
      );
      CREATE INDEX centers_nombre_norm ON centers USING gin (nombre_norm gin_trgm_ops);
      CREATE INDEX centers_activo ON centers (activo, id);

      -- Single tokens ended by logout, until they expire.
      CREATE TABLE revoked_tokens (
        id text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      );
      CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);
    `,
  },
  {
    version: 2,
    name: 'login throttle',
    // One row per counter key (pg-login-throttle.ts), shared by every admin process.
    // window_id names the window an admission was counted in, so taking it back
    // never touches a later window; a row without one has no window started.
    sql: `
      CREATE TABLE login_failures (
        key text PRIMARY KEY,
        failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
        window_id uuid,
        window_ends_at timestamptz
      );
      CREATE INDEX login_failures_window_ends_at ON login_failures (window_ends_at);
    `,
  },
  {
    version: 3,
    name: 'especialidad without case or accents',
    // The especialidad filter compared lower(especialidad), which folds by the
    // database's locale (only ASCII under C): ODONTOPEDIATRÍA missed Odontopediatría.
    // It now compares especialidad_norm. The default only fills the existing rows
    // until the backfill sets them; dropped at once, so a writer that does not set
    // the column (an older admin still running) fails instead of storing a doctor
    // the filter cannot find.
    sql: `
      ALTER TABLE doctors ADD COLUMN especialidad_norm text NOT NULL DEFAULT '';
      ALTER TABLE doctors ALTER COLUMN especialidad_norm DROP DEFAULT;
      DROP INDEX doctors_especialidad;
      CREATE INDEX doctors_especialidad_norm ON doctors (especialidad_norm, activo);
    `,
    backfill: fillEspecialidadNorm,
  },
  {
    version: 4,
    name: 'telefono digits for the telefono filter',
    // The telefono filter matches the digits asked for anywhere in the phone's digits
    // (phoneKey), so the front desk no longer downloads every patient to search by phone.
    // A contains-match: a btree cannot serve it, a trigram index can (as nombre_norm's),
    // from the 3 digits the API asks for at least. The default only fills the existing
    // rows until the backfill sets them; dropped at once, so a writer that does not set
    // the column (an older admin still running) fails instead of storing a patient the
    // filter cannot find.
    sql: `
      ALTER TABLE patients ADD COLUMN telefono_norm text NOT NULL DEFAULT '';
      ALTER TABLE patients ALTER COLUMN telefono_norm DROP DEFAULT;
      CREATE INDEX patients_telefono_norm ON patients USING gin (telefono_norm gin_trgm_ops);
    `,
    backfill: fillTelefonoNorm,
  },
];

/** especialidad_norm of the rows written before version 3, by the core's function, in one statement. */
async function fillEspecialidadNorm(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ especialidad: string }>('SELECT DISTINCT especialidad FROM doctors');
  const especialidades = rows.map((r) => r.especialidad);
  await client.query(
    `UPDATE doctors SET especialidad_norm = k.norm
       FROM unnest($1::text[], $2::text[]) AS k (especialidad, norm)
      WHERE doctors.especialidad = k.especialidad`,
    [especialidades, especialidades.map(especialidadKey)],
  );
}

/** telefono_norm of the rows written before version 4, by the core's function, in one statement. */
async function fillTelefonoNorm(client: PoolClient): Promise<void> {
  const { rows } = await client.query<{ telefono: string }>('SELECT DISTINCT telefono FROM patients');
  const telefonos = rows.map((r) => r.telefono);
  await client.query(
    `UPDATE patients SET telefono_norm = k.norm
       FROM unnest($1::text[], $2::text[]) AS k (telefono, norm)
      WHERE patients.telefono = k.telefono`,
    [telefonos, telefonos.map(phoneKey)],
  );
}
