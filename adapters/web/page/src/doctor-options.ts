import type { Option } from './dom.js';
import type { Doctor } from './types.js';

/**
 * The active doctors as a select's options, each by his name under his
 * specialty (an optgroup): "Nombre (Especialidad)" in one line was cut off
 * in a phone's Doctor field, and the picker reads better with the specialty
 * said once over its doctors. Specialties and names in alphabetical order.
 */
export function doctorOptions(doctores: Doctor[]): Option[] {
  const byName = (a: string, b: string) => a.localeCompare(b, 'es');
  return doctores
    .filter((d) => d.activo)
    .sort((a, b) => byName(a.especialidad, b.especialidad) || byName(a.nombre, b.nombre))
    .map((d) => ({ value: String(d.id_doctor), label: d.nombre, group: d.especialidad }));
}
