import { DURACION_MAX_MIN, DURACION_MIN_MIN } from '../../core/domain/appointment';
import type { Migration } from './open-database';

/**
 * Agenda tables of the citas database (versions 10-19; citas-migrations.ts
 * owns 1-9). A schedule is one row per (doctor, center) plus its franjas;
 * franjas keep the wall-clock "HH:MM" text the user sent (instants are
 * computed per date, see core/domain/slots.ts), and "HH:MM" text sorts in
 * time order. Absences are instants in epoch milliseconds so range queries
 * compare numbers. Doctors and centers live in the admin service, so there
 * are no foreign keys to them here. Bounds come from core/domain/schedule.ts
 * (pinned by test/adapters/sqlite-migrations.test.ts, see citas-migrations.ts).
 */
export const agendaMigrations: Migration[] = [
  {
    version: 10,
    name: 'horarios y franjas',
    sql: `
      CREATE TABLE horarios (
        id_doctor INTEGER NOT NULL CHECK (id_doctor > 0),
        id_centro INTEGER NOT NULL CHECK (id_centro > 0),
        duracion_cita_min INTEGER NOT NULL CHECK (duracion_cita_min BETWEEN ${DURACION_MIN_MIN} AND ${DURACION_MAX_MIN}),
        actualizado_en INTEGER NOT NULL,
        PRIMARY KEY (id_doctor, id_centro)
      ) WITHOUT ROWID;
      CREATE TABLE franjas (
        id INTEGER PRIMARY KEY,
        id_doctor INTEGER NOT NULL,
        id_centro INTEGER NOT NULL,
        dia INTEGER NOT NULL CHECK (dia BETWEEN 1 AND 7),
        desde TEXT NOT NULL CHECK (desde GLOB '[0-2][0-9]:[0-5][0-9]'),
        hasta TEXT NOT NULL CHECK (hasta GLOB '[0-2][0-9]:[0-5][0-9]'),
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
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        id_doctor INTEGER NOT NULL CHECK (id_doctor > 0),
        desde INTEGER NOT NULL,
        hasta INTEGER NOT NULL,
        motivo TEXT,
        creada_en INTEGER NOT NULL,
        CHECK (desde < hasta)
      );
      CREATE INDEX ausencias_doctor_desde ON ausencias (id_doctor, desde);
      CREATE INDEX ausencias_doctor_hasta ON ausencias (id_doctor, hasta);
    `,
  },
];
