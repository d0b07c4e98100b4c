import type { Page, PageRequest } from '../../core/domain/pagination';
import type { Rol } from '../../core/domain/roles';
import { duplicateUsername, type NewUser, normaliseUsername, type User } from '../../core/domain/user';
import type { UserFilter, Users } from '../../core/ports/users';
import { type UserRow, toUser } from '../storage/user-row';
import type { PgDatabase } from './pg-database';
import { sqlState } from './pg-database';
import { PgFilteredQuery, PgFilters } from './pg-filters';

/** True for PostgreSQL's unique violation on the username index (admin-migrations.ts names it). */
export function isDuplicateUsername(err: unknown): boolean {
  return sqlState(err) === '23505' && (err as { constraint?: unknown }).constraint === 'users_username_unique';
}

/** Login accounts in the admin database on PostgreSQL; the same semantics as adapters/sqlite/sqlite-users.ts. */
export class PgUsers implements Users {
  private readonly matching;

  constructor(private readonly db: PgDatabase) {
    this.matching = new PgFilteredQuery<UserRow, User>(db, { from: 'users', orderBy: 'id' }, toUser);
  }

  async add(user: NewUser): Promise<User> {
    const username = normaliseUsername(user.username);
    try {
      const [row] = await this.db.query<{ id: number }>(
        'INSERT INTO users (username, rol, password_hash, activo) VALUES ($1, $2, $3, $4) RETURNING id',
        [username, user.rol, user.passwordHash, user.activo],
      );
      return { ...user, username, id: row.id, tokenGeneration: 0 };
    } catch (err) {
      // The unique index, not the earlier lookup, is what settles two concurrent creates.
      if (isDuplicateUsername(err)) throw duplicateUsername(username);
      throw err;
    }
  }

  async byId(id: number): Promise<User | undefined> {
    const [row] = await this.db.query<UserRow>(`SELECT * FROM users WHERE id = $1${this.db.forUpdate()}`, [id]);
    return row && toUser(row);
  }

  async byIdShared(id: number): Promise<User | undefined> {
    const [row] = await this.db.query<UserRow>(`SELECT * FROM users WHERE id = $1${this.db.forShare()}`, [id]);
    return row && toUser(row);
  }

  async byUsername(username: string): Promise<User | undefined> {
    const [row] = await this.db.query<UserRow>('SELECT * FROM users WHERE lower(username) = $1', [normaliseUsername(username)]);
    return row && toUser(row);
  }

  list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
    const where = new PgFilters();
    if (filter.rol) where.add('rol = ?', filter.rol);
    return this.matching.page(where, page);
  }

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM users');
    return row.n;
  }

  async setActive(id: number, activo: boolean): Promise<void> {
    // Deactivating moves the token generation on, so reactivating brings no old token back.
    await this.db.query(
      'UPDATE users SET activo = $2, token_generation = token_generation + CASE WHEN $2 THEN 0 ELSE 1 END WHERE id = $1',
      [id, activo],
    );
  }

  // Compare and set on the hash the caller checked (core/ports/users.ts); one statement, so no lock is needed.
  async setPasswordHash(id: number, passwordHash: string, checked: string): Promise<boolean> {
    const rows = await this.db.query('UPDATE users SET password_hash = $2 WHERE id = $1 AND password_hash = $3 RETURNING id', [id, passwordHash, checked]);
    return rows.length === 1;
  }

  async replacePassword(id: number, passwordHash: string, checked?: string): Promise<boolean> {
    const rows = await this.db.query(
      'UPDATE users SET password_hash = $2, token_generation = token_generation + 1 WHERE id = $1 AND ($3::text IS NULL OR password_hash = $3) RETURNING id',
      [id, passwordHash, checked ?? null],
    );
    return rows.length === 1;
  }
}
