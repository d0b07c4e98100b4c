import type { Page, PageRequest } from '../../core/domain/pagination';
import { duplicateUsername, type NewUser, normaliseUsername, type User } from '../../core/domain/user';
import type { UserFilter, Users } from '../../core/ports/users';
import { InMemoryRecords } from './in-memory-records';

export class InMemoryUsers extends InMemoryRecords<User> implements Users {
  add(user: NewUser): User {
    const username = normaliseUsername(user.username);
    if (this.byUsername(username)) throw duplicateUsername(username);
    return this.insert({ ...user, username, tokenGeneration: 0 });
  }

  byUsername(username: string): User | undefined {
    const wanted = normaliseUsername(username);
    return this.find((u) => u.username === wanted);
  }

  list(filter: UserFilter, page: PageRequest): Page<User> {
    return this.page((u) => filter.rol === undefined || u.rol === filter.rol, page);
  }

  count(): number {
    return this.rows.size;
  }

  setActive(id: number, activo: boolean): void {
    const u = this.rows.get(id);
    if (u) this.rows.set(id, { ...u, activo, tokenGeneration: u.tokenGeneration + (activo ? 0 : 1) });
  }

  setPasswordHash(id: number, passwordHash: string): void {
    const u = this.rows.get(id);
    if (u) this.rows.set(id, { ...u, passwordHash });
  }

  replacePassword(id: number, passwordHash: string): void {
    const u = this.rows.get(id);
    if (u) this.rows.set(id, { ...u, passwordHash, tokenGeneration: u.tokenGeneration + 1 });
  }
}
