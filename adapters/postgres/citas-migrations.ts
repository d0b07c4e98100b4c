import { DURACION_MAX_MIN, DURACION_MIN_MIN, DURACION_PASO_MIN, ESTADOS_ACTIVOS, ESTADOS_CITA, MOTIVO_MAX } from '../../core/domain/appointment';
import { CLAVE_IDEMPOTENCIA_MAX, OPERACIONES_IDEMPOTENTES } from '../../core/domain/idempotency';
import { ROLES } from '../../core/domain/roles';
import { ACCIONES_CITA } from '../../core/ports/history';
import { TIPOS_NOTIFICACION } from '../../core/ports/outbox';
// Standard SQL quoting of the core's constant lists: the same text is right for both engines.
import { sqlList } from '../storage/sql-literals';
import type { PgMigration } from './migrate';

/**
 * The citas database on PostgreSQL: the tables of adapters/sqlite's
 * citas-migrations.ts and agenda-migrations.ts, in PostgreSQL's own terms.
 *
 * - Instants are timestamptz (one instant, whatever the session's zone).
 * - `fin` is stored (CHECKed equal to inicio + duracion) so the overlap rule
 *   is a plain range of two columns.
 * - The no-double-booking rule is two exclusion constraints (btree_gist):
 *   among active citas, no two of one doctor, nor of one patient, have
 *   overlapping [inicio, fin). Unlike SQLite's triggers they also hold
 *   against a concurrent transaction in another process, and their GiST
 *   indexes serve the overlap query (pg-appointments.ts). A violation
 *   (23P01) names the constraint, which pg-appointments.ts turns into
 *   DOCTOR_OCUPADO or PACIENTE_OCUPADO.
 * - CHECKs interpolate the core's constants, as the SQLite migrations do. A
 *   released version is never edited; a change is a new version.
 */
const ACTIVE = sqlList(ESTADOS_ACTIVOS);

/** Constraint names pg-appointments.ts recognises in a 23P01. */
export const CITAS_CONSTRAINTS = {
  doctorLibre: 'citas_doctor_libre',
  pacienteLibre: 'citas_paciente_libre',
  unaSucesora: 'citas_una_sucesora',
} as const;

const HHMM = `'^[0-2][0-9]:[0-5][0-9]$'`;

export const pgCitasMigrations: PgMigration[] = [
  {
    version: 1,
    name: 'citas, with the no-overlap rule as exclusion constraints',
    sql: `
      CREATE EXTENSION IF NOT EXISTS btree_gist;
      CREATE TABLE citas (
        id_cita integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        inicio timestamptz NOT NULL,
        fin timestamptz NOT NULL,
        duracion_min integer NOT NULL CHECK (duracion_min BETWEEN ${DURACION_MIN_MIN} AND ${DURACION_MAX_MIN} AND duracion_min % ${DURACION_PASO_MIN} = 0),
        motivo text NOT NULL CHECK (length(btrim(motivo)) > 0 AND length(motivo) <= ${MOTIVO_MAX}),
        estado text NOT NULL CHECK (estado IN ${sqlList(ESTADOS_CITA)}),
        id_paciente integer NOT NULL CHECK (id_paciente > 0),
        id_doctor integer NOT NULL CHECK (id_doctor > 0),
        id_centro integer NOT NULL CHECK (id_centro > 0),
        id_user_registrado integer NOT NULL CHECK (id_user_registrado > 0),
        id_cita_anterior integer REFERENCES citas (id_cita),
        id_cita_nueva integer REFERENCES citas (id_cita),
        motivo_cancelacion text CHECK (motivo_cancelacion IS NULL OR length(motivo_cancelacion) <= ${MOTIVO_MAX}),
        CHECK (fin = inicio + duracion_min * interval '1 minute'),
        CHECK (id_cita_nueva IS NULL OR estado = 'Cancelada'),
        CONSTRAINT ${CITAS_CONSTRAINTS.doctorLibre}
          EXCLUDE USING gist (id_doctor WITH =, tstzrange(inicio, fin, '[)') WITH &&) WHERE (estado IN ${ACTIVE}),
        CONSTRAINT ${CITAS_CONSTRAINTS.pacienteLibre}
          EXCLUDE USING gist (id_paciente WITH =, tstzrange(inicio, fin, '[)') WITH &&) WHERE (estado IN ${ACTIVE})
      );
    `,
  },
  {
    version: 2,
    name: 'citas indexes: the day lists, a patient\'s future citas, one successor per cita',
    sql: `
      CREATE INDEX citas_doctor_inicio ON citas (id_doctor, inicio);
      CREATE INDEX citas_paciente_inicio ON citas (id_paciente, inicio);
      CREATE INDEX citas_centro_inicio ON citas (id_centro, inicio);
      CREATE INDEX citas_estado ON citas (estado, inicio);
      CREATE INDEX citas_inicio ON citas (inicio);
      CREATE UNIQUE INDEX ${CITAS_CONSTRAINTS.unaSucesora} ON citas (id_cita_anterior) WHERE id_cita_anterior IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'citas history',
    sql: `
      CREATE TABLE citas_historial (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id_cita integer NOT NULL REFERENCES citas (id_cita),
        cuando timestamptz NOT NULL,
        id_user integer NOT NULL,
        rol text NOT NULL CHECK (rol IN ${sqlList(ROLES)}),
        accion text NOT NULL CHECK (accion IN ${sqlList(ACCIONES_CITA)}),
        antes jsonb,
        despues jsonb
      );
      CREATE INDEX citas_historial_cita ON citas_historial (id_cita, id);
    `,
  },
  {
    version: 4,
    name: 'notification outbox',
    sql: `
      CREATE TABLE outbox (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        tipo text NOT NULL CHECK (tipo IN ${sqlList(TIPOS_NOTIFICACION)}),
        id_cita integer NOT NULL REFERENCES citas (id_cita),
        due_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL,
        locked_until timestamptz,
        delivered_at timestamptz,
        discarded_at timestamptz,
        last_error text
      );
      CREATE INDEX outbox_pendientes ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND discarded_at IS NULL;
      CREATE INDEX outbox_cita_pendientes ON outbox (id_cita, tipo) WHERE delivered_at IS NULL AND discarded_at IS NULL;
      CREATE INDEX outbox_due_at ON outbox (due_at);
      CREATE INDEX outbox_delivered_at ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;
    `,
  },
  {
    version: 5,
    name: 'idempotency keys',
    // As SQLite's version 6: one answer per (user, key), written in the booking's transaction.
    sql: `
      CREATE TABLE claves_idempotencia (
        id_user integer NOT NULL CHECK (id_user > 0),
        clave text NOT NULL CHECK (length(clave) BETWEEN 1 AND ${CLAVE_IDEMPOTENCIA_MAX}),
        huella text NOT NULL,
        id_cita integer NOT NULL REFERENCES citas (id_cita),
        respuesta jsonb NOT NULL,
        creada_en timestamptz NOT NULL,
        PRIMARY KEY (id_user, clave)
      );
      CREATE INDEX claves_idempotencia_creada_en ON claves_idempotencia (creada_en);
    `,
  },
  {
    version: 6,
    name: 'idempotency keys of every operation',
    // As SQLite's version 7: the operation beside the fingerprint (the keys stored before are bookings), and a
    // booking's answer, stored as the bare cita, wrapped as {"cita": ...} like every answer's named citas.
    sql: `
      ALTER TABLE claves_idempotencia ADD COLUMN operacion text NOT NULL DEFAULT 'reservar'
        CHECK (operacion IN ${sqlList(OPERACIONES_IDEMPOTENTES)});
      UPDATE claves_idempotencia SET respuesta = jsonb_build_object('cita', respuesta);
    `,
  },
  {
    version: 10,
    name: 'horarios y franjas',
    // "HH:MM" compares as text in time order only byte by byte: COLLATE "C", whatever the database's locale.
    sql: `
      CREATE TABLE horarios (
        id_doctor integer NOT NULL CHECK (id_doctor > 0),
        id_centro integer NOT NULL CHECK (id_centro > 0),
        duracion_cita_min integer NOT NULL CHECK (duracion_cita_min BETWEEN ${DURACION_MIN_MIN} AND ${DURACION_MAX_MIN}),
        actualizado_en timestamptz NOT NULL,
        PRIMARY KEY (id_doctor, id_centro)
      );
      CREATE TABLE franjas (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id_doctor integer NOT NULL,
        id_centro integer NOT NULL,
        dia smallint NOT NULL CHECK (dia BETWEEN 1 AND 7),
        desde text COLLATE "C" NOT NULL CHECK (desde ~ ${HHMM}),
        hasta text COLLATE "C" NOT NULL CHECK (hasta ~ ${HHMM}),
        CHECK (desde < hasta),
        FOREIGN KEY (id_doctor, id_centro) REFERENCES horarios (id_doctor, id_centro) ON DELETE CASCADE
      );
      CREATE INDEX franjas_doctor_dia ON franjas (id_doctor, dia, desde);
      CREATE INDEX franjas_horario ON franjas (id_doctor, id_centro);
    `,
  },
  {
    version: 11,
    name: 'ausencias',
    sql: `
      CREATE TABLE ausencias (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id_doctor integer NOT NULL CHECK (id_doctor > 0),
        desde timestamptz NOT NULL,
        hasta timestamptz NOT NULL,
        motivo text,
        creada_en timestamptz NOT NULL,
        CHECK (desde < hasta)
      );
      CREATE INDEX ausencias_doctor_desde ON ausencias (id_doctor, desde);
      CREATE INDEX ausencias_doctor_hasta ON ausencias (id_doctor, hasta);
    `,
  },
];
