/** The interval a booking wants, for the agenda's rules. */
export interface AgendaSlot {
  idDoctor: number;
  idCentro: number;
  inicio: Date;
  fin: Date;
}

/**
 * Rules from the doctor's agenda (schedules, absences). Called by the booking
 * and change use cases INSIDE their transaction, so it is synchronous and
 * reads the same snapshot. Throws DomainError FUERA_DE_HORARIO or
 * DOCTOR_AUSENTE when the slot is not bookable.
 */
export interface AgendaRules {
  check(slot: AgendaSlot): void;
}

/** Until the agenda is wired in: a doctor without a schedule can be booked at any time. */
export const ALLOW_ANY_SLOT: AgendaRules = {
  check(): void {},
};
