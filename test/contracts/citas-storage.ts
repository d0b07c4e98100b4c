import type { Appointments } from '../../core/ports/appointments';
import type { AppointmentHistory } from '../../core/ports/history';
import type { Outbox, OutboxQueue } from '../../core/ports/outbox';
import type { UnitOfWork } from '../../core/ports/unit-of-work';
import { InMemoryAppointments } from '../fakes/in-memory-appointments';
import { InMemoryHistory } from '../fakes/in-memory-history';
import { InMemoryOutbox } from '../fakes/in-memory-outbox';
import { InMemoryUnitOfWork } from '../fakes/in-memory-unit-of-work';

/** One implementation of the citas storage ports, fresh and empty, and how to dispose of it. */
export interface CitasStorageUnderTest {
  storage: {
    appointments: Appointments;
    history: AppointmentHistory;
    outbox: Outbox & OutboxQueue;
    uow: UnitOfWork;
  };
  close(): void;
}

export type MakeCitasStorage = () => CitasStorageUnderTest;

export const inMemoryCitasStorage: MakeCitasStorage = () => {
  const appointments = new InMemoryAppointments();
  const history = new InMemoryHistory();
  const outbox = new InMemoryOutbox();
  return { storage: { appointments, history, outbox, uow: new InMemoryUnitOfWork([appointments, history, outbox]) }, close() {} };
};
