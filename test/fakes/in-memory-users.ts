import type { Page, PageRequest } from '../../core/domain/pagination';
import { duplicateUsername, type NewUser, normaliseUsername, type User } from '../../core/domain/user';
import type { UserFilter, Users } from '../../core/ports/users';
import { InMemoryRecords } from './in-memory-records';

export class InMemoryUsers extends InMemoryRecords<User> implements Users {
  /** An account that exists before the test starts (the admin the use cases act as), as InMemoryDirectory's with* do. */
  withUser(user: NewUser): this {
    this.insert({ ...user, username: normaliseUsername(user.username), tokenGeneration: 0 });
    return this;
  }

  add(user: NewUser): Promise<User> {
    return this.serial.call(() => {
      const username = normaliseUsername(user.username);
      if (this.withUsername(username)) throw duplicateUsername(username);
      return this.insert({ ...user, username, tokenGeneration: 0 });
    });
  }

  /** One unit of work at a time here too (InMemoryUnitOfWork), as on SQLite: it is byId. */
  byIdShared(id: number): Promise<User | undefined> {
    return this.byId(id);
  }

  byUsername(username: string): Promise<User | undefined> {
    return this.serial.call(() => this.withUsername(username));
  }

  list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    return this.serial.call(() => this.page((u) => filter.rol === undefined || u.rol === filter.rol, page));
  }

  count(): Promise<number> {
    return this.serial.call(() => this.rows.size);
  }

  setActive(id: number, activo: boolean): Promise<void> {
    return this.serial.call(() => {
      const u = this.rows.get(id);
      if (u) this.rows.set(id, { ...u, activo, tokenGeneration: u.tokenGeneration + (activo ? 0 : 1) });
    });
  }

  setPasswordHash(id: number, passwordHash: string, checked: string): Promise<boolean> {
    return this.serial.call(() => {
      const u = this.rows.get(id);
      if (!u || u.passwordHash !== checked) return false;
      this.rows.set(id, { ...u, passwordHash });
      return true;
    });
  }

  replacePassword(id: number, passwordHash: string, checked?: string): Promise<boolean> {
    return this.serial.call(() => {
      const u = this.rows.get(id);
      if (!u || (checked !== undefined && u.passwordHash !== checked)) return false;
      this.rows.set(id, { ...u, passwordHash, tokenGeneration: u.tokenGeneration + 1 });
      return true;
    });
  }

  private withUsername(username: string): User | undefined {
    const wanted = normaliseUsername(username);
    return this.find((u) => u.username === wanted);
  }
}
