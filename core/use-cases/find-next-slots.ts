import { intervalOf } from '../domain/appointment';
import { clinicDateOf, dayBounds, parseLocalDate } from '../domain/clinic-time';
import { assertMay } from '../domain/access';
import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { assertCenterExists } from '../domain/directory-facts';
import { ESPECIALIDAD_MAX } from '../domain/doctor';
import { ValidationError } from '../domain/errors';
import { datesFrom, freeSlots, type Hueco } from '../domain/slots';
import { charCount } from '../domain/text';
import type { Caller, DoctorCard } from '../ports/directory';
import type { CitasPorts } from './citas-use-cases';

export const LIMITE_PROXIMOS_POR_DEFECTO = 10;
export const LIMITE_PROXIMOS_MAX = 50;

export interface FindNextSlotsInput {
  especialidad: string;
  /** First clinic day to search, YYYY-MM-DD (today if earlier). */
  desde: string;
  idCentro?: number;
  limite?: number;
}

export interface HuecoDeDoctor extends Hueco {
  idDoctor: number;
  nombreDoctor: string;
}

export interface NextSlots {
  especialidad: string;
  desde: string;
  /** The last clinic day searched (the search stops there even with fewer slots than `limite`). */
  hasta: string;
  huecos: HuecoDeDoctor[];
}

/**
 * GET /citas/disponibilidad/proximos: the earliest free slots across the
 * active doctors of a specialty, from `desde` on, for at most
 * policy.searchDays days. Each doctor's citas and absences for the whole
 * window are read once, then the days are walked in order until `limite`
 * slots are found.
 */
export class FindNextSlots {
  constructor(
    private readonly ports: Pick<CitasPorts, 'schedules' | 'absences' | 'appointments' | 'directory' | 'clock'>,
    private readonly policy: CitasPolicy = DEFAULT_CITAS_POLICY,
  ) {}

  async execute(input: FindNextSlotsInput, caller: Caller): Promise<NextSlots> {
    assertMay(caller.principal, 'disponibilidad.consultar');
    parseLocalDate(input.desde, 'desde');
    const limite = input.limite ?? LIMITE_PROXIMOS_POR_DEFECTO;
    if (!Number.isInteger(limite) || limite < 1 || limite > LIMITE_PROXIMOS_MAX) {
      throw ValidationError.field('limite', `El límite debe ser un entero entre 1 y ${LIMITE_PROXIMOS_MAX}.`);
    }
    const especialidad = input.especialidad.trim();
    if (especialidad.length === 0) throw ValidationError.field('especialidad', 'Indique una especialidad.');
    if (charCount(especialidad) > ESPECIALIDAD_MAX) {
      throw ValidationError.field('especialidad', `Una especialidad tiene como máximo ${ESPECIALIDAD_MAX} caracteres.`);
    }

    const [doctors, { center }] = await Promise.all([
      this.ports.directory.doctorsBySpecialty(especialidad, caller),
      this.ports.directory.lookUp({ idCentro: input.idCentro }, caller),
    ]);
    if (input.idCentro !== undefined) assertCenterExists(input.idCentro, center);

    const tz = this.policy.timeZone;
    const now = this.ports.clock.now();
    const today = clinicDateOf(now, tz);
    const first = input.desde < today ? today : input.desde;
    const days = datesFrom(first, this.policy.searchDays);
    const last = days[days.length - 1];
    const result: NextSlots = { especialidad, desde: first, hasta: last, huecos: [] };
    if (center && !center.activo) return result;

    const window = { desde: dayBounds(first, tz).desde, hasta: dayBounds(last, tz).hasta };
    const agendas = [];
    for (const doctor of doctors.filter((d: DoctorCard) => d.activo)) {
      agendas.push({
        doctor,
        horarios: await this.ports.schedules.forDoctor(doctor.id),
        ausencias: await this.ports.absences.overlapping(doctor.id, window.desde, window.hasta),
        ocupado: (await this.ports.appointments.activeOverlapping({ idDoctor: doctor.id, ...window })).map(intervalOf),
      });
    }

    for (const fecha of days) {
      if (result.huecos.length >= limite) break;
      const delDia: HuecoDeDoctor[] = [];
      for (const a of agendas) {
        const huecos = freeSlots({
          fecha,
          zone: tz,
          horarios: a.horarios,
          jornada: this.policy.jornada,
          ausencias: a.ausencias,
          ocupado: a.ocupado,
          idCentro: input.idCentro,
          ahora: now,
        });
        for (const h of huecos) delDia.push({ ...h, idDoctor: a.doctor.id, nombreDoctor: a.doctor.nombre });
      }
      delDia.sort((x, y) => x.inicio.getTime() - y.inicio.getTime() || x.idDoctor - y.idDoctor);
      result.huecos.push(...delDia.slice(0, limite - result.huecos.length));
    }
    return result;
  }
}
