import type { Page, PageRequest } from '../../core/domain/pagination';
import type { EstadoPaciente, NewPatient, Patient } from '../../core/domain/patient';
import { searchKey } from '../../core/domain/text';
import type { PatientFilter, Patients } from '../../core/ports/patients';
import { FilteredQuery } from './filter-query';
import { filtersByName } from './name-search';
import { prepared, type Db } from './open-database';

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

export class SqlitePatients implements Patients {
  private readonly matching;

  constructor(private readonly db: Db) {
    this.matching = new FilteredQuery(db, { from: 'patients', orderBy: 'id' }, toPatient);
  }

  add(p: NewPatient): Patient {
    const info = prepared(this.db, 'INSERT INTO patients (id_user, nombre, nombre_norm, telefono, estado) VALUES (?, ?, ?, ?, ?)')
      .run(p.idUser, p.nombre, searchKey(p.nombre), p.telefono, p.estado);
    return { ...p, id: Number(info.lastInsertRowid) };
  }

  byId(id: number): Patient | undefined {
    const row = prepared(this.db, 'SELECT * FROM patients WHERE id = ?').get(id) as PatientRow | undefined;
    return row && toPatient(row);
  }

  byUserId(idUser: number): Patient | undefined {
    const row = prepared(this.db, 'SELECT * FROM patients WHERE id_user = ?').get(idUser) as PatientRow | undefined;
    return row && toPatient(row);
  }

  list(filter: PatientFilter, page: PageRequest): Page<Patient> {
    const where = filtersByName(filter.q);
    if (filter.estado !== undefined) where.add('estado = ?', filter.estado);
    return this.matching.page(where, page);
  }

  update(p: Patient): Patient {
    prepared(this.db, 'UPDATE patients SET nombre = ?, nombre_norm = ?, telefono = ?, estado = ? WHERE id = ?')
      .run(p.nombre, searchKey(p.nombre), p.telefono, p.estado, p.id);
    return this.byId(p.id) ?? p;
  }
}
