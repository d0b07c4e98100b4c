import type { Caller, CenterCard, Directory, DoctorCard, PatientCard } from '../ports/directory';

export interface Wanted {
  idDoctor?: number;
  idCentro?: number;
  idPaciente?: number;
}

export interface Found {
  doctor?: DoctorCard;
  center?: CenterCard;
  patient?: PatientCard;
}

/**
 * Asks the directory for the records a use case names, in parallel, before
 * any transaction (each lookup awaits the admin service). The caller then
 * applies the directory-facts assertions in a fixed order, so the answer
 * does not depend on which lookup came back first. A directory outage
 * rejects with DependencyUnavailableError (503).
 */
export async function lookUp(directory: Directory, caller: Caller, wanted: Wanted): Promise<Found> {
  const [doctor, center, patient] = await Promise.all([
    wanted.idDoctor === undefined ? undefined : directory.doctor(wanted.idDoctor, caller),
    wanted.idCentro === undefined ? undefined : directory.center(wanted.idCentro, caller),
    wanted.idPaciente === undefined ? undefined : directory.patient(wanted.idPaciente, caller),
  ]);
  return { doctor, center, patient };
}
