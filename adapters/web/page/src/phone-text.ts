import { h } from './dom.js';
import { phone } from './format.js';

/**
 * A phone number on the page: grouped as people say it (format.ts `phone`)
 * and never broken across lines (.telefono), since reception reads it out
 * to dial it. Plain spaces, not non-breaking ones: a number copied into a
 * softphone stays a number.
 */
export const phoneText = (telefono: string): HTMLElement => h('span', { class: 'telefono' }, phone(telefono));

/** "Paula Llamada · +34 612 345 678": a patient where reception must tell her from another of the same name. */
export const nameAndPhone = (p: { nombre: string; telefono: string }): Array<string | HTMLElement> => [p.nombre, ' · ', phoneText(p.telefono)];
