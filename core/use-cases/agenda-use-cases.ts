import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import { AddAbsence } from './add-absence';
import type { CitasPorts } from './citas-use-cases';
import { FindNextSlots } from './find-next-slots';
import { GetAbsence } from './get-absence';
import { GetAvailability } from './get-availability';
import { GetSchedule } from './get-schedule';
import { ListAbsences } from './list-absences';
import { RemoveAbsence } from './remove-absence';
import { SetSchedule } from './set-schedule';

/** Every agenda use case (schedules, absences, availability) wired to the citas service's ports, like citasUseCases. */
export function agendaUseCases(ports: CitasPorts, policy: CitasPolicy = DEFAULT_CITAS_POLICY) {
  return {
    setSchedule: new SetSchedule(ports, policy),
    getSchedule: new GetSchedule(ports),
    addAbsence: new AddAbsence(ports, policy),
    listAbsences: new ListAbsences(ports),
    getAbsence: new GetAbsence(ports),
    removeAbsence: new RemoveAbsence(ports),
    availability: new GetAvailability(ports, policy),
    nextSlots: new FindNextSlots(ports, policy),
  };
}

export type AgendaUseCases = ReturnType<typeof agendaUseCases>;
