import { type Doctor, especialidadKey, type NewDoctor } from '../../core/domain/doctor';
import type { Page, PageRequest } from '../../core/domain/pagination';
import { searchKey } from '../../core/domain/text';
import type { DoctorFilter, Doctors } from '../../core/ports/doctors';
import { type DoctorRow, toDoctor } from '../storage/doctor-row';
import { FilteredQuery } from './filter-query';
import { filtersByName } from './name-search';
import { type Db, serialOf, writeOf } from './open-database';

export class SqliteDoctors implements Doctors {
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
    this.insert = db.prepare<[number, string, string, string, string, number]>(
      'INSERT INTO doctors (id_user, nombre, nombre_norm, especialidad, especialidad_norm, activo) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectById = db.prepare<[number], DoctorRow>('SELECT * FROM doctors WHERE id = ?');
    this.selectByUserId = db.prepare<[number], DoctorRow>('SELECT * FROM doctors WHERE id_user = ?');
    this.updateAll = db.prepare<[string, string, string, string, number, number]>(
      'UPDATE doctors SET nombre = ?, nombre_norm = ?, especialidad = ?, especialidad_norm = ?, activo = ? WHERE id = ?',
    );
    this.matching = new FilteredQuery(db, { from: 'doctors', orderBy: 'id' }, toDoctor);
  }

  add(d: NewDoctor): Promise<Doctor> {
    return this.write(() => {
      const info = this.insert.run(d.idUser, d.nombre, searchKey(d.nombre), d.especialidad, especialidadKey(d.especialidad), d.activo ? 1 : 0);
      return { ...d, id: Number(info.lastInsertRowid) };
    });
  }

  byId(id: number): Promise<Doctor | undefined> {
    return this.serial.call(() => this.read(id));
  }

  byUserId(idUser: number): Promise<Doctor | undefined> {
    return this.serial.call(() => {
      const row = this.selectByUserId.get(idUser);
      return row && toDoctor(row);
    });
  }

  list(filter: DoctorFilter, page: PageRequest): Promise<Page<Doctor>> {
    return this.serial.call(() => {
      const where = filtersByName(filter.q);
      if (filter.especialidad !== undefined) where.add('especialidad_norm = ?', especialidadKey(filter.especialidad));
      if (filter.activo !== undefined) where.add('activo = ?', filter.activo ? 1 : 0);
      return this.matching.page(where, page);
    });
  }

  update(d: Doctor): Promise<Doctor> {
    return this.write(() => {
      this.updateAll.run(d.nombre, searchKey(d.nombre), d.especialidad, especialidadKey(d.especialidad), d.activo ? 1 : 0, d.id);
      return this.read(d.id) ?? d;
    });
  }

  private read(id: number): Doctor | undefined {
    const row = this.selectById.get(id);
    return row && toDoctor(row);
  }
}
