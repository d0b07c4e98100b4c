export interface PageRequest {
  page: number; // 1-based
  pageSize: number; // 1..100
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export const MAX_PAGE_SIZE = 100;

export function offsetOf(req: PageRequest): number {
  return (req.page - 1) * req.pageSize;
}

export function pageOf<T>(items: T[], req: PageRequest, total: number): Page<T> {
  return { items, page: req.page, pageSize: req.pageSize, total };
}
