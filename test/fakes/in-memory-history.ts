import type { AppointmentHistory, HistoryEntry } from '../../core/ports/history';
import { copyCita } from './in-memory-appointments';
import type { Transactional } from './in-memory-unit-of-work';

function copyEntry(e: HistoryEntry): HistoryEntry {
  return {
    ...e,
    cuando: new Date(e.cuando.getTime()),
    antes: e.antes && copyCita(e.antes),
    despues: e.despues && copyCita(e.despues),
  };
}

export class InMemoryHistory implements AppointmentHistory, Transactional {
  private entries: HistoryEntry[] = [];

  record(entry: HistoryEntry): void {
    this.entries.push(copyEntry(entry));
  }

  listFor(idCita: number): HistoryEntry[] {
    return this.entries.filter((e) => e.idCita === idCita).map(copyEntry);
  }

  all(): HistoryEntry[] {
    return this.entries.map(copyEntry);
  }

  snapshot(): unknown {
    return this.entries.map(copyEntry);
  }

  restore(s: unknown): void {
    this.entries = (s as HistoryEntry[]).map(copyEntry);
  }
}
