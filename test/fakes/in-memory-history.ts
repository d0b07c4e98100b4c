import { SerialTransactions } from '../../adapters/storage/serial-transactions';
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
  serial = new SerialTransactions();
  private entries: HistoryEntry[] = [];

  record(entry: HistoryEntry): Promise<void> {
    return this.serial.call(() => {
      this.entries.push(copyEntry(entry));
    });
  }

  listFor(idCita: number): Promise<HistoryEntry[]> {
    return this.serial.call(() => this.entries.filter((e) => e.idCita === idCita).map(copyEntry));
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
