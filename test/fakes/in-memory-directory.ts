import { isEspecialidad } from '../../core/domain/doctor';
import { DependencyUnavailableError } from '../../core/domain/errors';
import type { Caller, CenterCard, Directory, DoctorCard, Found, PatientCard, Wanted } from '../../core/ports/directory';

/** The admin directory as three maps; `down()` makes every lookup fail like an outage (503). Read rules are admin's: a test that needs them uses the real adapter. */
export class InMemoryDirectory implements Directory {
  private doctors = new Map<number, DoctorCard>();
  private patients = new Map<number, PatientCard>();
  private centers = new Map<number, CenterCard>();
  private unavailable = false;
  /** How many lookups were made (a test can check the directory was asked before the transaction). */
  lookups = 0;

  withDoctor(d: DoctorCard): this {
    this.doctors.set(d.id, { ...d });
    return this;
  }

  withPatient(p: PatientCard): this {
    this.patients.set(p.id, { ...p });
    return this;
  }

  withCenter(c: CenterCard): this {
    this.centers.set(c.id, { ...c });
    return this;
  }

  down(): void {
    this.unavailable = true;
  }

  up(): void {
    this.unavailable = false;
  }

  /** One lookup however many records it names, as HttpDirectory asks admin once; nothing named, nothing asked. */
  async lookUp(wanted: Wanted, _caller: Caller): Promise<Found> {
    if (wanted.idDoctor === undefined && wanted.idCentro === undefined && wanted.idPaciente === undefined) return {};
    this.lookups++;
    if (this.unavailable) throw new DependencyUnavailableError('El servicio de administración no responde.');
    const copy = <T>(value: T | undefined): T | undefined => value && { ...value };
    const found: Found = {};
    if (wanted.idDoctor !== undefined && this.doctors.has(wanted.idDoctor)) found.doctor = copy(this.doctors.get(wanted.idDoctor));
    if (wanted.idCentro !== undefined && this.centers.has(wanted.idCentro)) found.center = copy(this.centers.get(wanted.idCentro));
    if (wanted.idPaciente !== undefined && this.patients.has(wanted.idPaciente)) found.patient = copy(this.patients.get(wanted.idPaciente));
    return found;
  }

  async doctorsBySpecialty(especialidad: string, _caller: Caller): Promise<DoctorCard[]> {
    this.lookups++;
    if (this.unavailable) throw new DependencyUnavailableError('El servicio de administración no responde.');
    return [...this.doctors.values()].filter((d) => d.activo && isEspecialidad(d.especialidad, especialidad)).map((d) => ({ ...d }));
  }
}
