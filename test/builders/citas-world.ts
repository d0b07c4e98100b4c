import type { Cita } from '../../core/domain/appointment';
import { parseClinicDateTime } from '../../core/domain/clinic-time';
import type { Principal } from '../../core/domain/roles';
import { ALLOW_ANY_SLOT, type AgendaRules } from '../../core/ports/agenda-rules';
import type { Appointments } from '../../core/ports/appointments';
import type { AppointmentHistory } from '../../core/ports/history';
import type { Outbox } from '../../core/ports/outbox';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { GetAppointmentHistory } from '../../core/use-cases/appointment-history';
import { BookAppointment, type BookAppointmentInput } from '../../core/use-cases/book-appointment';
import { CancelAppointment } from '../../core/use-cases/cancel-appointment';
import { ChangeAppointmentStatus } from '../../core/use-cases/change-appointment-status';
import { type CitasPolicy, type CitasPorts, policyOf } from '../../core/use-cases/citas-context';
import { GetAppointment } from '../../core/use-cases/get-appointment';
import { ListAppointments } from '../../core/use-cases/list-appointments';
import { RescheduleAppointment } from '../../core/use-cases/reschedule-appointment';
import { FixedClock } from '../fakes/fixed-clock';
import { InMemoryAppointments } from '../fakes/in-memory-appointments';
import { InMemoryDirectory } from '../fakes/in-memory-directory';
import { InMemoryHistory } from '../fakes/in-memory-history';
import { InMemoryOutbox } from '../fakes/in-memory-outbox';
import { InMemoryUnitOfWork } from '../fakes/in-memory-unit-of-work';
import { aCenter, aDoctor, aPatient } from './directory-cards';
import { anAdmin, callerOf } from './principals';

export interface CitasStorage {
  appointments: Appointments;
  history: AppointmentHistory;
  outbox: Outbox;
  uow: UnitOfWork;
}

export interface CitasWorldOptions {
  /** Default Monday 2026-03-02 09:00 in Madrid. */
  now?: string;
  policy?: Partial<CitasPolicy>;
  agendaRules?: AgendaRules;
  /** Default: the in-memory fakes. */
  storage?: CitasStorage;
}

/**
 * Every citas use case wired to fakes (or to the storage given), with a
 * directory holding doctors 1–3, patients 1–4 and centers 1–2, all active.
 */
export function citasWorld(options: CitasWorldOptions = {}) {
  const clock = new FixedClock(options.now ?? '2026-03-02T08:00:00Z');
  const directory = new InMemoryDirectory();
  for (const id of [1, 2, 3]) directory.withDoctor(aDoctor().withId(id).build());
  for (const id of [1, 2, 3, 4]) directory.withPatient(aPatient().withId(id).build());
  for (const id of [1, 2]) directory.withCenter(aCenter().withId(id).build());

  let storage = options.storage;
  let fakes: { appointments: InMemoryAppointments; history: InMemoryHistory; outbox: InMemoryOutbox } | undefined;
  if (!storage) {
    fakes = { appointments: new InMemoryAppointments(), history: new InMemoryHistory(), outbox: new InMemoryOutbox() };
    storage = { ...fakes, uow: new InMemoryUnitOfWork([fakes.appointments, fakes.history, fakes.outbox]) };
  }
  const ports: CitasPorts = { ...storage, directory, clock, agendaRules: options.agendaRules ?? ALLOW_ANY_SLOT };
  const policy = policyOf(options.policy);
  const tz = policy.timeZone;

  const useCases = {
    book: new BookAppointment(ports, policy),
    cancel: new CancelAppointment(ports, policy),
    reschedule: new RescheduleAppointment(ports, policy),
    changeStatus: new ChangeAppointmentStatus(ports, policy),
    get: new GetAppointment(ports),
    list: new ListAppointments(ports, policy),
    history: new GetAppointmentHistory(ports),
  };

  /** Books as `who` (default admin); `fecha` is read like the API reads it. */
  function bookAs(who: Principal = anAdmin(), fields: Partial<Omit<BookAppointmentInput, 'inicio'>> & { fecha?: string } = {}): Promise<Cita> {
    const { fecha = '2026-03-03T10:00:00', ...rest } = fields;
    return useCases.book.execute(
      { inicio: parseClinicDateTime(fecha, tz), motivo: 'Revisión', idPaciente: 1, idDoctor: 1, idCentro: 1, ...rest },
      callerOf(who),
    );
  }

  return {
    ports,
    policy,
    clock,
    directory,
    fakes,
    ...useCases,
    bookAs,
    at: (fecha: string) => parseClinicDateTime(fecha, tz),
    directoryCaller: callerOf,
  };
}

export type CitasWorld = ReturnType<typeof citasWorld>;
