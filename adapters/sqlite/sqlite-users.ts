import type { Page, PageRequest } from '../../core/domain/pagination';
import type { Rol } from '../../core/domain/roles';
import { duplicateUsername, type NewUser, normaliseUsername, type User } from '../../core/domain/user';
import type { UserFilter, Users } from '../../core/ports/users';
import { type UserRow, toUser } from '../storage/user-row';
import { FilteredQuery, Filters } from './filter-query';
import { type Db, serialOf, writeOf } from './open-database';

/** True for SQLite's unique-constraint failure on the username index. */
export function isDuplicateUsername(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof e.message === 'string' && e.message.includes('users');
}

export class SqliteUsers implements Users {
  private readonly serial;
  private readonly write;
  private readonly insert;
  private readonly selectById;
  private readonly selectByUsername;
  private readonly countAll;
  private readonly updateActive;
  private readonly updatePasswordHash;
  private readonly updatePassword;
  private readonly matching;

  constructor(db: Db) {
    this.serial = serialOf(db);
    this.write = writeOf(db);
    this.insert = db.prepare<[string, Rol, string, number]>('INSERT INTO users (username, rol, password_hash, activo) VALUES (?, ?, ?, ?)');
    this.selectById = db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?');
    this.selectByUsername = db.prepare<[string], UserRow>('SELECT * FROM users WHERE lower(username) = ?');
    this.countAll = db.prepare<[], number>('SELECT count(*) FROM users').pluck();
    // Deactivating moves the token generation on, so reactivating brings no old token back.
    this.updateActive = db.prepare<{ id: number; activo: number }>(
      'UPDATE users SET activo = @activo, token_generation = token_generation + (1 - @activo) WHERE id = @id',
    );
    // Compare and set on the hash the caller checked (core/ports/users.ts): NULL checked = unconditional.
    this.updatePasswordHash = db.prepare<[string, number, string]>('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?');
    this.updatePassword = db.prepare<{ hash: string; id: number; checked: string | null }>(
      'UPDATE users SET password_hash = @hash, token_generation = token_generation + 1 WHERE id = @id AND (@checked IS NULL OR password_hash = @checked)',
    );
    this.matching = new FilteredQuery(db, { from: 'users', orderBy: 'id' }, toUser);
  }

  add(user: NewUser): Promise<User> {
    return this.write(() => {
      const username = normaliseUsername(user.username);
      try {
        const info = this.insert.run(username, user.rol, user.passwordHash, user.activo ? 1 : 0);
        return { ...user, username, id: Number(info.lastInsertRowid), tokenGeneration: 0 };
      } catch (err) {
        // The unique index, not the earlier lookup, is what settles two concurrent creates.
        if (isDuplicateUsername(err)) throw duplicateUsername(username);
        throw err;
      }
    });
  }

  byId(id: number): Promise<User | undefined> {
    return this.serial.call(() => {
      const row = this.selectById.get(id);
      return row && toUser(row);
    });
  }

  /** A unit of work is the only writer of the file (open-database.ts): no lock to choose, so it is byId. */
  byIdShared(id: number): Promise<User | undefined> {
    return this.byId(id);
  }

  byUsername(username: string): Promise<User | undefined> {
    return this.serial.call(() => {
      const row = this.selectByUsername.get(normaliseUsername(username));
      return row && toUser(row);
    });
  }

  list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    return this.serial.call(() => {
      const where = new Filters();
      if (filter.rol) where.add('rol = ?', filter.rol);
      return this.matching.page(where, page);
    });
  }

  count(): Promise<number> {
    return this.serial.call(() => this.countAll.get() ?? 0);
  }

  setActive(id: number, activo: boolean): Promise<void> {
    return this.write(() => {
      this.updateActive.run({ id, activo: activo ? 1 : 0 });
    });
  }

  setPasswordHash(id: number, passwordHash: string, checked: string): Promise<boolean> {
    return this.write(() => this.updatePasswordHash.run(passwordHash, id, checked).changes === 1);
  }

  replacePassword(id: number, passwordHash: string, checked?: string): Promise<boolean> {
    return this.write(() => this.updatePassword.run({ hash: passwordHash, id, checked: checked ?? null }).changes === 1);
  }
}
