import { DURACION_MAX_MIN, DURACION_MIN_MIN, DURACION_PASO_MIN, ESTADOS_ACTIVOS, ESTADOS_CITA, MOTIVO_MAX } from '../../core/domain/appointment';
import { CLAVE_IDEMPOTENCIA_MAX, OPERACIONES_IDEMPOTENTES } from '../../core/domain/idempotency';
import { ROLES } from '../../core/domain/roles';
import { ACCIONES_CITA } from '../../core/ports/history';
import { TIPOS_NOTIFICACION } from '../../core/ports/outbox';
import type { Migration } from './open-database';
import { sqlList } from '../storage/sql-literals';

/**
 * Citas tables of the citas database (DATA_DIR/citas.db), versions 1-9;
 * agenda-migrations.ts owns 10-19.
 *
 * Instants are INTEGER epoch milliseconds (UTC): range queries compare
 * numbers, use the indexes, and cannot be fooled by two ISO texts with
 * different offsets for one instant. `fin` is stored (and CHECKed equal to
 * inicio + duracion) so the overlap test `inicio < :hasta AND fin > :desde`
 * needs no arithmetic on the column.
 *
 * The overlap rule lives in the use case (inside BEGIN IMMEDIATE, so it is
 * race-free); the triggers of version 3 are the last line of defence: any
 * write path that forgot the rule still cannot store a double booking, and
 * SqliteAppointments turns the RAISE into the same DOCTOR_OCUPADO /
 * PACIENTE_OCUPADO the rule raises. `inicio > NEW.inicio - 8 h` is implied
 * by the overlap (no cita lasts more than DURACION_MAX_MIN) and bounds the
 * index range.
 *
 * The bounds and value lists are the core's constants, interpolated: their
 * values are the ones these texts were released with, and the hashes in
 * test/adapters/sqlite-migrations.test.ts fail if a constant changes under a
 * released migration (then the change needs a new version).
 */
const ACTIVE = sqlList(ESTADOS_ACTIVOS);
const MAX_DURATION_MS = DURACION_MAX_MIN * 60_000;

function overlapTrigger(name: string, event: string, column: 'id_doctor' | 'id_paciente', code: string, notSelf: string): string {
  return `
      CREATE TRIGGER ${name} BEFORE ${event} ON citas
      WHEN NEW.estado IN ${ACTIVE} AND EXISTS (
        SELECT 1 FROM citas c
        WHERE c.${column} = NEW.${column}
          AND c.estado IN ${ACTIVE}
          AND c.inicio < NEW.fin
          AND c.inicio > NEW.inicio - ${MAX_DURATION_MS}
          AND c.fin > NEW.inicio
          ${notSelf}
      )
      BEGIN
        SELECT RAISE(ABORT, '${code}');
      END;`;
}

export const citasMigrations: Migration[] = [
  {
    version: 1,
    name: 'citas',
    sql: `
      CREATE TABLE citas (
        id_cita INTEGER PRIMARY KEY AUTOINCREMENT,
        inicio INTEGER NOT NULL,
        fin INTEGER NOT NULL,
        duracion_min INTEGER NOT NULL CHECK (duracion_min BETWEEN ${DURACION_MIN_MIN} AND ${DURACION_MAX_MIN} AND duracion_min % ${DURACION_PASO_MIN} = 0),
        motivo TEXT NOT NULL CHECK (length(trim(motivo)) > 0 AND length(motivo) <= ${MOTIVO_MAX}),
        estado TEXT NOT NULL CHECK (estado IN ${sqlList(ESTADOS_CITA)}),
        id_paciente INTEGER NOT NULL CHECK (id_paciente > 0),
        id_doctor INTEGER NOT NULL CHECK (id_doctor > 0),
        id_centro INTEGER NOT NULL CHECK (id_centro > 0),
        id_user_registrado INTEGER NOT NULL CHECK (id_user_registrado > 0),
        id_cita_anterior INTEGER REFERENCES citas (id_cita),
        id_cita_nueva INTEGER REFERENCES citas (id_cita),
        motivo_cancelacion TEXT CHECK (motivo_cancelacion IS NULL OR length(motivo_cancelacion) <= ${MOTIVO_MAX}),
        CHECK (fin = inicio + duracion_min * 60000),
        CHECK (id_cita_nueva IS NULL OR estado = 'Cancelada')
      );
    `,
  },
  {
    version: 2,
    name: 'citas indexes',
    sql: `
      CREATE INDEX citas_doctor_inicio ON citas (id_doctor, inicio);
      CREATE INDEX citas_paciente_inicio ON citas (id_paciente, inicio);
      CREATE INDEX citas_centro_inicio ON citas (id_centro, inicio);
      CREATE INDEX citas_estado ON citas (estado, inicio);
      CREATE INDEX citas_inicio ON citas (inicio);
      CREATE UNIQUE INDEX citas_una_sucesora ON citas (id_cita_anterior) WHERE id_cita_anterior IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'citas: no double booking, enforced by the database too',
    sql: [
      overlapTrigger('citas_doctor_libre_insert', 'INSERT', 'id_doctor', 'DOCTOR_OCUPADO', ''),
      overlapTrigger('citas_paciente_libre_insert', 'INSERT', 'id_paciente', 'PACIENTE_OCUPADO', ''),
      overlapTrigger(
        'citas_doctor_libre_update',
        'UPDATE OF inicio, fin, estado, id_doctor ',
        'id_doctor',
        'DOCTOR_OCUPADO',
        'AND c.id_cita <> NEW.id_cita',
      ),
      overlapTrigger(
        'citas_paciente_libre_update',
        'UPDATE OF inicio, fin, estado, id_paciente ',
        'id_paciente',
        'PACIENTE_OCUPADO',
        'AND c.id_cita <> NEW.id_cita',
      ),
    ].join('\n'),
  },
  {
    version: 4,
    name: 'citas history',
    sql: `
      CREATE TABLE citas_historial (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        id_cita INTEGER NOT NULL REFERENCES citas (id_cita),
        cuando INTEGER NOT NULL,
        id_user INTEGER NOT NULL,
        rol TEXT NOT NULL CHECK (rol IN ${sqlList(ROLES)}),
        accion TEXT NOT NULL CHECK (accion IN ${sqlList(ACCIONES_CITA)}),
        antes TEXT CHECK (antes IS NULL OR json_valid(antes)),
        despues TEXT CHECK (despues IS NULL OR json_valid(despues))
      );
      CREATE INDEX citas_historial_cita ON citas_historial (id_cita, id);
    `,
  },
  {
    version: 5,
    name: 'notification outbox',
    sql: `
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        tipo TEXT NOT NULL CHECK (tipo IN ${sqlList(TIPOS_NOTIFICACION)}),
        id_cita INTEGER NOT NULL REFERENCES citas (id_cita),
        due_at INTEGER NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at INTEGER NOT NULL,
        locked_until INTEGER,
        delivered_at INTEGER,
        discarded_at INTEGER,
        last_error TEXT
      );
      CREATE INDEX outbox_pendientes ON outbox (next_attempt_at, locked_until) WHERE delivered_at IS NULL AND discarded_at IS NULL;
      CREATE INDEX outbox_cita_pendientes ON outbox (id_cita, tipo) WHERE delivered_at IS NULL AND discarded_at IS NULL;
      CREATE INDEX outbox_due_at ON outbox (due_at);
      CREATE INDEX outbox_delivered_at ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'idempotency keys',
    // One answer per (user, key), written in the booking's transaction (core/domain/idempotency.ts);
    // creada_en is indexed for the purge of keys older than the window that each new key runs.
    sql: `
      CREATE TABLE claves_idempotencia (
        id_user INTEGER NOT NULL CHECK (id_user > 0),
        clave TEXT NOT NULL CHECK (length(clave) BETWEEN 1 AND ${CLAVE_IDEMPOTENCIA_MAX}),
        huella TEXT NOT NULL,
        id_cita INTEGER NOT NULL REFERENCES citas (id_cita),
        respuesta TEXT NOT NULL CHECK (json_valid(respuesta)),
        creada_en INTEGER NOT NULL,
        PRIMARY KEY (id_user, clave)
      );
      CREATE INDEX claves_idempotencia_creada_en ON claves_idempotencia (creada_en);
    `,
  },
  {
    version: 7,
    name: 'idempotency keys of every operation',
    // A key now stands for a change, a cancellation or a change of estado too (core/domain/idempotency.ts): the
    // operation is stored beside the fingerprint, and the keys stored before are bookings. An answer is now its
    // named citas ({"cita"} or {"citaNueva","citaAnterior"}); a booking's, stored as the bare cita, is wrapped so.
    sql: `
      ALTER TABLE claves_idempotencia ADD COLUMN operacion TEXT NOT NULL DEFAULT 'reservar'
        CHECK (operacion IN ${sqlList(OPERACIONES_IDEMPOTENTES)});
      UPDATE claves_idempotencia SET respuesta = json_object('cita', json(respuesta));
    `,
  },
];
