import { assertWithinAgenda } from '../domain/slots';
import type { Absences, Schedules } from '../ports/agenda';
import type { AgendaRules, AgendaSlot } from '../ports/agenda-rules';

/**
 * The agenda's booking rule, plugged into the booking and change use cases
 * (AgendaRules port). Runs inside their transaction: reads the doctor's
 * schedules and the absences overlapping the slot from the same snapshot.
 * A doctor without any schedule can be booked at any time (absences still
 * apply: the doctor is away whether or not hours were defined).
 */
export class ScheduleAgendaRules implements AgendaRules {
  constructor(
    private readonly ports: { schedules: Schedules; absences: Absences },
    private readonly timeZone: string,
  ) {}

  check(slot: AgendaSlot): void {
    assertWithinAgenda({
      zone: this.timeZone,
      horarios: this.ports.schedules.forDoctor(slot.idDoctor),
      ausencias: this.ports.absences.overlapping(slot.idDoctor, slot.inicio, slot.fin),
      idCentro: slot.idCentro,
      inicio: slot.inicio,
      fin: slot.fin,
    });
  }
}
