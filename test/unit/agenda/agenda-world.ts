import { parseClinicDateTime } from '../../../core/domain/clinic-time';
import { AddAbsence } from '../../../core/use-cases/add-absence';
import { type AgendaPolicy, type AgendaPorts, agendaPolicyOf } from '../../../core/use-cases/agenda-context';
import { FindNextSlots } from '../../../core/use-cases/find-next-slots';
import { GetAvailability } from '../../../core/use-cases/get-availability';
import { GetSchedule } from '../../../core/use-cases/get-schedule';
import { ListAbsences } from '../../../core/use-cases/list-absences';
import { RemoveAbsence } from '../../../core/use-cases/remove-absence';
import { ScheduleAgendaRules } from '../../../core/use-cases/schedule-agenda-rules';
import { SetSchedule } from '../../../core/use-cases/set-schedule';
import { citasWorld } from '../../builders/citas-world';
import { callerOf } from '../../builders/principals';
import type { Principal } from '../../../core/domain/roles';
import { InMemoryAbsences, InMemorySchedules } from '../../fakes/in-memory-agenda';
import { InMemoryAppointments } from '../../fakes/in-memory-appointments';
import { InMemoryHistory } from '../../fakes/in-memory-history';
import { InMemoryOutbox } from '../../fakes/in-memory-outbox';
import { InMemoryUnitOfWork } from '../../fakes/in-memory-unit-of-work';

/**
 * The citas use cases (citasWorld: doctors 1-3, patients 1-4, centers 1-2,
 * now = Monday 2026-03-02 09:00 Madrid) with the agenda's booking rule plugged
 * in, plus the agenda use cases on the same fakes and unit of work.
 */
export function agendaWorld(options: { now?: string; policy?: Partial<AgendaPolicy> } = {}) {
  const schedules = new InMemorySchedules();
  const absences = new InMemoryAbsences();
  const appointments = new InMemoryAppointments();
  const history = new InMemoryHistory();
  const outbox = new InMemoryOutbox();
  const uow = new InMemoryUnitOfWork([appointments, history, outbox, schedules, absences]);
  const policy = agendaPolicyOf(options.policy);
  const citas = citasWorld({
    now: options.now,
    storage: { appointments, history, outbox, uow },
    agendaRules: new ScheduleAgendaRules({ schedules, absences }, policy.timeZone),
    policy: { timeZone: policy.timeZone },
  });
  const ports: AgendaPorts = { schedules, absences, appointments, directory: citas.directory, uow, clock: citas.clock };
  return {
    ...citas,
    agendaPorts: ports,
    agendaPolicy: policy,
    schedules,
    absences,
    appointments,
    outbox,
    setSchedule: new SetSchedule(ports, policy),
    getSchedule: new GetSchedule(ports),
    addAbsence: new AddAbsence(ports, policy),
    listAbsences: new ListAbsences(ports),
    removeAbsence: new RemoveAbsence(ports),
    availability: new GetAvailability(ports, policy),
    nextSlots: new FindNextSlots(ports, policy),
    caller: (p: Principal) => callerOf(p),
    at: (text: string) => parseClinicDateTime(text, policy.timeZone),
  };
}

export type AgendaWorld = ReturnType<typeof agendaWorld>;

/** Monday to Friday 09:00-14:00 at `idCentro`. */
export const MORNINGS = [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '14:00' }));
