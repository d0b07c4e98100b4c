import type { Center, NewCenter } from '../../core/domain/center';
import type { Page, PageRequest } from '../../core/domain/pagination';
import type { CenterFilter, Centers } from '../../core/ports/centers';
import { InMemoryRecords, nameMatches } from './in-memory-records';

export class InMemoryCenters extends InMemoryRecords<Center> implements Centers {
  add(center: NewCenter): Promise<Center> {
    return this.serial.call(() => this.insert(center));
  }

  list(filter: CenterFilter, page: PageRequest): Promise<Page<Center>> {
    return this.serial.call(() =>
      this.page((c) => nameMatches(c.nombre, filter.q) && (filter.activo === undefined || c.activo === filter.activo), page),
    );
  }
}
