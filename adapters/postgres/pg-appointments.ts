import { type Cita, DURACION_MAX_MIN, ESTADOS_ACTIVOS, finOf, type NewCita } from '../../core/domain/appointment';
import { doctorBusy, patientBusy } from '../../core/domain/booking-refusals';
import { DomainError } from '../../core/domain/errors';
import type { Page, PageRequest } from '../../core/domain/pagination';
import type { AppointmentFilter, Appointments, OverlapQuery } from '../../core/ports/appointments';
import { type CitaRow, citaOfRow } from '../storage/cita-row';
import { sqlList } from '../storage/sql-literals';
import { CITAS_CONSTRAINTS } from './citas-migrations';
import type { PgDatabase } from './pg-database';
import { PgFilteredQuery, PgFilters } from './pg-filters';

const ACTIVE = `estado IN ${sqlList(ESTADOS_ACTIVOS)}`;

/** No cita lasts longer (schema CHECK); bounds the index range of an overlap query. */
const MAX_DURATION_MS = DURACION_MAX_MIN * 60_000;

/** The twelve stored values of a cita, in the column order of INSERT and UPDATE below. */
function paramsOf(c: NewCita): unknown[] {
  return [
    c.inicio,
    finOf(c),
    c.duracionMin,
    c.motivo,
    c.estado,
    c.idPaciente,
    c.idDoctor,
    c.idCentro,
    c.idUserRegistrado,
    c.idCitaAnterior ?? null,
    c.idCitaNueva ?? null,
    c.motivoCancelacion ?? null,
  ];
}

const COLUMNS = `inicio, fin, duracion_min, motivo, estado, id_paciente, id_doctor, id_centro,
  id_user_registrado, id_cita_anterior, id_cita_nueva, motivo_cancelacion`;

/**
 * The database's refusals in the core's words, as SqliteAppointments does:
 * the exclusion constraints (23P01, told apart by name) become the same
 * DOCTOR_OCUPADO / PACIENTE_OCUPADO the booking rule raises, in the same
 * words (booking-refusals.ts); a CHECK failure
 * (a bug: the core validates first) a plain 422 without SQL. Anything else,
 * a serialization failure included, passes unchanged so the unit of work can
 * run the work again.
 */
function translated(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string } | null;
  if (e?.code === '23P01' && e.constraint === CITAS_CONSTRAINTS.doctorLibre) {
    return doctorBusy();
  }
  if (e?.code === '23P01' && e.constraint === CITAS_CONSTRAINTS.pacienteLibre) {
    return patientBusy();
  }
  if (e?.code === '23514') return new DomainError('VALIDACION', 'Los datos de la cita no son válidos.');
  if (e?.code === '23505' && e.constraint === CITAS_CONSTRAINTS.unaSucesora) return new DomainError('CITA_REEMPLAZADA', 'Esa cita ya fue reprogramada.');
  return err;
}

export class PgAppointments implements Appointments {
  private readonly matching: PgFilteredQuery<CitaRow, Cita>;

  constructor(private readonly db: PgDatabase) {
    this.matching = new PgFilteredQuery(db, { from: 'citas', orderBy: 'inicio, id_cita' }, citaOfRow);
  }

  async byId(id: number): Promise<Cita | undefined> {
    const [row] = await this.db.query<CitaRow>(`SELECT * FROM citas WHERE id_cita = $1${this.db.forUpdate()}`, [id]);
    return row && citaOfRow(row);
  }

  async add(cita: NewCita): Promise<Cita> {
    try {
      const [row] = await this.db.query<CitaRow>(
        `INSERT INTO citas (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
        paramsOf(cita),
      );
      return citaOfRow(row);
    } catch (err) {
      throw translated(err);
    }
  }

  async update(cita: Cita): Promise<void> {
    let rows: unknown[];
    try {
      rows = await this.db.query(
        `UPDATE citas SET (${COLUMNS}) = ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) WHERE id_cita = $13 RETURNING id_cita`,
        [...paramsOf(cita), cita.id],
      );
    } catch (err) {
      throw translated(err);
    }
    if (rows.length !== 1) throw new Error(`update of unknown cita ${cita.id}`);
  }

  /** In a unit of work, first locks the agenda it reads (pg-database.ts lockAgenda): the overlap check and the insert after it have no race. */
  async activeOverlapping(q: OverlapQuery): Promise<Cita[]> {
    if (q.idDoctor !== undefined) await this.db.lockAgenda('doctor', q.idDoctor);
    if (q.idPaciente !== undefined) await this.db.lockAgenda('paciente', q.idPaciente);
    // The SQLite adapter's comparisons, not a range overlap: same answer for an empty interval, and the (id_doctor, inicio) index bounds the scan.
    const where = new PgFilters()
      .add(ACTIVE)
      .add('inicio < ?', q.hasta)
      .add('inicio > ?', new Date(q.desde.getTime() - MAX_DURATION_MS))
      .add('fin > ?', q.desde);
    if (q.idDoctor !== undefined) where.add('id_doctor = ?', q.idDoctor);
    if (q.idPaciente !== undefined) where.add('id_paciente = ?', q.idPaciente);
    if (q.excludeIds && q.excludeIds.length > 0) where.add('id_cita <> ALL(?::integer[])', q.excludeIds);
    return this.matching.all(where);
  }

  async countFutureActive(idPaciente: number, now: Date): Promise<number> {
    await this.db.lockAgenda('paciente', idPaciente); // the cap is a rule over the patient's citas
    const [{ n }] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM citas WHERE id_paciente = $1 AND ${ACTIVE} AND inicio > $2`, [
      idPaciente,
      now,
    ]);
    return n;
  }

  list(f: AppointmentFilter, page: PageRequest): Promise<Page<Cita>> {
    const where = new PgFilters();
    if (f.idDoctor !== undefined) where.add('id_doctor = ?', f.idDoctor);
    if (f.idPaciente !== undefined) where.add('id_paciente = ?', f.idPaciente);
    if (f.idCentro !== undefined) where.add('id_centro = ?', f.idCentro);
    if (f.estado !== undefined) where.add('estado = ?', f.estado);
    if (f.desde !== undefined) where.add('inicio >= ?', f.desde);
    if (f.hasta !== undefined) where.add('inicio < ?', f.hasta);
    return this.matching.page(where, page);
  }
}
