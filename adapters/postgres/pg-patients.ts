import type { Page, PageRequest } from '../../core/domain/pagination';
import type { EstadoPaciente, NewPatient, Patient } from '../../core/domain/patient';
import { searchKey } from '../../core/domain/text';
import type { PatientFilter, Patients } from '../../core/ports/patients';
import type { PgDatabase } from './pg-database';
import { PgFilteredQuery } from './pg-filters';
import { pgFiltersByName } from './pg-name-search';

interface PatientRow {
  id: number;
  id_user: number;
  nombre: string;
  telefono: string;
  estado: EstadoPaciente;
}

function toPatient(row: PatientRow): Patient {
  return { id: row.id, idUser: row.id_user, nombre: row.nombre, telefono: row.telefono, estado: row.estado };
}

/** Patients in the admin database on PostgreSQL; the same semantics as adapters/sqlite/sqlite-patients.ts. */
export class PgPatients implements Patients {
  private readonly matching;

  constructor(private readonly db: PgDatabase) {
    this.matching = new PgFilteredQuery<PatientRow, Patient>(db, { from: 'patients', orderBy: 'id' }, toPatient);
  }

  async add(p: NewPatient): Promise<Patient> {
    const [row] = await this.db.query<{ id: number }>(
      'INSERT INTO patients (id_user, nombre, nombre_norm, telefono, estado) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [p.idUser, p.nombre, searchKey(p.nombre), p.telefono, p.estado],
    );
    return { ...p, id: row.id };
  }

  async byId(id: number): Promise<Patient | undefined> {
    const [row] = await this.db.query<PatientRow>('SELECT * FROM patients WHERE id = $1', [id]);
    return row && toPatient(row);
  }

  async byUserId(idUser: number): Promise<Patient | undefined> {
    const [row] = await this.db.query<PatientRow>('SELECT * FROM patients WHERE id_user = $1', [idUser]);
    return row && toPatient(row);
  }

  list(filter: PatientFilter, page: PageRequest): Promise<Page<Patient>> {
    const where = pgFiltersByName(filter.q);
    if (filter.estado !== undefined) where.add('estado = ?', filter.estado);
    return this.matching.page(where, page);
  }

  async update(p: Patient): Promise<Patient> {
    const [row] = await this.db.query<PatientRow>(
      'UPDATE patients SET nombre = $2, nombre_norm = $3, telefono = $4, estado = $5 WHERE id = $1 RETURNING *',
      [p.id, p.nombre, searchKey(p.nombre), p.telefono, p.estado],
    );
    return row ? toPatient(row) : p;
  }
}
