import { SerialTransactions } from '../../adapters/storage/serial-transactions';
import { type Cita, finOf, isActive, type NewCita } from '../../core/domain/appointment';
import { doctorBusy, patientBusy } from '../../core/domain/booking-refusals';
import { offsetOf, type Page, type PageRequest, pageOf } from '../../core/domain/pagination';
import type { AppointmentFilter, Appointments, OverlapQuery } from '../../core/ports/appointments';
import type { Transactional } from './in-memory-unit-of-work';

export function copyCita<T extends Cita | NewCita>(c: T): T {
  return { ...c, inicio: new Date(c.inicio.getTime()) };
}

function byStart(a: Cita, b: Cita): number {
  return a.inicio.getTime() - b.inicio.getTime() || a.id - b.id;
}

/** Appointments in a Map. Hands out copies, like a database would. */
export class InMemoryAppointments implements Appointments, Transactional {
  serial = new SerialTransactions();
  private rows = new Map<number, Cita>();
  private nextId = 1;

  byId(id: number): Promise<Cita | undefined> {
    return this.serial.call(() => {
      const c = this.rows.get(id);
      return c && copyCita(c);
    });
  }

  add(cita: NewCita): Promise<Cita> {
    return this.serial.call(() => {
      this.refuseDoubleBooking(cita);
      const stored: Cita = { ...copyCita(cita), id: this.nextId++ };
      this.rows.set(stored.id, stored);
      return copyCita(stored);
    });
  }

  update(cita: Cita): Promise<void> {
    return this.serial.call(() => {
      if (!this.rows.has(cita.id)) throw new Error(`update of unknown cita ${cita.id}`);
      this.refuseDoubleBooking(cita, cita.id);
      this.rows.set(cita.id, copyCita(cita));
    });
  }

  activeOverlapping(q: OverlapQuery): Promise<Cita[]> {
    return this.serial.call(() => this.overlapping(q));
  }

  private overlapping(q: OverlapQuery): Cita[] {
    const exclude = new Set(q.excludeIds ?? []);
    return [...this.rows.values()]
      .filter(
        (c) =>
          isActive(c) &&
          !exclude.has(c.id) &&
          (q.idDoctor === undefined || c.idDoctor === q.idDoctor) &&
          (q.idPaciente === undefined || c.idPaciente === q.idPaciente) &&
          c.inicio.getTime() < q.hasta.getTime() &&
          finOf(c).getTime() > q.desde.getTime(),
      )
      .sort(byStart)
      .map(copyCita);
  }

  /** What the SQLite triggers do. */
  private refuseDoubleBooking(c: NewCita, self?: number): void {
    if (!isActive(c)) return;
    const q = { desde: c.inicio, hasta: finOf(c), excludeIds: self === undefined ? [] : [self] };
    if (this.overlapping({ ...q, idDoctor: c.idDoctor }).length > 0) {
      throw doctorBusy();
    }
    if (this.overlapping({ ...q, idPaciente: c.idPaciente }).length > 0) {
      throw patientBusy();
    }
  }

  countFutureActive(idPaciente: number, now: Date): Promise<number> {
    return this.serial.call(
      () => [...this.rows.values()].filter((c) => c.idPaciente === idPaciente && isActive(c) && c.inicio.getTime() > now.getTime()).length,
    );
  }

  list(f: AppointmentFilter, page: PageRequest): Promise<Page<Cita>> {
    return this.serial.call(() => this.listed(f, page));
  }

  private listed(f: AppointmentFilter, page: PageRequest): Page<Cita> {
    const all = [...this.rows.values()]
      .filter(
        (c) =>
          (f.idDoctor === undefined || c.idDoctor === f.idDoctor) &&
          (f.idPaciente === undefined || c.idPaciente === f.idPaciente) &&
          (f.idCentro === undefined || c.idCentro === f.idCentro) &&
          (f.estado === undefined || c.estado === f.estado) &&
          (f.desde === undefined || c.inicio.getTime() >= f.desde.getTime()) &&
          (f.hasta === undefined || c.inicio.getTime() < f.hasta.getTime()),
      )
      .sort(byStart);
    const start = offsetOf(page);
    return pageOf(all.slice(start, start + page.pageSize).map(copyCita), page, all.length);
  }

  /** Every stored cita (tests' invariants). */
  all(): Cita[] {
    return [...this.rows.values()].sort((a, b) => a.id - b.id).map(copyCita);
  }

  snapshot(): unknown {
    return { rows: new Map([...this.rows].map(([k, v]) => [k, copyCita(v)])), nextId: this.nextId };
  }

  restore(s: unknown): void {
    const saved = s as { rows: Map<number, Cita>; nextId: number };
    this.rows = new Map([...saved.rows].map(([k, v]) => [k, copyCita(v)]));
    this.nextId = saved.nextId;
  }
}
