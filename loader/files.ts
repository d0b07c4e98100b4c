/**
 * The four CSV files the loader knows: their columns, the admin route each
 * row goes to, how a row becomes a request body, and the key that says two
 * rows are the same record (a username; a center's name).
 */
import { PATIENT_STATES } from '../core/domain/patient';
import { searchKey } from '../core/domain/text';
import { DIRECT_USER_ROLES } from '../core/domain/user';

export type FileName = 'usuarios.csv' | 'centros.csv' | 'doctores.csv' | 'pacientes.csv';
export type Kind = 'usuario' | 'centro' | 'doctor' | 'paciente';

export interface FileSpec {
  file: FileName;
  kind: Kind;
  columns: readonly string[];
  /** POST route of the admin service that creates one record. */
  route: string;
  toBody(values: Record<string, string>): Record<string, string>;
  /** Identity of the record: usernames are case-insensitive; center names ignore case and spacing. */
  key(body: Record<string, string>): string;
}

/** Empty optional cells are left out of the body, so the API applies its default. */
function withoutEmpty(body: Record<string, string>, optional: string[]): Record<string, string> {
  const out = { ...body };
  for (const name of optional) if (out[name] === '') delete out[name];
  return out;
}

/**
 * A cell naming one of the API's fixed words (rol: admin, secretaria;
 * estado: ACTIVO, INACTIVO), read as the API spells it. A spreadsheet keeps
 * the space typed after a word, the capital a person gives it ("Activo") and
 * the accent a Spanish speaker writes ("Secretaría"), which the API's enum
 * refuses with a message that cannot show them. So the cell is compared with
 * the contract's words by their search key (core/domain/text.ts: case,
 * accents, spacing); a cell that is none of them goes trimmed, for the API
 * to refuse. Only these cells: a name keeps its accents.
 */
const fixedWord = (cell: string, words: readonly string[]): string =>
  words.find((word) => searchKey(word) === searchKey(cell)) ?? cell.trim();

const byUsername = (body: Record<string, string>): string => `usuario:${(body.username ?? '').trim().toLowerCase()}`;

export const centerKey = (nombre: string): string => `centro:${nombre.replace(/\s+/g, ' ').trim().toLowerCase()}`;

/** In load order: accounts first (the admin logs in with one), centers, then doctors and patients. */
export const FILES: readonly FileSpec[] = [
  {
    file: 'usuarios.csv',
    kind: 'usuario',
    columns: ['username', 'password', 'rol'],
    route: '/admin/usuario',
    toBody: (v) => ({ username: v.username, password: v.password, rol: fixedWord(v.rol, DIRECT_USER_ROLES) }),
    key: byUsername,
  },
  {
    file: 'centros.csv',
    kind: 'centro',
    columns: ['nombre', 'direccion'],
    route: '/admin/centros',
    toBody: (v) => ({ nombre: v.nombre, direccion: v.direccion }),
    key: (body) => centerKey(body.nombre ?? ''),
  },
  {
    file: 'doctores.csv',
    kind: 'doctor',
    columns: ['nombre', 'especialidad', 'username', 'password'],
    route: '/admin/doctores',
    toBody: (v) => ({ nombre: v.nombre, especialidad: v.especialidad, username: v.username, password: v.password }),
    key: byUsername,
  },
  {
    file: 'pacientes.csv',
    kind: 'paciente',
    columns: ['nombre', 'telefono', 'estado', 'username', 'password'],
    route: '/admin/pacientes',
    toBody: (v) =>
      withoutEmpty(
        { nombre: v.nombre, telefono: v.telefono, estado: fixedWord(v.estado, PATIENT_STATES), username: v.username, password: v.password },
        ['estado'],
      ),
    key: byUsername,
  },
];
