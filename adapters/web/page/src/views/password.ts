import { api } from '../api.js';
import type { App } from '../app.js';
import { field, h, replace } from '../dom.js';
import { FormMessages } from '../form-messages.js';
import { sendOnSubmit } from '../form-send.js';
import { newPassword } from '../new-password.js';

/** Change one's own password (POST /auth/password through the web service, which keeps the session). */
export function passwordView(app: App): void {
  const actual = h('input', { type: 'password', name: 'password_actual', autocomplete: 'current-password', required: true });
  const { input: nueva, field: nuevaField } = newPassword(app.session, 'Contraseña nueva', 'password_nueva');
  const repetida = h('input', { type: 'password', name: 'password_repetida', autocomplete: 'new-password', required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit' }, 'Cambiar contraseña');
  const form = h(
    'form',
    { class: 'contrasena', 'aria-labelledby': 'titulo-contrasena' },
    h('h1', { id: 'titulo-contrasena' }, 'Cambiar la contraseña'),
    field('Contraseña actual', actual),
    nuevaField,
    field('Repita la contraseña nueva', repetida),
    error,
    submit,
  );
  const messages = new FormMessages(app, error, form);
  sendOnSubmit(form, {
    submit,
    messages,
    ready: () => {
      if (nueva.value === repetida.value) return true;
      messages.say('La contraseña nueva y su repetición no coinciden.');
      repetida.focus();
      return false;
    },
    send: async () => {
      await api('POST', '/sesion/password', { password_actual: actual.value, password_nueva: nueva.value });
      for (const el of [actual, nueva, repetida]) el.value = '';
      app.notify('Contraseña cambiada. Las demás sesiones abiertas con la anterior se han cerrado.');
    },
  });
  replace(app.main, form);
}
