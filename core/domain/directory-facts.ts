import { DomainError, NotFoundError } from './errors';
import { noSuchRecord } from './missing-record';
import { centerCalled, doctorCalled, type PartyNames, patientCalled, sentenceFirst } from './party-names';

/**
 * Whether a doctor, center or patient can be used: the one set of
 * assertions every use case applies to what the directory (the admin
 * service) said just now. `undefined` means the record does not exist.
 * A refusal of a record that exists names it as the hearer may know it
 * (`nombres`, party-names.ts); an unknown one keeps the id the request sent,
 * the only thing there is to call it by.
 */

export interface DoctorFacts {
  activo: boolean;
}
export interface CenterFacts {
  activo: boolean;
}
export interface PatientFacts {
  estado: 'ACTIVO' | 'INACTIVO';
}

/** What the record is being used for: the message says why an inactive one is refused. */
export type Purpose = 'cita' | 'horario';


/** A doctor named in the request body or query: 422 DOCTOR_NO_EXISTE when unknown. */
export function assertDoctorExists(id: number, doctor: DoctorFacts | undefined): asserts doctor is DoctorFacts {
  if (!doctor) throw new DomainError('DOCTOR_NO_EXISTE', noSuchRecord('doctor', id));
}

/** A doctor named by the path (`/agenda/{id_doctor}/...` reads): 404 when unknown. */
export function assertDoctorFound(id: number, doctor: DoctorFacts | undefined): asserts doctor is DoctorFacts {
  if (!doctor) throw new NotFoundError(noSuchRecord('doctor', id));
}

export function assertCenterExists(id: number, center: CenterFacts | undefined): asserts center is CenterFacts {
  if (!center) throw new DomainError('CENTRO_NO_EXISTE', noSuchRecord('centro', id));
}

export function assertDoctorUsable(id: number, doctor: DoctorFacts | undefined, purpose: Purpose = 'cita', nombres: PartyNames = {}): void {
  assertDoctorExists(id, doctor);
  if (!doctor.activo) {
    const who = doctorCalled(nombres, id);
    throw new DomainError(
      'DOCTOR_INACTIVO',
      purpose === 'cita' ? `No se admiten citas con ${who}: está de baja.` : `No se puede asignar horario a ${who}: está de baja.`,
    );
  }
}

export function assertCenterUsable(id: number, center: CenterFacts | undefined, purpose: Purpose = 'cita', nombres: PartyNames = {}): void {
  assertCenterExists(id, center);
  if (!center.activo) {
    // "el centro 3: está inactivo", but "Clínica Norte: el centro está inactivo": a name does not say what it names.
    const why = nombres.centro === undefined ? 'está inactivo' : 'el centro está inactivo';
    const where = centerCalled(nombres, id);
    throw new DomainError(
      'CENTRO_INACTIVO',
      purpose === 'cita' ? `No se admiten citas en ${where}: ${why}.` : `No se puede asignar horario en ${where}: ${why}.`,
    );
  }
}

export function assertPatientBookable(id: number, patient: PatientFacts | undefined, nombres: PartyNames = {}): void {
  if (!patient) throw new DomainError('PACIENTE_NO_EXISTE', noSuchRecord('paciente', id));
  if (patient.estado !== 'ACTIVO') {
    throw new DomainError('PACIENTE_INACTIVO', `${sentenceFirst(patientCalled(nombres, id))} no puede tener citas nuevas: su ficha está inactiva.`);
  }
}
