import { DependencyUnavailableError } from '../../core/domain/errors';
import type { Caller, CenterCard, Directory, DoctorCard, PatientCard } from '../../core/ports/directory';

/** The admin directory as three maps; `down()` makes every lookup fail like an outage (503). */
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

  private async answer<T>(value: T | undefined): Promise<T | undefined> {
    this.lookups++;
    if (this.unavailable) throw new DependencyUnavailableError('El servicio de administración no responde.');
    return value && { ...value };
  }

  doctor(id: number, _caller: Caller): Promise<DoctorCard | undefined> {
    return this.answer(this.doctors.get(id));
  }

  patient(id: number, _caller: Caller): Promise<PatientCard | undefined> {
    return this.answer(this.patients.get(id));
  }

  center(id: number, _caller: Caller): Promise<CenterCard | undefined> {
    return this.answer(this.centers.get(id));
  }

  async doctorsBySpecialty(especialidad: string, _caller: Caller): Promise<DoctorCard[]> {
    this.lookups++;
    if (this.unavailable) throw new DependencyUnavailableError('El servicio de administración no responde.');
    return [...this.doctors.values()].filter((d) => d.activo && d.especialidad === especialidad).map((d) => ({ ...d }));
  }
}
