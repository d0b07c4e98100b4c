import type { Page, PageRequest } from '../domain/pagination';
import type { Rol } from '../domain/roles';
import type { NewUser, User } from '../domain/user';

export interface UserFilter {
  rol?: Rol;
}

/**
 * Login accounts. Synchronous on purpose: a doctor and its user are written
 * inside one UnitOfWork, whose work may not await (core/ports/unit-of-work.ts).
 */
export interface Users {
  /** Fails with USUARIO_DUPLICADO when the (normalised) username is taken, even by a concurrent writer. */
  add(user: NewUser): User;
  byId(id: number): User | undefined;
  /** Looks the username up in its normalised form. */
  byUsername(username: string): User | undefined;
  list(filter: UserFilter, page: PageRequest): Page<User>;
  count(): number;
  /** Deactivating also moves the user to a new token generation: its tokens stay dead if it is reactivated. */
  setActive(id: number, activo: boolean): void;
  /** The same password, hashed again (new parameters, normalization): its tokens stay valid. */
  setPasswordHash(id: number, passwordHash: string): void;
  /** A new password: its hash, and a new token generation, so every token issued before is refused. */
  replacePassword(id: number, passwordHash: string): void;
}
