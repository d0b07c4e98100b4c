import { assertMay } from '../domain/access';
import { assertDoctorFound } from '../domain/directory-facts';
import type { Horario } from '../domain/schedule';
import type { Caller } from '../ports/directory';
import type { CitasPorts } from './citas-use-cases';

export interface DoctorSchedule {
  idDoctor: number;
  /** Empty while the doctor has no schedule (then the JORNADA default applies and any future time can be booked). */
  horarios: Horario[];
}

/** GET /agenda/{id_doctor}/horario: every center's weekly schedule of the doctor; 404 for an unknown doctor. */
export class GetSchedule {
  constructor(private readonly ports: Pick<CitasPorts, 'schedules' | 'directory'>) {}

  async execute(idDoctor: number, caller: Caller): Promise<DoctorSchedule> {
    assertMay(caller.principal, 'horario.consultar', { idDoctor });
    const { doctor } = await this.ports.directory.lookUp({ idDoctor }, caller);
    assertDoctorFound(idDoctor, doctor);
    return { idDoctor, horarios: await this.ports.schedules.forDoctor(idDoctor) };
  }
}
