import type { Cita } from '../../core/domain/appointment';
import { type CitasPolicy, citasPolicyOf } from '../../core/domain/citas-policy';
import { parseClinicDateTime } from '../../core/domain/clinic-time';
import type { Principal } from '../../core/domain/roles';
import { agendaUseCases } from '../../core/use-cases/agenda-use-cases';
import type { BookAppointmentInput } from '../../core/use-cases/book-appointment';
import { citasUseCases, type CitasPorts } from '../../core/use-cases/citas-use-cases';
import { type CitasStorage, inMemoryCitasFakes } from '../contracts/citas-storage';
import { FixedClock } from '../fakes/fixed-clock';
import { InMemoryDirectory } from '../fakes/in-memory-directory';
import { aCenter, aDoctor, aPatient } from './directory-cards';
import { anAdmin, callerOf } from './principals';

export type { CitasStorage };

export interface CitasWorldOptions {
  /** Default Monday 2026-03-02 09:00 in Madrid. */
  now?: string;
  policy?: Partial<CitasPolicy>;
  /** Default: the in-memory fakes. */
  storage?: CitasStorage;
}

/**
 * Every citas and agenda use case, wired by the same factories as the
 * container, to fakes (or to the storage given), with a directory holding
 * doctors 1–3, patients 1–4 and centers 1–2, all active. No doctor has a
 * schedule until a test sets one, so any future time is bookable.
 */
export function citasWorld(options: CitasWorldOptions = {}) {
  const clock = new FixedClock(options.now ?? '2026-03-02T08:00:00Z');
  const directory = new InMemoryDirectory();
  for (const id of [1, 2, 3]) directory.withDoctor(aDoctor().withId(id).build());
  for (const id of [1, 2, 3, 4]) directory.withPatient(aPatient().withId(id).build());
  for (const id of [1, 2]) directory.withCenter(aCenter().withId(id).build());

  const fakes = options.storage ? undefined : inMemoryCitasFakes();
  const storage: CitasStorage = options.storage ?? fakes!;
  const ports: CitasPorts = { ...storage, directory, clock };
  const policy = citasPolicyOf(options.policy);
  const tz = policy.timeZone;
  const useCases = { ...citasUseCases(ports, policy), ...agendaUseCases(ports, policy) };

  /** Books as `who` (default admin); `fecha` is read like the API reads it. */
  function bookAs(who: Principal = anAdmin(), fields: Partial<Omit<BookAppointmentInput, 'inicio'>> & { fecha?: string } = {}): Promise<Cita> {
    const { fecha = '2026-03-03T10:00:00', ...rest } = fields;
    return useCases.book
      .execute({ inicio: parseClinicDateTime(fecha, tz), motivo: 'Revisión', idPaciente: 1, idDoctor: 1, idCentro: 1, ...rest }, callerOf(who))
      .then((booking) => booking.cita);
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
