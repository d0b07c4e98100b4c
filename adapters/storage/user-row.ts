import type { Rol } from '../../core/domain/roles';
import type { User } from '../../core/domain/user';
import { flagOf, type StoredFlag } from './column-values';

/** A row of `users`, as both SqliteUsers and PgUsers read it. */
export interface UserRow {
  id: number;
  username: string;
  rol: Rol;
  password_hash: string;
  activo: StoredFlag;
  token_generation: number;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    rol: row.rol,
    passwordHash: row.password_hash,
    activo: flagOf(row.activo),
    tokenGeneration: row.token_generation,
  };
}
