import { SqliteError } from 'better-sqlite3';
import { type Cita, DURACION_MAX_MIN, ESTADOS_ACTIVOS, finOf, type NewCita } from '../../core/domain/appointment';
import { doctorBusy, patientBusy } from '../../core/domain/booking-refusals';
import { DomainError } from '../../core/domain/errors';
import type { Page, PageRequest } from '../../core/domain/pagination';
import type { AppointmentFilter, Appointments, OverlapQuery } from '../../core/ports/appointments';
import { type CitaRow, citaOfRow } from '../storage/cita-row';
import { sqlList } from '../storage/sql-literals';
import { FilteredQuery, Filters } from './filter-query';
import { type Db, serialOf, writeOf } from './open-database';

const ACTIVE = `estado IN ${sqlList(ESTADOS_ACTIVOS)}`;
/** No cita lasts longer (schema CHECK); bounds the index range of an overlap query. */
const MAX_DURATION_MS = DURACION_MAX_MIN * 60_000;

type CitaParams = ReturnType<typeof paramsOf>;

function paramsOf(c: NewCita) {
  return {
    inicio: c.inicio.getTime(),
    fin: finOf(c).getTime(),
    duracion_min: c.duracionMin,
    motivo: c.motivo,
    estado: c.estado,
    id_paciente: c.idPaciente,
    id_doctor: c.idDoctor,
    id_centro: c.idCentro,
    id_user_registrado: c.idUserRegistrado,
    id_cita_anterior: c.idCitaAnterior ?? null,
    id_cita_nueva: c.idCitaNueva ?? null,
    motivo_cancelacion: c.motivoCancelacion ?? null,
  };
}

/**
 * The driver's refusals in the core's words: the overlap triggers become the
 * same DOCTOR_OCUPADO / PACIENTE_OCUPADO the booking rule raises, in its
 * words for a refusal that knows nobody (booking-refusals.ts; the booking
 * use cases word it again for their caller); a CHECK failure (a bug: the
 * core validates first) a plain 422 without SQL.
 */
function translated(err: unknown): unknown {
  if (!(err instanceof SqliteError)) return err;
  if (err.message === 'DOCTOR_OCUPADO') return doctorBusy();
  if (err.message === 'PACIENTE_OCUPADO') return patientBusy();
  if (err.code === 'SQLITE_CONSTRAINT_CHECK') return new DomainError('VALIDACION', 'Los datos de la cita no son válidos.');
  if (err.code === 'SQLITE_CONSTRAINT_UNIQUE') return new DomainError('CITA_REEMPLAZADA', 'Esa cita ya fue reprogramada.');
  return err;
}

export class SqliteAppointments implements Appointments {
  private readonly serial;
  private readonly write;
  private readonly selectById;
  private readonly insert;
  private readonly updateAll;
  private readonly countFutureActiveOf;
  private readonly matching;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.selectById = db.prepare<[number], CitaRow>('SELECT * FROM citas WHERE id_cita = ?');
    this.insert = db.prepare<CitaParams, CitaRow>(
      `INSERT INTO citas (inicio, fin, duracion_min, motivo, estado, id_paciente, id_doctor, id_centro,
         id_user_registrado, id_cita_anterior, id_cita_nueva, motivo_cancelacion)
       VALUES (@inicio, @fin, @duracion_min, @motivo, @estado, @id_paciente, @id_doctor, @id_centro,
         @id_user_registrado, @id_cita_anterior, @id_cita_nueva, @motivo_cancelacion)
       RETURNING *`,
    );
    this.updateAll = db.prepare<CitaParams & { id: number }>(
      `UPDATE citas SET inicio = @inicio, fin = @fin, duracion_min = @duracion_min, motivo = @motivo, estado = @estado,
         id_paciente = @id_paciente, id_doctor = @id_doctor, id_centro = @id_centro, id_user_registrado = @id_user_registrado,
         id_cita_anterior = @id_cita_anterior, id_cita_nueva = @id_cita_nueva, motivo_cancelacion = @motivo_cancelacion
       WHERE id_cita = @id`,
    );
    this.countFutureActiveOf = db
      .prepare<[number, number], number>(`SELECT COUNT(*) FROM citas WHERE id_paciente = ? AND ${ACTIVE} AND inicio > ?`)
      .pluck();
    this.matching = new FilteredQuery(db, { from: 'citas', orderBy: 'inicio, id_cita' }, citaOfRow);
  }

  byId(id: number): Promise<Cita | undefined> {
    return this.serial.call(() => {
      const row = this.selectById.get(id);
      return row && citaOfRow(row);
    });
  }

  add(cita: NewCita): Promise<Cita> {
    return this.write(() => {
      try {
        const row = this.insert.get(paramsOf(cita)) as CitaRow;
        return citaOfRow(row);
      } catch (err) {
        throw translated(err);
      }
    });
  }

  update(cita: Cita): Promise<void> {
    return this.write(() => {
      let changes: number;
      try {
        changes = this.updateAll.run({ ...paramsOf(cita), id: cita.id }).changes;
      } catch (err) {
        throw translated(err);
      }
      if (changes !== 1) throw new Error(`update of unknown cita ${cita.id}`);
    });
  }

  activeOverlapping(q: OverlapQuery): Promise<Cita[]> {
    return this.serial.call(() => {
      const desde = q.desde.getTime();
      const where = new Filters()
        .add(ACTIVE)
        .add('inicio < ?', q.hasta.getTime())
        .add('inicio > ?', desde - MAX_DURATION_MS)
        .add('fin > ?', desde);
      if (q.idDoctor !== undefined) where.add('id_doctor = ?', q.idDoctor);
      if (q.idPaciente !== undefined) where.add('id_paciente = ?', q.idPaciente);
      if (q.excludeIds && q.excludeIds.length > 0) where.add('id_cita NOT IN (SELECT value FROM json_each(?))', JSON.stringify(q.excludeIds));
      return this.matching.all(where);
    });
  }

  countFutureActive(idPaciente: number, now: Date): Promise<number> {
    return this.serial.call(() => this.countFutureActiveOf.get(idPaciente, now.getTime()) ?? 0);
  }

  list(f: AppointmentFilter, page: PageRequest): Promise<Page<Cita>> {
    return this.serial.call(() => {
      const where = new Filters();
      if (f.idDoctor !== undefined) where.add('id_doctor = ?', f.idDoctor);
      if (f.idPaciente !== undefined) where.add('id_paciente = ?', f.idPaciente);
      if (f.idCentro !== undefined) where.add('id_centro = ?', f.idCentro);
      if (f.estado !== undefined) where.add('estado = ?', f.estado);
      if (f.desde !== undefined) where.add('inicio >= ?', f.desde.getTime());
      if (f.hasta !== undefined) where.add('inicio < ?', f.hasta.getTime());
      return this.matching.page(where, page);
    });
  }
}
