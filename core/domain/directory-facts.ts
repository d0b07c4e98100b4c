import { DomainError, NotFoundError } from './errors';

/**
 * Whether a doctor, center or patient can be used: the one set of
 * assertions every use case applies to what the directory (the admin
 * service) said just now. `undefined` means the record does not exist.
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

const doctorMissing = (id: number) => `No existe ningún doctor con id ${id}.`;
const centerMissing = (id: number) => `No existe ningún centro con id ${id}.`;

/** A doctor named in the request body or query: 422 DOCTOR_NO_EXISTE when unknown. */
export function assertDoctorExists(id: number, doctor: DoctorFacts | undefined): asserts doctor is DoctorFacts {
  if (!doctor) throw new DomainError('DOCTOR_NO_EXISTE', doctorMissing(id));
}

/** A doctor named by the path (`/agenda/{id_doctor}/...` reads): 404 when unknown. */
export function assertDoctorFound(id: number, doctor: DoctorFacts | undefined): asserts doctor is DoctorFacts {
  if (!doctor) throw new NotFoundError(doctorMissing(id));
}

export function assertCenterExists(id: number, center: CenterFacts | undefined): asserts center is CenterFacts {
  if (!center) throw new DomainError('CENTRO_NO_EXISTE', centerMissing(id));
}

export function assertDoctorUsable(id: number, doctor: DoctorFacts | undefined, purpose: Purpose = 'cita'): void {
  assertDoctorExists(id, doctor);
  if (!doctor.activo) {
    throw new DomainError(
      'DOCTOR_INACTIVO',
      purpose === 'cita'
        ? `El doctor ${id} está dado de baja y no admite citas.`
        : `El doctor ${id} está dado de baja; no se le puede asignar horario.`,
    );
  }
}

export function assertCenterUsable(id: number, center: CenterFacts | undefined, purpose: Purpose = 'cita'): void {
  assertCenterExists(id, center);
  if (!center.activo) {
    throw new DomainError(
      'CENTRO_INACTIVO',
      purpose === 'cita'
        ? `El centro ${id} está inactivo y no admite citas.`
        : `El centro ${id} está inactivo; no se le puede asignar horario.`,
    );
  }
}

export function assertPatientBookable(id: number, patient: PatientFacts | undefined): void {
  if (!patient) throw new DomainError('PACIENTE_NO_EXISTE', `No existe ningún paciente con id ${id}.`);
  if (patient.estado !== 'ACTIVO') {
    throw new DomainError('PACIENTE_INACTIVO', `El paciente ${id} está INACTIVO y no puede tener citas nuevas.`);
  }
}
