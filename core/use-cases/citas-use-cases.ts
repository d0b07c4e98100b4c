import { type CitasPolicy, DEFAULT_CITAS_POLICY } from '../domain/citas-policy';
import type { Absences, Schedules } from '../ports/agenda';
import type { Appointments } from '../ports/appointments';
import type { Clock } from '../ports/clock';
import type { Directory } from '../ports/directory';
import type { AppointmentHistory } from '../ports/history';
import type { IdempotencyKeys } from '../ports/idempotency-keys';
import type { Outbox } from '../ports/outbox';
import type { UnitOfWork } from '../ports/unit-of-work';
import { BookAppointment } from './book-appointment';
import { CancelAppointment } from './cancel-appointment';
import { ChangeAppointmentStatus } from './change-appointment-status';
import { GetAppointment } from './get-appointment';
import { GetAppointmentHistory } from './get-appointment-history';
import { ListAppointments } from './list-appointments';
import { RescheduleAppointment } from './reschedule-appointment';

/** What the citas service's use cases are built from: its own storage, the directory (admin over HTTP), the clock. */
export interface CitasPorts {
  appointments: Appointments;
  history: AppointmentHistory;
  outbox: Outbox;
  schedules: Schedules;
  absences: Absences;
  directory: Directory;
  uow: UnitOfWork;
  clock: Clock;
  /** The answers stored under Idempotency-Keys (POST /citas, PUT and DELETE /citas/{id}). */
  idempotencyKeys: IdempotencyKeys;
}

/**
 * Every citas use case wired to one set of ports: the container passes the
 * SQLite adapters and the remote directory, the test worlds the in-memory
 * fakes (or SQLite), so all of them wire alike.
 */
export function citasUseCases(ports: CitasPorts, policy: CitasPolicy = DEFAULT_CITAS_POLICY) {
  return {
    book: new BookAppointment(ports, policy),
    list: new ListAppointments(ports, policy),
    get: new GetAppointment(ports),
    cancel: new CancelAppointment(ports, policy),
    changeStatus: new ChangeAppointmentStatus(ports, policy),
    reschedule: new RescheduleAppointment(ports, policy),
    history: new GetAppointmentHistory(ports),
  };
}

export type CitasUseCases = ReturnType<typeof citasUseCases>;
