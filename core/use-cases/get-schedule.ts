import { NotFoundError } from '../domain/errors';
import type { Horario } from '../domain/schedule';
import type { Caller } from '../ports/directory';
import type { AgendaPorts } from './agenda-context';

export interface DoctorSchedule {
  idDoctor: number;
  /** Empty while the doctor has no schedule (then the JORNADA default applies and any future time can be booked). */
  horarios: Horario[];
}

/** GET /agenda/{id_doctor}/horario: every center's weekly schedule of the doctor; 404 for an unknown doctor. */
export class GetSchedule {
  constructor(private readonly ports: Pick<AgendaPorts, 'schedules' | 'directory'>) {}

  async execute(idDoctor: number, caller: Caller): Promise<DoctorSchedule> {
    const doctor = await this.ports.directory.doctor(idDoctor, caller);
    if (!doctor) throw new NotFoundError(`No existe ningún doctor con id ${idDoctor}.`);
    return { idDoctor, horarios: this.ports.schedules.forDoctor(idDoctor) };
  }
}
