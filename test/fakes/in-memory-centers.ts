import type { Center, NewCenter } from '../../core/domain/center';
import type { Page, PageRequest } from '../../core/domain/pagination';
import type { CenterFilter, Centers } from '../../core/ports/centers';
import { InMemoryRecords, nameMatches } from './in-memory-records';

export class InMemoryCenters extends InMemoryRecords<Center> implements Centers {
  add(center: NewCenter): Center {
    return this.insert(center);
  }

  list(filter: CenterFilter, page: PageRequest): Page<Center> {
    return this.page((c) => nameMatches(c.nombre, filter.q) && (filter.activo === undefined || c.activo === filter.activo), page);
  }
}
