import type { Page, PageRequest } from '../../core/domain/pagination';
import { type NewPatient, type Patient, phoneContains } from '../../core/domain/patient';
import type { PatientFilter, Patients } from '../../core/ports/patients';
import { InMemoryRecords, nameMatches } from './in-memory-records';

export class InMemoryPatients extends InMemoryRecords<Patient> implements Patients {
  add(patient: NewPatient): Promise<Patient> {
    return this.serial.call(() => {
      if (this.find((p) => p.idUser === patient.idUser)) throw new Error('UNIQUE constraint failed: patients.id_user');
      return this.insert(patient);
    });
  }

  byUserId(idUser: number): Promise<Patient | undefined> {
    return this.serial.call(() => this.find((p) => p.idUser === idUser));
  }

  list(filter: PatientFilter, page: PageRequest): Promise<Page<Patient>> {
    return this.serial.call(() =>
      this.page(
        (p) =>
          nameMatches(p.nombre, filter.q) &&
          (filter.estado === undefined || p.estado === filter.estado) &&
          (filter.telefono === undefined || phoneContains(p.telefono, filter.telefono)) &&
          (filter.idUsers === undefined || filter.idUsers.includes(p.idUser)) &&
          (filter.ids === undefined || filter.ids.includes(p.id)),
        page,
      ),
    );
  }
}
