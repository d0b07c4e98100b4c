import { normalisePhone } from '../core/domain/patient';
import { searchKey } from '../core/domain/text';
import { normaliseUsername } from '../core/domain/user';
import { type ApiClient, problemOf, type SessionUser } from './api-client';
import type { Kind } from './files';

/**
 * What a 409 from a create means. The admin service answers 409 when the
 * username is taken, but not by whom: by the row's own account (loaded by an
 * earlier run: "ya existía") or by another one (a secretaria, a patient,
 * another doctor: the row was never created and must be reported). This
 * module tells them apart.
 *
 * Only rows that met a 409 pay for it, and not one request each: the users
 * list (every page) is fetched the first time a 409 needs it, the doctors
 * and patients lists likewise, and every later 409 is answered from them. A
 * first run meets one 409, the bootstrap admin of usuarios.csv, which is the
 * account the loader logged in as and needs no list. Passwords cannot be
 * read back, so a password that differs from the CSV's is not a difference.
 */
export type Verdict =
  /** The account is the row's. `id` of its doctor or patient while active (a booking candidate); `note` what differs from the CSV. */
  | { same: true; id?: number; note?: string }
  /** The username belongs to someone else (`held`), or to no one: `detail` says who, or that no one. */
  | { same: false; detail: string; held: boolean };

interface UserItem {
  id_user: number;
  username: string;
  rol: string;
  activo?: boolean;
}

interface DoctorItem {
  id_doctor: number;
  id_user: number;
  nombre: string;
  especialidad: string;
  activo: boolean;
}

interface PatientItem {
  id_paciente: number;
  id_user: number;
  nombre: string;
  telefono: string;
  estado: string;
}

/** A list of the admin service could not be read: the rows waiting on it cannot be checked. */
export class ListingError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`No se pudo listar ${path}: ${code} — ${detail}`);
    this.name = 'ListingError';
  }
}

const PAGE_SIZE = 100;

/** Every item of a paginated admin list, page after page; `filters` as its query (`q`: part of the name). */
export async function listAll<T>(api: ApiClient, path: string, filters: Record<string, string> = {}): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const query = new URLSearchParams({ ...filters, page: String(page), page_size: String(PAGE_SIZE) });
    const answer = await api.get('admin', `${path}?${query}`);
    if (answer.status !== 200) {
      const p = problemOf(answer);
      throw new ListingError(path, p.code, p.detail);
    }
    const body = answer.body as { items?: unknown; total?: unknown } | null | undefined;
    // A 200 that is not a page (a proxy's HTML page, an empty body): unreadable, as a 500 is.
    if (typeof body !== 'object' || body === null || !Array.isArray(body.items) || typeof body.total !== 'number') {
      throw new ListingError(path, 'RESPUESTA_ILEGIBLE', `Admin respondió ${answer.status} con algo que no es una página de la lista.`);
    }
    items.push(...(body.items as T[]));
    if (page * PAGE_SIZE >= body.total || body.items.length === 0) return items;
  }
}

/** One reading of a list: when it started (the ticks of ExistingAccounts) and its index, once read. */
interface Reading<K, T> {
  startedAt: number;
  index: Promise<Map<K, T>>;
}

/**
 * One list, fetched when first asked and indexed. Asked for a key it lacks,
 * it is fetched again only if it started before the question: the account
 * was then created since (by someone else while the loader ran); a listing
 * that started after the question is the answer, so no key costs more than
 * one new listing, shared by every row waiting at the time.
 *
 * A listing that fails is not kept: the rows waiting on it share its
 * failure (their outcome is unknown), and the next row that asks reads the
 * list again, so one hiccup of admin does not leave every later 409 of the
 * run unknown. Still one listing in flight at a time, and one only when a
 * row needs it. Waiting before a read is api-client's rule (a 429/503 waited
 * out as its Retry-After says), not this one's.
 */
class Listing<K, T> {
  private current: Reading<K, T> | undefined;

  constructor(
    private readonly fetch: () => Promise<Map<K, T>>,
    private readonly clock: () => number,
  ) {}

  async find(key: K, askedAt: number): Promise<T | undefined> {
    for (;;) {
      const listing = (this.current ??= this.begin());
      const found = (await listing.index).get(key);
      if (found !== undefined || listing.startedAt > askedAt) return found;
      this.forget(listing);
    }
  }

  private begin(): Reading<K, T> {
    const listing = { startedAt: this.clock(), index: this.fetch() };
    // a failed reading is not the list: the rows waiting on it get its failure, the next question reads again
    listing.index.catch(() => this.forget(listing));
    return listing;
  }

  /** The next question starts a new listing (unless one already has). */
  private forget(listing: Reading<K, T>): void {
    if (this.current === listing) this.current = undefined;
  }
}

function indexBy<K, T>(items: T[], key: (item: T) => K): Map<K, T> {
  return new Map(items.map((item) => [key(item), item]));
}

/** Names are written by people: one with other spacing, case or accents is still the same person. */
const samePerson = (a: string, b: string): boolean => searchKey(a) === searchKey(b);

/** How admin stores a name (trimmed, single-spaced), to say whether the CSV wrote it otherwise. */
const cleanText = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Admin stores +34XXXXXXXXX; the CSV may write "664 09 72 52" for the same phone. */
const samePhone = (stored: string, csv: string): boolean => (normalisePhone(stored) ?? stored) === (normalisePhone(csv) ?? csv);

function difference(field: string, stored: string, csv: string): string {
  return `${field} "${stored}" (en el CSV "${csv}")`;
}

export class ExistingAccounts {
  private ticks = 0;
  private readonly clock = (): number => ++this.ticks;
  private readonly users: Listing<string, UserItem>;
  /** Doctors and patients by the id of their user. */
  private readonly doctors: Listing<number, DoctorItem>;
  private readonly patients: Listing<number, PatientItem>;

  constructor(private readonly api: ApiClient) {
    this.users = new Listing(async () => indexBy(await listAll<UserItem>(api, '/admin/usuario'), (u) => normaliseUsername(u.username)), this.clock);
    this.doctors = new Listing(async () => indexBy(await listAll<DoctorItem>(api, '/admin/doctores'), (d) => d.id_user), this.clock);
    this.patients = new Listing(async () => indexBy(await listAll<PatientItem>(api, '/admin/pacientes'), (p) => p.id_user), this.clock);
  }

  /** Whether the account that made a create of this row answer 409 is the row's. */
  async check(kind: Exclude<Kind, 'centro'>, body: Record<string, string>): Promise<Verdict> {
    const askedAt = this.clock();
    const username = normaliseUsername(body.username ?? '');
    const holder = this.loggedIn(username) ?? (await this.users.find(username, askedAt));
    const notCreated =
      kind === 'usuario'
        ? `esta fila (rol ${body.rol}) no se ha creado`
        : `el ${kind} "${body.nombre}" de esta fila no se ha creado`;
    if (!holder) {
      return {
        same: false,
        held: false,
        detail: `El servicio admin dice que el usuario "${username}" ya existe, pero no aparece en GET /admin/usuario: ${notCreated}.`,
      };
    }
    const taken = async (): Promise<Verdict> => ({
      same: false,
      held: true,
      detail: `El usuario "${username}" ya lo tiene ${await this.describe(holder, askedAt)}: ${notCreated}; use otro username en esa fila.`,
    });
    const noted = (differences: string[], id?: number): Verdict => ({
      same: true,
      id,
      note: differences.length ? `El usuario "${username}" ya existía; difiere del CSV en ${differences.join(', ')}, y el cargador no lo cambia.` : undefined,
    });

    if (kind === 'usuario') {
      if (holder.rol !== body.rol) return taken();
      return noted(holder.activo === false ? ['que la cuenta está dada de baja'] : []);
    }
    if (kind === 'doctor') {
      const doctor = holder.rol === 'medico' ? await this.doctors.find(holder.id_user, askedAt) : undefined;
      if (!doctor || !samePerson(doctor.nombre, body.nombre)) return taken();
      const differences = [
        ...(doctor.nombre !== cleanText(body.nombre) ? [difference('nombre', doctor.nombre, body.nombre)] : []),
        ...(doctor.especialidad !== cleanText(body.especialidad) ? [difference('especialidad', doctor.especialidad, body.especialidad)] : []),
        ...(doctor.activo ? [] : ['que el doctor está dado de baja']),
      ];
      return noted(differences, doctor.activo ? doctor.id_doctor : undefined);
    }
    const patient = holder.rol === 'paciente' ? await this.patients.find(holder.id_user, askedAt) : undefined;
    if (!patient || !samePerson(patient.nombre, body.nombre)) return taken();
    const estado = body.estado ?? 'ACTIVO';
    const differences = [
      ...(patient.nombre !== cleanText(body.nombre) ? [difference('nombre', patient.nombre, body.nombre)] : []),
      ...(samePhone(patient.telefono, body.telefono) ? [] : [difference('telefono', patient.telefono, body.telefono)]),
      ...(patient.estado !== estado ? [difference('estado', patient.estado, estado)] : []),
    ];
    return noted(differences, patient.estado === 'ACTIVO' ? patient.id_paciente : undefined);
  }

  /** The account the loader logged in as: known without listing anything (the bootstrap admin row of every run). */
  private loggedIn(username: string): UserItem | undefined {
    const session: SessionUser | undefined = this.api.session;
    return session && normaliseUsername(session.username) === username ? session : undefined;
  }

  /** Who holds a username, as the person running the loader knows them. */
  private async describe(holder: UserItem, askedAt: number): Promise<string> {
    if (holder.rol === 'medico') {
      const doctor = await this.doctors.find(holder.id_user, askedAt);
      if (doctor) return `el doctor "${doctor.nombre}" (id_doctor ${doctor.id_doctor})`;
    }
    if (holder.rol === 'paciente') {
      const patient = await this.patients.find(holder.id_user, askedAt);
      if (patient) return `el paciente "${patient.nombre}" (id_paciente ${patient.id_paciente})`;
    }
    const baja = holder.activo === false ? ' dada de baja' : '';
    return `una cuenta ${holder.rol}${baja} (id_user ${holder.id_user})`;
  }
}
