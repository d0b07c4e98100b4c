import type { CreateDoctorInput } from '../../core/use-cases/create-doctor';
import type { CreatePatientInput } from '../../core/use-cases/create-patient';
import type { CreateUserInput } from '../../core/use-cases/create-user';
import type { CenterFields } from '../../core/domain/center';

let seq = 0;
/** A username no other builder call has produced in this process. */
export const uniqueUsername = (prefix = 'user') => `${prefix}${++seq}`;

/** Valid create inputs (they pass every rule); override what a test is about. */
export const aUserInput = (over: Partial<CreateUserInput> = {}): CreateUserInput => ({
  username: uniqueUsername('secre'),
  password: 'Clave2026segura',
  rol: 'secretaria',
  ...over,
});

export const aDoctorInput = (over: Partial<CreateDoctorInput> = {}): CreateDoctorInput => ({
  nombre: 'Ana García',
  especialidad: 'Ortodoncia',
  username: uniqueUsername('doctor'),
  password: 'Sonrisa2026',
  ...over,
});

export const aPatientInput = (over: Partial<CreatePatientInput> = {}): CreatePatientInput => ({
  nombre: 'Luis Pérez',
  telefono: '612 345 678',
  username: uniqueUsername('paciente'),
  password: 'Muela2026x',
  ...over,
});

export const aCenterInput = (over: Partial<CenterFields> = {}): CenterFields => ({
  nombre: 'Clínica Centro',
  direccion: 'Calle Mayor 1, Madrid',
  ...over,
});
