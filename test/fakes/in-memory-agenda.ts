import { SerialTransactions } from '../../adapters/storage/serial-transactions';
import { type Ausencia, ausenciaTerminada, type NewAusencia } from '../../core/domain/absence';
import { offsetOf, type Page, pageOf, type PageRequest } from '../../core/domain/pagination';
import { type Horario, sortFranjas } from '../../core/domain/schedule';
import type { AbsenceFilter, Absences, Schedules } from '../../core/ports/agenda';
import type { Transactional } from './in-memory-unit-of-work';

/** Schedules in a Map; same contract as SqliteSchedules (test/adapters/agenda-contract.ts). */
export class InMemorySchedules implements Schedules, Transactional {
  serial = new SerialTransactions();
  private rows = new Map<string, Horario>();

  snapshot(): unknown {
    return structuredClone(this.rows);
  }

  restore(s: unknown): void {
    this.rows = structuredClone(s as Map<string, Horario>);
  }

  forDoctor(idDoctor: number): Promise<Horario[]> {
    return this.serial.call(() =>
      [...this.rows.values()]
        .filter((h) => h.idDoctor === idDoctor)
        .sort((a, b) => a.idCentro - b.idCentro)
        .map((h) => ({ ...h, franjas: sortFranjas(h.franjas).map((f) => ({ ...f })) })),
    );
  }

  replace(horario: Horario): Promise<void> {
    return this.serial.call(() => {
      const key = `${horario.idDoctor}/${horario.idCentro}`;
      if (horario.franjas.length === 0) this.rows.delete(key);
      else this.rows.set(key, { ...horario, franjas: horario.franjas.map((f) => ({ ...f })) });
    });
  }
}

export class InMemoryAbsences implements Absences, Transactional {
  serial = new SerialTransactions();
  private rows: Ausencia[] = [];
  private nextId = 1;

  snapshot(): unknown {
    return structuredClone({ rows: this.rows, nextId: this.nextId });
  }

  restore(s: unknown): void {
    const saved = structuredClone(s as { rows: Ausencia[]; nextId: number });
    this.rows = saved.rows;
    this.nextId = saved.nextId;
  }

  add(a: NewAusencia): Promise<Ausencia> {
    return this.serial.call(() => {
      const stored = { ...a, desde: new Date(a.desde.getTime()), hasta: new Date(a.hasta.getTime()), id: this.nextId++ };
      this.rows.push(stored);
      return { ...stored };
    });
  }

  byId(idDoctor: number, id: number): Promise<Ausencia | undefined> {
    return this.serial.call(() => {
      const a = this.rows.find((r) => r.id === id && r.idDoctor === idDoctor);
      return a && { ...a };
    });
  }

  remove(idDoctor: number, id: number): Promise<boolean> {
    return this.serial.call(() => {
      const i = this.rows.findIndex((r) => r.id === id && r.idDoctor === idDoctor);
      if (i < 0) return false;
      this.rows.splice(i, 1);
      return true;
    });
  }

  private sorted(match: (a: Ausencia) => boolean): Ausencia[] {
    return this.rows
      .filter(match)
      .sort((a, b) => a.desde.getTime() - b.desde.getTime() || a.id - b.id)
      .map((a) => ({ ...a }));
  }

  overlapping(idDoctor: number, desde: Date, hasta: Date): Promise<Ausencia[]> {
    return this.serial.call(() =>
      this.sorted((a) => a.idDoctor === idDoctor && a.desde.getTime() < hasta.getTime() && a.hasta.getTime() > desde.getTime()),
    );
  }

  list(idDoctor: number, filter: AbsenceFilter, page: PageRequest): Promise<Page<Ausencia>> {
    return this.serial.call(() => {
      const all = this.sorted(
        (a) =>
          a.idDoctor === idDoctor &&
          (!filter.desde || !ausenciaTerminada(a.hasta, filter.desde)) &&
          (!filter.hasta || a.desde.getTime() < filter.hasta.getTime()),
      );
      return pageOf(all.slice(offsetOf(page), offsetOf(page) + page.pageSize), page, all.length);
    });
  }
}
