import { api, withQuery, type Page } from '../api.js';
import type { App } from '../app.js';
import { confirmForm } from '../confirm-form.js';
import { button, closesOnEscape, field, h, replace } from '../dom.js';
import { FormMessages } from '../form-messages.js';
import { sendOnSubmit } from '../form-send.js';
import { newPassword } from '../new-password.js';
import { pagedList } from '../pager.js';
import { ESTADO_PACIENTE_LABEL } from '../format.js';
import { phoneText } from '../phone-text.js';
import { ALTA_BY_ADMIN, patientQuery } from '../patient-search.js';
import { specialtyField } from '../specialty-field.js';
import { horariosRoute } from './horarios.js';
import { patientCitas } from './patient-citas.js';
import type { Limites } from '../types.js';

/**
 * Patients, doctors and centers: a searchable list for staff; an admin
 * creates, edits, deactivates (DELETE deactivates; history stays) and
 * reactivates (PATCH with the create field that says so: a patient's
 * `estado`, a doctor's or center's `activo`). The fields are the contract's;
 * their rules are the API's.
 */
type Kind = 'pacientes' | 'doctores' | 'centros';

interface Column {
  key: string;
  label: string;
  /** Editable with PATCH (credentials never are). */
  editable?: boolean;
  /** Only when creating (username, password). */
  createOnly?: boolean;
  type?: string;
  /** How the list shows the value, when not as stored (the edit form always holds it as stored). */
  shown?: (value: string) => string | HTMLElement;
  /** The session's limit of its length (core's, through the web service). */
  limite?: keyof Limites;
  /** A password chosen here (Contraseña inicial): new-password.ts's field, with core's length and rule. */
  newPassword?: boolean;
  /** The network's specialties suggested, and a near miss asked about (specialty-field.ts). */
  specialties?: boolean;
}

interface KindInfo {
  title: string;
  one: string;
  id: string;
  columns: Column[];
  active: (r: Row) => boolean;
  /** The PATCH body that makes an inactive record active again. */
  reactivate: Row;
  /** The record as Dar de baja's question names it: a person with "a", a center as one. */
  whom: (nombre: string) => string;
}

const KINDS: Record<Kind, KindInfo> = {
  pacientes: {
    title: 'Pacientes',
    one: 'paciente',
    id: 'id_paciente',
    columns: [
      { key: 'nombre', label: 'Nombre', editable: true, limite: 'nombre_paciente' },
      { key: 'telefono', label: 'Teléfono', editable: true, type: 'tel', shown: phoneText },
      { key: 'estado', label: 'Estado', shown: (v) => ESTADO_PACIENTE_LABEL[v] ?? v },
      { key: 'username', label: 'Usuario', createOnly: true, limite: 'username' },
      { key: 'password', label: 'Contraseña inicial', createOnly: true, newPassword: true },
    ],
    active: (r) => r.estado === 'ACTIVO',
    reactivate: { estado: 'ACTIVO' },
    whom: (nombre) => `a ${nombre}`,
  },
  doctores: {
    title: 'Doctores',
    one: 'doctor',
    id: 'id_doctor',
    columns: [
      { key: 'nombre', label: 'Nombre', editable: true, limite: 'nombre_doctor' },
      { key: 'especialidad', label: 'Especialidad', editable: true, limite: 'especialidad', specialties: true },
      { key: 'activo', label: 'Activo' },
      { key: 'username', label: 'Usuario', createOnly: true, limite: 'username' },
      { key: 'password', label: 'Contraseña inicial', createOnly: true, newPassword: true },
    ],
    active: (r) => r.activo === true,
    reactivate: { activo: true },
    whom: (nombre) => `a ${nombre}`,
  },
  centros: {
    title: 'Centros',
    one: 'centro',
    id: 'id_centro',
    columns: [
      { key: 'nombre', label: 'Nombre', editable: true, limite: 'nombre_centro' },
      { key: 'direccion', label: 'Dirección', editable: true, limite: 'direccion' },
      { key: 'activo', label: 'Activo' },
    ],
    active: (r) => r.activo === true,
    reactivate: { activo: true },
    whom: (nombre) => `el centro ${nombre}`,
  },
};

type Row = Record<string, unknown>;
const show = (v: unknown): string => (v === true ? 'sí' : v === false ? 'no' : v === undefined || v === null ? '' : String(v));

export async function directoryView(app: App, kind: Kind): Promise<void> {
  const k = KINDS[kind];
  const admin = app.session.user.rol === 'admin';
  const patients = kind === 'pacientes';
  // Staff keep the doctors' schedules (PUT /agenda/{id}/horario: admin and secretaria): his row opens his.
  const schedules = kind === 'doctores' && app.isStaff;
  const q = h('input', { type: 'search', name: 'q' });
  // A patient is looked for as she is known on the phone: by her number too (patientQuery).
  const searchFor = (text: string) => (!text ? {} : kind === 'pacientes' ? patientQuery(text) : { q: text });
  const lista = h('div', { 'aria-live': 'polite' });
  const editor = h('div', {});
  /** Reads a page (the one on screen unless said) and draws it, by pagedList's rules. */
  const { pager: pages, load } = pagedList<Row>(
    app,
    (wanted) => api<Page<Row>>('GET', withQuery(`/admin/admin/${kind}`, { ...searchFor(q.value.trim()), page: wanted, page_size: 20 })),
    (p, count) => {
      listed = p;
      const visible = k.columns.filter((c) => !c.createOnly);
      // A list redrawn under her (the answer to her search, say) keeps her on the same button of the same row.
      const focused = document.activeElement;
      const onButton = focused && lista.contains(focused) ? focused.getAttribute('aria-label') : null;
      replace(
        lista,
        h(
          'table',
          {},
          h('caption', {}, `${k.title}: ${p.total} (página ${p.page} de ${count})`),
          h('thead', {}, h('tr', {}, [...visible.map((c) => h('th', { scope: 'col' }, c.label)), admin || patients || schedules ? h('th', { scope: 'col' }, 'Acciones') : null])),
          h(
            'tbody',
            {},
            p.items.map((r) =>
              h(
                'tr',
                { 'data-id': show(r[k.id]) },
                visible.map((c) => h('td', {}, c.shown ? c.shown(show(r[c.key])) : show(r[c.key]))),
                admin || patients || schedules
                  ? h(
                      'td',
                      {},
                      patients ? button('Citas', () => showCitas(r), { 'aria-label': `Citas de ${show(r.nombre)}`, class: 'ver-citas' }) : null,
                      // Horarios y ausencias lists the active doctors: an inactive one has no week to give.
                      schedules && k.active(r)
                        ? button('Horario', () => app.go(horariosRoute(show(r[k.id]))), { 'aria-label': `Horario de ${show(r.nombre)}`, class: 'ver-horario' })
                        : null,
                      !admin
                        ? null
                        : button('Editar', () => openEditor(r), { 'aria-label': `Editar ${show(r.nombre)}` }),
                      !admin
                        ? null
                        : k.active(r)
                          ? button('Dar de baja', () => deactivate(r), { 'aria-label': `Dar de baja ${show(r.nombre)}`, class: 'peligro' })
                          : button('Reactivar', () => reactivate(r), { 'aria-label': `Reactivar ${show(r.nombre)}` }),
                    )
                  : null,
              ),
            ),
          ),
        ),
        // No patient found, and she has no Nuevo paciente: who gives the alta (the booking form's words).
        patients && !admin && p.total === 0 ? h('p', { class: 'nota' }, ALTA_BY_ADMIN) : null,
      );
      if (onButton) [...lista.querySelectorAll<HTMLElement>('button')].find((b) => b.getAttribute('aria-label') === onButton)?.focus();
    },
  );

  /**
   * After the list is redrawn (a save, a deactivation, a reactivation) or the editor closes, the focus goes back to
   * the row the person was working on (its Editar button), or to "Nuevo ..." for a new record: the old buttons are gone.
   */
  function focusBack(r?: Row): void {
    const row = r ? lista.querySelector<HTMLElement>(`tr[data-id="${show(r[k.id])}"] button:not(.ver-citas, .ver-horario)`) : null;
    (row ?? nuevo)?.focus();
  }

  /**
   * What she has just saved stays on screen: a new record joins the list past its page, and a patient found by the
   * number she has just changed no longer matches the search ("0 pacientes" reads as lost). When the list drawn again
   * does not hold it, it is searched for by its name, as she would.
   */
  async function keepInSight(saved: Row): Promise<void> {
    if (lista.querySelector(`tr[data-id="${show(saved[k.id])}"]`)) return;
    q.value = show(saved.nombre);
    await load(1);
  }

  /** The page of the list on screen (pagedList draws it). */
  let listed: Page<Row> | undefined;

  /**
   * Buscar. A caller who says her name or number is, most of the time, the
   * one patient found: her coming citas are shown at once (she phones to
   * move or cancel one), with no Citas to press while she waits; another
   * patient's citas from the call before leave the screen.
   */
  async function findAndOpen(): Promise<void> {
    listed = undefined; // a read that fails draws nothing: no patient of an earlier search is opened
    await load(1);
    // An open ficha (Editar, Nuevo paciente) is someone's typing: it stays.
    if (!patients || editor.querySelector('form')) return;
    const found = listed as Page<Row> | undefined; // set by the draw during load, which TypeScript cannot see
    const only = q.value.trim() && found?.total === 1 ? found.items[0] : undefined;
    // Only while she waits on her search: once her focus is elsewhere (an Editar, another row) she has moved on,
    // and the citas would take it from her. Citas on the row still shows them.
    const waiting = () => (search.contains(document.activeElement) || document.activeElement === document.body) && !editor.querySelector('form');
    if (only) await showCitas(only, waiting);
    else if (editor.querySelector('.citas-paciente')) editor.replaceChildren();
  }

  /**
   * A patient's coming citas (patient-citas.ts), where the editor goes: reception finds the cita a caller means.
   * `stillWanted`, asked once they are read: whether to show them now.
   */
  async function showCitas(r: Row, stillWanted: () => boolean = () => true): Promise<void> {
    try {
      const section = await patientCitas(app, { id_paciente: Number(r[k.id]), nombre: show(r.nombre) });
      if (!stillWanted()) return;
      replace(editor, section);
      section.focus();
    } catch (err) {
      app.fail(err, () => void showCitas(r));
    }
  }

  /** Dar de baja asks first, in place where a ficha opens (confirm-form.ts, as Cancelar on a cita): history is kept, but she stops being bookable. */
  function deactivate(r: Row): void {
    const nombre = show(r.nombre);
    const close = () => {
      editor.replaceChildren();
      lista.querySelector<HTMLElement>(`tr[data-id="${show(r[k.id])}"] button.peligro`)?.focus();
    };
    const form = confirmForm({
      label: `Dar de baja ${k.whom(nombre)}`,
      className: 'ficha',
      question: `¿Dar de baja ${k.whom(nombre)}? Su historial se conserva.`,
      confirm: 'Confirmar baja',
      onConfirm: async () => {
        try {
          await api('DELETE', `/admin/admin/${kind}/${show(r[k.id])}`);
          app.directory.forget();
          editor.replaceChildren();
          await load();
          focusBack(r);
          app.notify(`${nombre}: dado de baja.`); // once the list shows it, as every status of the page
        } catch (err) {
          app.fail(err);
        }
      },
      close,
    });
    replace(editor, form);
  }

  /** No question asked: nothing is lost, and Dar de baja undoes it. */
  async function reactivate(r: Row): Promise<void> {
    try {
      await api('PATCH', `/admin/admin/${kind}/${show(r[k.id])}`, k.reactivate);
      app.directory.forget();
      await load();
      focusBack(r);
      app.notify(`${show(r.nombre)}: dado de alta de nuevo.`);
    } catch (err) {
      app.fail(err);
    }
  }

  function openEditor(r?: Row): void {
    const columns = k.columns.filter((c) => (r ? c.editable : c.editable || c.createOnly));
    const limit = (c: Column) => (c.limite ? app.session.limites[c.limite] : undefined);
    const control = (c: Column): { input: HTMLInputElement; field: HTMLDivElement } => {
      if (c.newPassword) return newPassword(app.session, c.label, c.key);
      const input = h('input', { name: c.key, type: c.type ?? 'text', value: r ? show(r[c.key]) : '', required: true, maxlength: limit(c) });
      return { input, field: c.specialties ? specialtyField(c.label, input, app.directory.doctores()) : field(c.label, input) };
    };
    const controls = new Map(columns.map((c) => [c.key, control(c)]));
    const error = h('p', { class: 'error', role: 'alert' });
    const guardar = h('button', { type: 'submit' }, 'Guardar');
    const cerrar = () => {
      editor.replaceChildren();
      focusBack(r);
    };
    const form = h(
      'form',
      { class: 'ficha', 'aria-labelledby': 'titulo-ficha' },
      h('h2', { id: 'titulo-ficha', tabindex: '-1' }, r ? `Editar ${show(r.nombre)}` : `Nuevo ${k.one}`),
      columns.map((c) => controls.get(c.key)!.field),
      error,
      h('div', { class: 'acciones' }, guardar, button('Cerrar', cerrar)),
    );
    closesOnEscape(form, cerrar);
    const messages = new FormMessages(app, error, form);
    sendOnSubmit(form, {
      submit: guardar,
      messages,
      send: async () => {
        // A password is sent as typed: its spaces are hers to choose.
        const body = Object.fromEntries(columns.map((c) => [c.key, c.newPassword ? controls.get(c.key)!.input.value : controls.get(c.key)!.input.value.trim()]));
        const saved = r ? await api<Row>('PATCH', `/admin/admin/${kind}/${show(r[k.id])}`, body) : await api<Row>('POST', `/admin/admin/${kind}`, body);
        app.directory.forget();
        editor.replaceChildren();
        await load();
        await keepInSight(saved);
        focusBack(r);
        // A new record is named (as the API saved it): after a morning of them, "Doctor creado." says not which.
        app.notify(r ? 'Cambios guardados.' : `${k.one[0].toUpperCase()}${k.one.slice(1)} creado: ${show(saved.nombre)}.`);
      },
    });
    replace(editor, form);
    form.querySelector<HTMLElement>('h2')?.focus();
  }

  const nuevo = admin ? button(`Nuevo ${k.one}`, () => openEditor()) : null;
  const buscar = h('button', { type: 'submit' }, 'Buscar');
  const search = h('form', { class: 'controles', role: 'search', 'aria-label': `Buscar ${k.title.toLowerCase()}` }, field(kind === 'pacientes' ? 'Buscar por nombre o teléfono' : 'Buscar por nombre', q), buscar);
  sendOnSubmit(search, { submit: buscar, send: findAndOpen });
  replace(app.main, h('h1', {}, k.title), search, nuevo ? h('p', {}, nuevo) : null, editor, lista, pages.element);
  await load();
}
