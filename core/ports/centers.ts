import type { Center, NewCenter } from '../domain/center';
import type { Page, PageRequest } from '../domain/pagination';

export interface CenterFilter {
  q?: string;
  activo?: boolean;
}

export interface Centers {
  add(center: NewCenter): Promise<Center>;
  byId(id: number): Promise<Center | undefined>;
  list(filter: CenterFilter, page: PageRequest): Promise<Page<Center>>;
  update(center: Center): Promise<Center>;
}
