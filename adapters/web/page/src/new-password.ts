import { field, h } from './dom.js';
import type { Session } from './types.js';

/**
 * A field where a new password is chosen (Contraseña nueva, Contraseña
 * inicial): core's length as its maxlength and core's rule said before she
 * types, both from the session's answer.
 */
export function newPassword(session: Session, label: string, name: string): { input: HTMLInputElement; field: HTMLDivElement } {
  const input = h('input', { type: 'password', name, autocomplete: 'new-password', required: true, maxlength: session.limites.password });
  return { input, field: field(label, input, session.regla_contrasena) };
}
