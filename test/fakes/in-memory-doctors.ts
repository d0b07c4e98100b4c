import { type Doctor, isEspecialidad, type NewDoctor } from '../../core/domain/doctor';
import type { Page, PageRequest } from '../../core/domain/pagination';
import type { DoctorFilter, Doctors } from '../../core/ports/doctors';
import { InMemoryRecords, nameMatches } from './in-memory-records';

export class InMemoryDoctors extends InMemoryRecords<Doctor> implements Doctors {
  /** Set to make the next add fail, to prove a doctor and its user are written together. */
  failNextAdd: Error | undefined;

  add(doctor: NewDoctor): Promise<Doctor> {
    return this.serial.call(() => {
      if (this.failNextAdd) {
        const err = this.failNextAdd;
        this.failNextAdd = undefined;
        throw err;
      }
      if (this.find((d) => d.idUser === doctor.idUser)) throw new Error('UNIQUE constraint failed: doctors.id_user');
      return this.insert(doctor);
    });
  }

  byUserId(idUser: number): Promise<Doctor | undefined> {
    return this.serial.call(() => this.find((d) => d.idUser === idUser));
  }

  list(filter: DoctorFilter, page: PageRequest): Promise<Page<Doctor>> {
    return this.serial.call(() =>
      this.page(
        (d) =>
          nameMatches(d.nombre, filter.q) &&
          (filter.especialidad === undefined || isEspecialidad(d.especialidad, filter.especialidad)) &&
          (filter.activo === undefined || d.activo === filter.activo),
        page,
      ),
    );
  }
}
