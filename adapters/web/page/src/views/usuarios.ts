import { api, withQuery, type Page } from '../api.js';
import type { App } from '../app.js';
import { confirmForm } from '../confirm-form.js';
import { button, closesOnEscape, field, h, replace, select } from '../dom.js';
import { FormMessages } from '../form-messages.js';
import { sendOnSubmit } from '../form-send.js';
import { ROL_LABEL } from '../format.js';
import { newPassword } from '../new-password.js';
import { pagedList } from '../pager.js';
import type { Doctor, Paciente, Rol } from '../types.js';

/**
 * Usuarios, an admin's only (the navigation offers it to no one else, and
 * admin refuses the routes to anyone else): the accounts as the API pages
 * them, filtered by the one filter it has (rol); a new admin or secretaria
 * (a doctor's or patient's account is made with its record, in Doctores and
 * Pacientes); and a forgotten password reset, which closes that person's
 * open sessions (the contract's revocation). Her own password is not reset
 * here: that would close the session she is using; Contraseña changes it
 * and keeps her in.
 */
interface Usuario {
  id_user: number;
  username: string;
  rol: Rol;
  activo: boolean;
}

const ROLES: Rol[] = ['admin', 'secretaria', 'medico', 'paciente'];
/** The roles POST /admin/usuario makes; the others come with their doctor's or patient's record. */
const CREADOS: Rol[] = ['admin', 'secretaria'];
const options = (roles: Rol[]) => roles.map((r) => ({ value: r, label: ROL_LABEL[r] }));

export async function usuariosView(app: App): Promise<void> {
  const rol = select('rol', [{ value: '', label: 'Todos' }, ...options(ROLES)]);
  const lista = h('div', { 'aria-live': 'polite' });
  const editor = h('div', {});
  /** Reads a page (the one on screen unless said) and draws it, by pagedList's rules. */
  const { pager: pages, load } = pagedList<Usuario & { nombre: string }>(
    app,
    async (wanted) => {
      const p = await api<Page<Usuario>>('GET', withQuery('/admin/admin/usuario', { rol: rol.value || undefined, page: wanted, page_size: 20 }));
      // A doctor's name is at hand (the Directory holds every doctor); the page's patients come in one read. Without
      // either, the list is still the list.
      const pacientes = p.items.filter((u) => u.rol === 'paciente').map((u) => u.id_user);
      const [doctores, deCuentas] = await Promise.all([
        app.directory.doctores().catch((): Doctor[] => []),
        app.directory.pacientesDeCuentas(pacientes).catch(() => new Map<number, Paciente>()),
      ]);
      const nombre = (u: Usuario) => (u.rol === 'paciente' ? deCuentas.get(u.id_user)?.nombre : doctores.find((d) => d.id_user === u.id_user)?.nombre);
      return { ...p, items: p.items.map((u) => ({ ...u, nombre: nombre(u) ?? '' })) };
    },
    (p, count) =>
      replace(
        lista,
        h(
          'table',
          {},
          h('caption', {}, `Usuarios: ${p.total} (página ${p.page} de ${count})`),
          h('thead', {}, h('tr', {}, ['Usuario', 'Rol', 'Nombre', 'Activo', 'Acciones'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            p.items.map((u) =>
              h(
                'tr',
                { 'data-id': String(u.id_user) },
                h('td', {}, u.username),
                h('td', {}, ROL_LABEL[u.rol] ?? u.rol),
                h('td', {}, u.nombre),
                h('td', {}, u.activo ? 'sí' : 'no'),
                h('td', {}, u.id_user === app.session.user.id_user ? h('a', { href: '#/contrasena' }, 'La suya, en Contraseña') : resetButton(u)),
              ),
            ),
          ),
        ),
      ),
  );

  const resetButton = (u: Usuario) => button('Restablecer contraseña', () => openReset(u), { 'aria-label': `Restablecer contraseña de ${u.username}` });

  /** After the form closes, the focus goes back to the row's button (or to Nuevo usuario for a new one). */
  function focusBack(u?: Usuario): void {
    const row = u ? lista.querySelector<HTMLElement>(`tr[data-id="${u.id_user}"] button`) : null;
    (row ?? nuevo).focus();
  }

  function openReset(u: Usuario): void {
    const nueva = newPassword(app.session, 'Contraseña nueva', 'password_nueva');
    const error = h('p', { class: 'error', role: 'alert' });
    // Its one field is where a problem of the request can be placed.
    const messages = new FormMessages(app, error, nueva.field);
    const close = () => {
      editor.replaceChildren();
      focusBack(u);
    };
    const form = confirmForm({
      label: `Restablecer la contraseña de ${u.username}`,
      className: 'ficha restablecer',
      fields: [
        h('h2', {}, `Restablecer la contraseña de ${u.username}`),
        h('p', { class: 'nota' }, 'Sus sesiones abiertas se cerrarán: tendrá que entrar con la contraseña nueva.'),
        nueva.field,
      ],
      confirm: 'Confirmar restablecimiento',
      close,
      after: error,
      messages,
      onConfirm: async () => {
        await api('POST', `/admin/admin/usuario/${u.id_user}/password`, { password_nueva: nueva.input.value });
        close();
        app.notify(`Contraseña de ${u.username} restablecida. Sus sesiones abiertas se han cerrado: entrará con la nueva.`);
      },
    });
    replace(editor, form);
  }

  function openNew(): void {
    const username = h('input', { name: 'username', required: true, maxlength: app.session.limites.username });
    const password = newPassword(app.session, 'Contraseña inicial', 'password');
    const nuevoRol = select('rol', options(CREADOS), 'secretaria');
    const error = h('p', { class: 'error', role: 'alert' });
    const guardar = h('button', { type: 'submit' }, 'Guardar');
    const close = () => {
      editor.replaceChildren();
      focusBack();
    };
    const form = h(
      'form',
      { class: 'ficha', 'aria-labelledby': 'titulo-ficha' },
      h('h2', { id: 'titulo-ficha', tabindex: '-1' }, 'Nuevo usuario'),
      h('p', { class: 'nota' }, 'Aquí se crean cuentas de administración y de secretaría; la de un doctor o un paciente se crea con su ficha, en Doctores o Pacientes.'),
      field('Usuario', username),
      password.field,
      field('Rol', nuevoRol),
      error,
      h('div', { class: 'acciones' }, guardar, button('Cerrar', close)),
    );
    closesOnEscape(form, close);
    const messages = new FormMessages(app, error, form);
    sendOnSubmit(form, {
      submit: guardar,
      messages,
      send: async () => {
        const body = { username: username.value.trim(), password: password.input.value, rol: nuevoRol.value };
        await api('POST', '/admin/admin/usuario', body);
        editor.replaceChildren();
        await load();
        focusBack();
        app.notify(`Usuario ${body.username} creado (${ROL_LABEL[body.rol]}).`);
      },
    });
    replace(editor, form);
    form.querySelector<HTMLElement>('h2')?.focus();
  }

  const nuevo = button('Nuevo usuario', () => openNew());
  const filtrar = h('button', { type: 'submit' }, 'Filtrar');
  const filtro = h('form', { class: 'controles', role: 'search', 'aria-label': 'Filtrar usuarios' }, field('Filtrar por rol', rol), filtrar);
  sendOnSubmit(filtro, { submit: filtrar, send: () => load(1) });
  replace(app.main, h('h1', {}, 'Usuarios'), filtro, h('p', {}, nuevo), editor, lista, pages.element);
  await load();
}
