import type { CitasPolicy } from '../../../core/domain/citas-policy';
import type { Principal } from '../../../core/domain/roles';
import { citasWorld } from '../../builders/citas-world';
import { callerOf } from '../../builders/principals';

/**
 * citasWorld (doctors 1-3, patients 1-4, centers 1-2, now = Monday
 * 2026-03-02 09:00 Madrid, the in-memory fakes), with the agenda's fakes at
 * hand: the same use cases and unit of work, nothing wired apart.
 */
export function agendaWorld(options: { now?: string; policy?: Partial<CitasPolicy> } = {}) {
  const w = citasWorld(options);
  const fakes = w.fakes!;
  return {
    ...w,
    schedules: fakes.schedules,
    absences: fakes.absences,
    appointments: fakes.appointments,
    outbox: fakes.outbox,
    caller: (p: Principal) => callerOf(p),
  };
}

export type AgendaWorld = ReturnType<typeof agendaWorld>;

/** Monday to Friday 09:00-14:00 at `idCentro`. */
export const MORNINGS = [1, 2, 3, 4, 5].map((dia) => ({ dia, desde: '09:00', hasta: '14:00' }));
