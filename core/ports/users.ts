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
  /** Inside a unit of work, the row is read to be changed: no other run changes or so reads it until this one ends. */
  byId(id: number): Promise<User | undefined>;
  /**
   * byId for a row the run relies on without changing it (the author of an
   * admin write: core/use-cases/admin-writes.ts): inside a unit of work, no
   * other run changes it until this one ends, but other runs may read it so
   * at the same time (PostgreSQL: FOR SHARE, where byId is FOR UPDATE). A
   * run that will change the row itself reads it with byId from the start:
   * two that held it so and then both changed it would wait for each other.
   * On SQLite a unit of work is already the only writer, so it is byId.
   * Outside a unit of work, byId.
   */
  byIdShared(id: number): Promise<User | undefined>;
  /** Looks the username up in its normalised form. */
  byUsername(username: string): Promise<User | undefined>;
  list(filter: UserFilter, page: PageRequest): Promise<Page<User>>;
  count(): Promise<number>;
  /** Deactivating also moves the user to a new token generation: its tokens stay dead if it is reactivated. */
  setActive(id: number, activo: boolean): Promise<void>;
  /**
   * The same password, hashed again (new parameters, normalization): its
   * tokens stay valid. Written only while the stored hash is still `checked`,
   * the one the password was verified against; false when another write came
   * first (a new password must never be overwritten by the old one's hash).
   */
  setPasswordHash(id: number, passwordHash: string, checked: string): Promise<boolean>;
  /**
   * A new password: its hash, and a new token generation, so every token
   * issued before is refused. With `checked` (the user proved the hash
   * stored then), written only while that hash is still stored, false
   * otherwise; without it (an admin's reset), always.
   */
  replacePassword(id: number, passwordHash: string, checked?: string): Promise<boolean>;
}
