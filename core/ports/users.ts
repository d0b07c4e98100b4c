import type { Page, PageRequest } from '../domain/pagination';
import type { Rol } from '../domain/roles';
import type { NewUser, User } from '../domain/user';

export interface UserFilter {
  rol?: Rol;
}

/**
 * Login accounts. A doctor and its user are written inside one UnitOfWork
 * (core/ports/unit-of-work.ts).
 */
export interface Users {
  /** Fails with USUARIO_DUPLICADO when the (normalised) username is taken, even by a concurrent writer. */
  add(user: NewUser): Promise<User>;
  byId(id: number): Promise<User | undefined>;
  /** Looks the username up in its normalised form. */
  byUsername(username: string): Promise<User | undefined>;
  list(filter: UserFilter, page: PageRequest): Promise<Page<User>>;
  count(): Promise<number>;
  /** Deactivating also moves the user to a new token generation: its tokens stay dead if it is reactivated. */
  setActive(id: number, activo: boolean): Promise<void>;
  /** The same password, hashed again (new parameters, normalization): its tokens stay valid. */
  setPasswordHash(id: number, passwordHash: string): Promise<void>;
  /** A new password: its hash, and a new token generation, so every token issued before is refused. */
  replacePassword(id: number, passwordHash: string): Promise<void>;
}
