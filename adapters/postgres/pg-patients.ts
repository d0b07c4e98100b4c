import type { Page, PageRequest } from '../../core/domain/pagination';
import { type NewPatient, type Patient, phoneKey } from '../../core/domain/patient';
import { searchKey } from '../../core/domain/text';
import type { PatientFilter, Patients } from '../../core/ports/patients';
import { containsPattern } from '../storage/like-pattern';
import { type PatientRow, toPatient } from '../storage/patient-row';
import type { PgDatabase } from './pg-database';
import { PgFilteredQuery } from './pg-filters';
import { pgFiltersByName } from './pg-name-search';

/** Patients in the admin database on PostgreSQL; the same semantics as adapters/sqlite/sqlite-patients.ts. */
export class PgPatients implements Patients {
  private readonly matching;

  constructor(private readonly db: PgDatabase) {
    this.matching = new PgFilteredQuery<PatientRow, Patient>(db, { from: 'patients', orderBy: 'id' }, toPatient);
  }

  async add(p: NewPatient): Promise<Patient> {
    const [row] = await this.db.query<{ id: number }>(
      'INSERT INTO patients (id_user, nombre, nombre_norm, telefono, telefono_norm, estado) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [p.idUser, p.nombre, searchKey(p.nombre), p.telefono, phoneKey(p.telefono), p.estado],
    );
    return { ...p, id: row.id };
  }

  async byId(id: number): Promise<Patient | undefined> {
    const [row] = await this.db.query<PatientRow>(`SELECT * FROM patients WHERE id = $1${this.db.forUpdate()}`, [id]);
    return row && toPatient(row);
  }

  async byUserId(idUser: number): Promise<Patient | undefined> {
    const [row] = await this.db.query<PatientRow>('SELECT * FROM patients WHERE id_user = $1', [idUser]);
    return row && toPatient(row);
  }

  list(filter: PatientFilter, page: PageRequest): Promise<Page<Patient>> {
    const where = pgFiltersByName(filter.q);
    if (filter.estado !== undefined) where.add('estado = ?', filter.estado);
    // A contains-match, served by the patients_telefono_norm trigram index as q is by nombre_norm's.
    if (filter.telefono !== undefined) where.add("telefono_norm LIKE ? ESCAPE '\\'", containsPattern(phoneKey(filter.telefono)));
    if (filter.idUsers !== undefined) where.add('id_user = ANY(?::bigint[])', [...filter.idUsers]);
    if (filter.ids !== undefined) where.add('id = ANY(?::bigint[])', [...filter.ids]);
    return this.matching.page(where, page);
  }

  async update(p: Patient): Promise<Patient> {
    const [row] = await this.db.query<PatientRow>(
      'UPDATE patients SET nombre = $2, nombre_norm = $3, telefono = $4, telefono_norm = $5, estado = $6 WHERE id = $1 RETURNING *',
      [p.id, p.nombre, searchKey(p.nombre), p.telefono, phoneKey(p.telefono), p.estado],
    );
    return row ? toPatient(row) : p;
  }
}
