import type { Page, PageRequest } from '../../core/domain/pagination';
import { type EstadoPaciente, type NewPatient, type Patient, phoneKey } from '../../core/domain/patient';
import { searchKey } from '../../core/domain/text';
import type { PatientFilter, Patients } from '../../core/ports/patients';
import { containsPattern } from '../storage/like-pattern';
import { type PatientRow, toPatient } from '../storage/patient-row';
import { FilteredQuery } from './filter-query';
import { filtersByName } from './name-search';
import { type Db, serialOf, writeOf } from './open-database';

export class SqlitePatients implements Patients {
  private readonly serial;
  private readonly write;
  private readonly insert;
  private readonly selectById;
  private readonly selectByUserId;
  private readonly updateAll;
  private readonly matching;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.insert = db.prepare<[number, string, string, string, string, EstadoPaciente]>(
      'INSERT INTO patients (id_user, nombre, nombre_norm, telefono, telefono_norm, estado) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectById = db.prepare<[number], PatientRow>('SELECT * FROM patients WHERE id = ?');
    this.selectByUserId = db.prepare<[number], PatientRow>('SELECT * FROM patients WHERE id_user = ?');
    this.updateAll = db.prepare<[string, string, string, string, EstadoPaciente, number]>(
      'UPDATE patients SET nombre = ?, nombre_norm = ?, telefono = ?, telefono_norm = ?, estado = ? WHERE id = ?',
    );
    this.matching = new FilteredQuery(db, { from: 'patients', orderBy: 'id' }, toPatient);
  }

  add(p: NewPatient): Promise<Patient> {
    return this.write(() => {
      const info = this.insert.run(p.idUser, p.nombre, searchKey(p.nombre), p.telefono, phoneKey(p.telefono), p.estado);
      return { ...p, id: Number(info.lastInsertRowid) };
    });
  }

  byId(id: number): Promise<Patient | undefined> {
    return this.serial.call(() => this.read(id));
  }

  byUserId(idUser: number): Promise<Patient | undefined> {
    return this.serial.call(() => {
      const row = this.selectByUserId.get(idUser);
      return row && toPatient(row);
    });
  }

  list(filter: PatientFilter, page: PageRequest): Promise<Page<Patient>> {
    return this.serial.call(() => {
      const where = filtersByName(filter.q);
      if (filter.estado !== undefined) where.add('estado = ?', filter.estado);
      // A contains-match, which no b-tree index serves (equal values and prefixes only):
      // it scans the patients (of one estado), thousands at a clinic (admin migration 5).
      if (filter.telefono !== undefined) where.add("telefono_norm LIKE ? ESCAPE '\\'", containsPattern(phoneKey(filter.telefono)));
      // The ids travel as one JSON array, so the SQL text is one however many there are (filter-query.ts).
      if (filter.idUsers !== undefined) where.add('id_user IN (SELECT value FROM json_each(?))', JSON.stringify(filter.idUsers));
      if (filter.ids !== undefined) where.add('id IN (SELECT value FROM json_each(?))', JSON.stringify(filter.ids));
      return this.matching.page(where, page);
    });
  }

  update(p: Patient): Promise<Patient> {
    return this.write(() => {
      this.updateAll.run(p.nombre, searchKey(p.nombre), p.telefono, phoneKey(p.telefono), p.estado, p.id);
      return this.read(p.id) ?? p;
    });
  }

  private read(id: number): Patient | undefined {
    const row = this.selectById.get(id);
    return row && toPatient(row);
  }
}
