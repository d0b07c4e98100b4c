import type { Center, NewCenter } from '../domain/center';
import type { Page, PageRequest } from '../domain/pagination';

export interface CenterFilter {
  q?: string;
  activo?: boolean;
}

export interface Centers {
  add(center: NewCenter): Center;
  byId(id: number): Center | undefined;
  list(filter: CenterFilter, page: PageRequest): Page<Center>;
  update(center: Center): Center;
}
