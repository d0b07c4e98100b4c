import { type Cita, DURACION_MAX_MIN, ESTADOS_ACTIVOS, type EstadoCita, finOf, type NewCita } from '../../core/domain/appointment';
import { DomainError } from '../../core/domain/errors';
import type { Page, PageRequest } from '../../core/domain/pagination';
import type { AppointmentFilter, Appointments, OverlapQuery } from '../../core/ports/appointments';
import { sqlList } from '../sqlite/sql-literals';
import { CITAS_CONSTRAINTS } from './citas-migrations';
import type { PgDatabase } from './pg-database';
import { PgFilteredQuery, PgFilters } from './pg-filters';

interface CitaRow {
  id_cita: number;
  inicio: Date;
  fin: Date;
  duracion_min: number;
  motivo: string;
  estado: EstadoCita;
  id_paciente: number;
  id_doctor: number;
  id_centro: number;
  id_user_registrado: number;
  id_cita_anterior: number | null;
  id_cita_nueva: number | null;
  motivo_cancelacion: string | null;
}

const ACTIVE = `estado IN ${sqlList(ESTADOS_ACTIVOS)}`;

/** No cita lasts longer (schema CHECK); bounds the index range of an overlap query. */
const MAX_DURATION_MS = DURACION_MAX_MIN * 60_000;

function citaOfRow(r: CitaRow): Cita {
  const c: Cita = {
    id: r.id_cita,
    inicio: r.inicio,
    duracionMin: r.duracion_min,
    motivo: r.motivo,
    estado: r.estado,
    idPaciente: r.id_paciente,
    idDoctor: r.id_doctor,
    idCentro: r.id_centro,
    idUserRegistrado: r.id_user_registrado,
  };
  if (r.id_cita_anterior !== null) c.idCitaAnterior = r.id_cita_anterior;
  if (r.id_cita_nueva !== null) c.idCitaNueva = r.id_cita_nueva;
  if (r.motivo_cancelacion !== null) c.motivoCancelacion = r.motivo_cancelacion;
  return c;
}

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
 * DOCTOR_OCUPADO / PACIENTE_OCUPADO the booking rule raises; a CHECK failure
 * (a bug: the core validates first) a plain 422 without SQL. Anything else,
 * a serialization failure included, passes unchanged so the unit of work can
 * run the work again.
 */
function translated(err: unknown): unknown {
  const e = err as { code?: string; constraint?: string } | null;
  if (e?.code === '23P01' && e.constraint === CITAS_CONSTRAINTS.doctorLibre) {
    return new DomainError('DOCTOR_OCUPADO', 'El doctor ya tiene otra cita que se solapa con ese horario.');
  }
  if (e?.code === '23P01' && e.constraint === CITAS_CONSTRAINTS.pacienteLibre) {
    return new DomainError('PACIENTE_OCUPADO', 'El paciente ya tiene otra cita que se solapa con ese horario.');
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
    const [row] = await this.db.query<CitaRow>('SELECT * FROM citas WHERE id_cita = $1', [id]);
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

  activeOverlapping(q: OverlapQuery): Promise<Cita[]> {
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
