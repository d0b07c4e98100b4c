import { type Doctor, especialidadKey, type NewDoctor } from '../../core/domain/doctor';
import type { Page, PageRequest } from '../../core/domain/pagination';
import { searchKey } from '../../core/domain/text';
import type { DoctorFilter, Doctors } from '../../core/ports/doctors';
import { type DoctorRow, toDoctor } from '../storage/doctor-row';
import type { PgDatabase } from './pg-database';
import { PgFilteredQuery } from './pg-filters';
import { pgFiltersByName } from './pg-name-search';

/** Doctors in the admin database on PostgreSQL; the same semantics as adapters/sqlite/sqlite-doctors.ts. */
export class PgDoctors implements Doctors {
  private readonly matching;

  constructor(private readonly db: PgDatabase) {
    this.matching = new PgFilteredQuery<DoctorRow, Doctor>(db, { from: 'doctors', orderBy: 'id' }, toDoctor);
  }

  async add(d: NewDoctor): Promise<Doctor> {
    const [row] = await this.db.query<{ id: number }>(
      'INSERT INTO doctors (id_user, nombre, nombre_norm, especialidad, especialidad_norm, activo) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [d.idUser, d.nombre, searchKey(d.nombre), d.especialidad, especialidadKey(d.especialidad), d.activo],
    );
    return { ...d, id: row.id };
  }

  async byId(id: number): Promise<Doctor | undefined> {
    const [row] = await this.db.query<DoctorRow>(`SELECT * FROM doctors WHERE id = $1${this.db.forUpdate()}`, [id]);
    return row && toDoctor(row);
  }

  async byUserId(idUser: number): Promise<Doctor | undefined> {
    const [row] = await this.db.query<DoctorRow>('SELECT * FROM doctors WHERE id_user = $1', [idUser]);
    return row && toDoctor(row);
  }

  list(filter: DoctorFilter, page: PageRequest): Promise<Page<Doctor>> {
    const where = pgFiltersByName(filter.q);
    // Served by the doctors_especialidad_norm index, as on SQLite.
    if (filter.especialidad !== undefined) where.add('especialidad_norm = ?', especialidadKey(filter.especialidad));
    if (filter.activo !== undefined) where.add('activo = ?', filter.activo);
    return this.matching.page(where, page);
  }

  async update(d: Doctor): Promise<Doctor> {
    const [row] = await this.db.query<DoctorRow>(
      'UPDATE doctors SET nombre = $2, nombre_norm = $3, especialidad = $4, especialidad_norm = $5, activo = $6 WHERE id = $1 RETURNING *',
      [d.id, d.nombre, searchKey(d.nombre), d.especialidad, especialidadKey(d.especialidad), d.activo],
    );
    return row ? toDoctor(row) : d;
  }
}
