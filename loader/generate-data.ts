import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Faker, base, es } from '@faker-js/faker';
import { callerPath } from '../adapters/config/caller-path';

/**
 * Makes the synthetic CSV files the loader ships with (loader/data/), or a
 * bigger set of the same shape:
 *
 *   npm run data:generate -- --patients 10000 --out /tmp/odontocare-data
 *
 * Same options + same seed => byte-identical files. Each file draws from its
 * own seeded generator, so asking for more patients leaves usuarios.csv,
 * centros.csv and doctores.csv untouched and only appends patients.
 */

export const DEFAULT_SEED = 20260315;
export const BOOTSTRAP_ADMIN = { username: 'admin', password: 'OdontoCare2026!', rol: 'admin' } as const;

export interface GenerateOptions {
  seed: number;
  /** Rows of usuarios.csv: the bootstrap admin, one more admin, the rest secretarias. */
  users: number;
  doctors: number;
  patients: number;
  centers: number;
}

export const DEFAULT_OPTIONS: GenerateOptions = { seed: DEFAULT_SEED, users: 8, doctors: 12, patients: 120, centers: 6 };

export const SPECIALTIES = [
  'Odontología general',
  'Ortodoncia',
  'Endodoncia',
  'Periodoncia',
  'Implantología',
  'Odontopediatría',
  'Prostodoncia',
  'Cirugía oral y maxilofacial',
  'Estética dental',
] as const;

// The most frequent surnames in Spain (INE): names that read as Spanish.
const SURNAMES = [
  'García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín',
  'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Muñoz', 'Álvarez', 'Romero', 'Alonso', 'Gutiérrez',
  'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Ramírez', 'Serrano', 'Blanco', 'Molina',
  'Morales', 'Suárez', 'Ortega', 'Delgado', 'Castro', 'Ortiz', 'Rubio', 'Marín', 'Sanz', 'Núñez',
  'Iglesias', 'Medina', 'Garrido', 'Cortés', 'Castillo', 'Santos', 'Lozano', 'Guerrero', 'Cano', 'Prieto',
  'Méndez', 'Cruz', 'Calvo', 'Gallego', 'Vidal', 'León', 'Márquez', 'Herrera', 'Peña', 'Flores',
  'Cabrera', 'Campos', 'Vega', 'Fuentes', 'Carrasco', 'Diez', 'Caballero', 'Reyes', 'Nieto', 'Aguilar',
  'Pascual', 'Santana', 'Herrero', 'Lorenzo', 'Montero', 'Hidalgo', 'Giménez', 'Ibáñez', 'Ferrer', 'Durán',
  'Santiago', 'Benítez', 'Mora', 'Vicente', 'Vargas', 'Arias', 'Carmona', 'Crespo', 'Román', 'Pastor',
  'Soto', 'Sáez', 'Velasco', 'Moya', 'Soler', 'Parra', 'Esteban', 'Bravo', 'Gallardo', 'Rojas',
];

interface Site {
  barrio: string;
  calle: string;
  cp: string;
  ciudad: 'Madrid' | 'Barcelona' | 'Valencia';
}

// Interleaved by city so that any first N centers spread over the three cities.
const SITES: Site[] = [
  { barrio: 'Chamberí', calle: 'Calle de Fuencarral', cp: '28010', ciudad: 'Madrid' },
  { barrio: 'Eixample', calle: "Carrer d'Aragó", cp: '08011', ciudad: 'Barcelona' },
  { barrio: 'Ruzafa', calle: 'Calle de Sueca', cp: '46006', ciudad: 'Valencia' },
  { barrio: 'Salamanca', calle: 'Calle de Goya', cp: '28001', ciudad: 'Madrid' },
  { barrio: 'Gràcia', calle: 'Carrer Gran de Gràcia', cp: '08012', ciudad: 'Barcelona' },
  { barrio: 'Benimaclet', calle: 'Calle de Emilio Baró', cp: '46020', ciudad: 'Valencia' },
  { barrio: 'Retiro', calle: 'Calle de Ibiza', cp: '28009', ciudad: 'Madrid' },
  { barrio: 'Sants', calle: 'Carrer de Sants', cp: '08014', ciudad: 'Barcelona' },
  { barrio: 'Campanar', calle: 'Avenida de Pío XII', cp: '46015', ciudad: 'Valencia' },
  { barrio: 'Tetuán', calle: 'Calle de Bravo Murillo', cp: '28020', ciudad: 'Madrid' },
  { barrio: 'Poblenou', calle: 'Rambla del Poblenou', cp: '08005', ciudad: 'Barcelona' },
  { barrio: 'El Cabanyal', calle: 'Calle de la Reina', cp: '46011', ciudad: 'Valencia' },
];

const LANDLINE_PREFIX = { Madrid: '91', Barcelona: '93', Valencia: '96' } as const;
const PASSWORD_SYMBOLS = ['!', '#', '$', '%', '*', '-', '_', '.', '+', '?'];

/** One seeded generator per file: the files do not shift when another file's count changes. */
function fakerFor(seed: number, stream: number): Faker {
  const faker = new Faker({ locale: [es, base] });
  faker.seed([seed, stream]);
  return faker;
}

/** "María José" -> "mariajose": the [a-z0-9._-] alphabet usernames allow. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

class Usernames {
  private readonly taken = new Set<string>([BOOTSTRAP_ADMIN.username]);

  claim(base: string): string {
    const root = base.slice(0, 45);
    let candidate = root;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${root}${n}`;
    this.taken.add(candidate);
    return candidate;
  }
}

/** 8..128 chars, letters and digits, never containing the username. */
function passwordFor(faker: Faker, username: string): string {
  for (;;) {
    const password =
      faker.string.alpha({ length: 5, casing: 'mixed' }) +
      faker.string.numeric(4) +
      faker.helpers.arrayElement(PASSWORD_SYMBOLS) +
      faker.string.alpha({ length: 3, casing: 'mixed' });
    if (/[A-Za-z]/.test(password) && /\d/.test(password) && !password.toLowerCase().includes(username)) return password;
  }
}

interface Person {
  nombre: string;
  first: string;
  surname: string;
  female: boolean;
}

function person(faker: Faker): Person {
  const female = faker.datatype.boolean();
  const first = faker.person.firstName(female ? 'female' : 'male');
  const surname = faker.helpers.arrayElement(SURNAMES);
  const second = faker.helpers.arrayElement(SURNAMES);
  return { nombre: `${first} ${surname} ${second}`, first, surname, female };
}

/** +34 6xx xxx xxx (mobile) most of the time, otherwise a Madrid/Barcelona/Valencia landline. */
function phone(faker: Faker): string {
  if (faker.number.int({ min: 1, max: 100 }) <= 80) {
    return `+34 6${faker.string.numeric(2)} ${faker.string.numeric(3)} ${faker.string.numeric(3)}`;
  }
  const prefix = faker.helpers.arrayElement(Object.values(LANDLINE_PREFIX));
  return `+34 ${prefix}${faker.string.numeric(1)} ${faker.string.numeric(3)} ${faker.string.numeric(3)}`;
}

/** RFC 4180: quote a cell only when it holds a comma, a quote or a line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((cells) => cells.map(csvCell).join(',')).join('\n') + '\n';
}

export interface GeneratedFiles {
  'usuarios.csv': string;
  'centros.csv': string;
  'doctores.csv': string;
  'pacientes.csv': string;
}

export function generateData(options: GenerateOptions = DEFAULT_OPTIONS): GeneratedFiles {
  const names = new Usernames();

  const staff = fakerFor(options.seed, 1);
  const usuarios: string[][] = [[BOOTSTRAP_ADMIN.username, BOOTSTRAP_ADMIN.password, BOOTSTRAP_ADMIN.rol]];
  for (let i = 1; i < options.users; i++) {
    const p = person(staff);
    const username = names.claim(`${slug(p.first)}.${slug(p.surname)}`);
    usuarios.push([username, passwordFor(staff, username), i === 1 ? 'admin' : 'secretaria']);
  }

  const places = fakerFor(options.seed, 2);
  const centros: string[][] = [];
  for (let i = 0; i < options.centers; i++) {
    const site = SITES[i % SITES.length];
    const round = Math.floor(i / SITES.length);
    const nombre = `OdontoCare ${site.barrio}${round > 0 ? ` ${round + 1}` : ''}`;
    const numero = places.number.int({ min: 1, max: 180 });
    centros.push([nombre, `${site.calle}, ${numero}, ${site.cp} ${site.ciudad}`]);
  }

  const medics = fakerFor(options.seed, 3);
  const doctores: string[][] = [];
  for (let i = 0; i < options.doctors; i++) {
    const p = person(medics);
    // every specialty once, then general dentistry twice as often as any other
    const especialidad =
      i < SPECIALTIES.length
        ? SPECIALTIES[i]
        : medics.helpers.weightedArrayElement(SPECIALTIES.map((s, k) => ({ value: s, weight: k === 0 ? 2 : 1 })));
    const username = names.claim(`${p.female ? 'dra' : 'dr'}.${slug(p.first)}.${slug(p.surname)}`);
    doctores.push([p.nombre, especialidad, username, passwordFor(medics, username)]);
  }

  const clinic = fakerFor(options.seed, 4);
  const pacientes: string[][] = [];
  for (let i = 0; i < options.patients; i++) {
    const p = person(clinic);
    const telefono = phone(clinic);
    const estado = clinic.number.int({ min: 1, max: 100 }) <= 8 ? 'INACTIVO' : 'ACTIVO';
    const username = names.claim(`${slug(p.first)}.${slug(p.surname)}`);
    pacientes.push([p.nombre, telefono, estado, username, passwordFor(clinic, username)]);
  }

  return {
    'usuarios.csv': csv(['username', 'password', 'rol'], usuarios),
    'centros.csv': csv(['nombre', 'direccion'], centros),
    'doctores.csv': csv(['nombre', 'especialidad', 'username', 'password'], doctores),
    'pacientes.csv': csv(['nombre', 'telefono', 'estado', 'username', 'password'], pacientes),
  };
}

export function writeData(dir: string, files: GeneratedFiles): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, 'utf8');
}

function count(value: string | undefined, fallback: number, flag: string, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} debe ser un entero >= ${min} (recibido: ${value})`);
  return n;
}

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      users: { type: 'string' },
      doctors: { type: 'string' },
      patients: { type: 'string' },
      centers: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const options: GenerateOptions = {
    seed: count(values.seed, DEFAULT_OPTIONS.seed, 'seed', 0),
    users: count(values.users, DEFAULT_OPTIONS.users, 'users', 1),
    doctors: count(values.doctors, DEFAULT_OPTIONS.doctors, 'doctors', 0),
    patients: count(values.patients, DEFAULT_OPTIONS.patients, 'patients', 0),
    centers: count(values.centers, DEFAULT_OPTIONS.centers, 'centers', 0),
  };
  const out = values.out !== undefined ? callerPath(values.out) : join(__dirname, 'data');
  writeData(out, generateData(options));
  console.log(
    `Escritos en ${out}: ${options.users} usuarios, ${options.centers} centros, ` +
      `${options.doctors} doctores, ${options.patients} pacientes (semilla ${options.seed}).`,
  );
}

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
}
