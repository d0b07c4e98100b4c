import { api, ApiError, withQuery, type Page } from '../api.js';
import { cancelForm } from '../cancel-form.js';
import type { App } from '../app.js';
import { chooseDeskCentro, deskChoice } from '../desk-centro.js';
import { centerName, doctorName } from '../directory.js';
import { button, field, h, replace, select } from '../dom.js';
import { FormMessages } from '../form-messages.js';
import { sendOnSubmit } from '../form-send.js';
import { estadoLabel, longDay, nearDay, nextDayOf, wall } from '../format.js';
import { phoneText } from '../phone-text.js';
import { pagedList } from '../pager.js';
import { putCita } from '../put-cita.js';
import { horaText } from '../repeated-hour.js';
import { RequestAttempt, stillInProgress } from '../request-attempt.js';
import type { Centro, Cita, Doctor, Paciente } from '../types.js';
import { offered } from './cita.js';
import { openInAgenda } from './open-in-agenda.js';

/**
 * Por confirmar, for reception and admin: the afternoon's calls. The citas
 * of a day still Programada, every doctor on one list, by hour
 * (GET /citas?fecha=&estado=Programada pages them in that order), of every
 * center or of the one her desk works (Centro: id_centro, so the API's count
 * and pages are that center's), each with
 * the patient's name and phone (the page's patients in one read,
 * Directory.pacientes), doctor, center and motivo; Confirmar and Cancelar
 * (asked first, with its Motivo de cancelación: the cita panel's, cancel-form.ts)
 * on the row, for what a call settles, and a press to the cita in the agenda
 * for anything else (Cambiar).
 */
interface Fila {
  cita: Cita;
  paciente?: Paciente;
  doctor: string;
  centro: string;
}

const PAGE_SIZE = 20;

/** The list's choices live in the address (#/por-confirmar?fecha=...&centro=2): a reload or a saved link keeps them. */
function fromUrl(): { fecha?: string; centro?: string } {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const fecha = q.get('fecha');
  return { fecha: fecha && /^\d{4}-\d{2}-\d{2}$/.test(fecha) ? fecha : undefined, centro: q.get('centro') ?? undefined };
}

function toUrl(fecha: string, centro: string): void {
  const q = new URLSearchParams({ fecha, ...(centro ? { centro } : {}) });
  history.replaceState(null, '', `#/por-confirmar?${q.toString()}`);
}

export async function porConfirmarView(app: App): Promise<void> {
  // The clinic's next working day by its jornada, not the calendar's: on a Friday afternoon she phones Monday's
  // patients (nobody is booked on a Saturday of the default jornada). A clinic whose doctors' schedules open a
  // Saturday asks for it under Fecha; the list's caption always says the day in words.
  const porDefecto = () => nextDayOf(app.today(), app.session.dias_jornada);
  const address = fromUrl();
  const fecha = h('input', { type: 'date', name: 'fecha', value: address.fecha ?? porDefecto() });
  // A desk at one center reads only its own citas: the center of the address, else her last choice here or in the
  // Agenda (desk-centro.ts), else the whole network. Active centers, as the Agenda offers them.
  const centros = await app.directory.centros().catch((): Centro[] => []);
  const centro = select(
    'id_centro',
    [{ value: '', label: 'Todos los centros' }, ...centros.filter((c) => c.activo).map((c) => ({ value: String(c.id_centro), label: c.nombre }))],
    address.centro ?? deskChoice() ?? '',
  );
  const mostrar = h('button', { type: 'submit' }, 'Mostrar');
  const form = h('form', { class: 'controles', 'aria-label': 'Qué citas llamar' }, field('Fecha', fecha), field('Centro', centro), mostrar);
  // A new center is a new list at once, as in the Agenda; a typed Fecha waits for Mostrar.
  centro.addEventListener('change', () => {
    chooseDeskCentro(centro.value);
    form.requestSubmit();
  });
  const lista = h('div', { 'aria-live': 'polite' });
  /** The day and center of the latest read: only the latest read draws (pagedList), so the list drawn is of these. */
  let leido = { dia: fecha.value, centro: centro.value };

  const { pager: pages, load } = pagedList<Fila>(
    app,
    async (wanted) => {
      // An emptied Fecha means the day she would get anyway, shown in the field.
      if (!fecha.value) fecha.value = porDefecto();
      const dia = fecha.value;
      const idCentro = centro.value;
      const p = await api<Page<Cita>>(
        'GET',
        withQuery('/citas/citas', { fecha: dia, estado: 'Programada', id_centro: idCentro, page: wanted, page_size: PAGE_SIZE }),
      );
      // Doctors and centers are at hand (the Directory holds them all); the page's patients come in one read.
      // Without them the list is still the list, by hour.
      const [doctores, pacientes] = await Promise.all([
        app.directory.doctores().catch((): Doctor[] => []),
        app.directory.pacientes(p.items.map((c) => c.id_paciente)).catch(() => new Map<number, Paciente>()),
      ]);
      leido = { dia, centro: idCentro };
      toUrl(dia, idCentro);
      const items = p.items.map((cita) => ({
        cita,
        paciente: pacientes.get(cita.id_paciente),
        doctor: doctorName(doctores.find((d) => d.id_doctor === cita.id_doctor), cita.id_doctor),
        centro: centerName(centros.find((c) => c.id_centro === cita.id_centro), cita.id_centro),
      }));
      return { ...p, items };
    },
    (p, count) => {
      drawn = { total: p.total, page: p.page, count, called: 0 };
      if (p.total === 0) {
        replace(lista, h('p', { class: 'vacio' }, `${dayInWords(leido.dia)} no queda ninguna cita por confirmar${enCentro()}.`));
        return;
      }
      sayLeft();
      replace(
        lista,
        h(
          'table',
          {},
          caption,
          h('thead', {}, h('tr', {}, columnas().map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, p.items.map(row)),
        ),
      );
    },
  );

  /** The list drawn, and how many of it she has confirmed or cancelled since: the caption says what is left to call. */
  let drawn = { total: 0, page: 1, count: 1, called: 0 };
  const caption = h('caption', {});
  /**
   * "Por confirmar el jueves, …: 8 (página 1 de 1)", then, as she works down
   * the list (a confirmed or cancelled row stays, saying Confirmada or
   * Cancelada), "quedan 7 de 8":
   * the rows alone no longer tell how many calls are left.
   */
  function sayLeft(): void {
    const { total, page, count, called } = drawn;
    const left = total - called;
    const cuantas = called === 0 ? String(total) : left === 0 ? `no queda ninguna de ${total}` : `quedan ${left} de ${total}`;
    caption.textContent = `Por confirmar el ${longDay(leido.dia, app.today())}${enCentro()}: ${cuantas} (página ${page} de ${count})`;
  }

  /** " en Clínica Norte" when the list is one center's (the caption says it, not each row), else nothing. */
  function enCentro(): string {
    if (!leido.centro) return '';
    const c = centros.find((x) => String(x.id_centro) === leido.centro);
    return ` en ${centerName(c, Number(leido.centro))}`;
  }

  /** The list's columns: Centro only when it lists every center, where each row must say its own. */
  function columnas(): string[] {
    return ['Hora', 'Paciente', 'Teléfono', 'Doctor', ...(leido.centro ? [] : ['Centro']), 'Motivo', 'Estado', 'Acciones'];
  }

  /** "Mañana", "Hoy" or "El lunes, 14 de diciembre": how the empty list names its day. */
  function dayInWords(dia: string): string {
    return nearDay(dia, app.today()) ?? `El ${longDay(dia, app.today())}`;
  }

  /**
   * A 409 to a press on a row: confirmed, cancelled or changed meanwhile from
   * another screen. The API's words on the page's alert line, and the list as
   * it now is.
   */
  async function changedElsewhere(err: unknown): Promise<boolean> {
    if (!(err instanceof ApiError && err.status === 409)) return false;
    app.fail(err);
    await load();
    return true;
  }

  function row(f: Fila): HTMLTableRowElement {
    const c = f.cita;
    const hora = horaText(c.fecha, app.session.zona_horaria);
    // A patient this user could not read is left unnamed rather than numbered: ids mean nothing on the phone.
    const nombre = f.paciente?.nombre ?? 'Paciente sin ficha';
    const deQuien = `la cita de ${nombre} a las ${hora}`;
    const cuando = `del ${longDay(wall(c.fecha).day, app.today())} a las ${hora}`;
    const estado = h('td', {}, estadoLabel(app.session, c.estado));
    const ver = button('Ver en la agenda', () => openInAgenda(app, c), { 'aria-label': `Ver en la agenda ${deQuien}` });
    const confirmar: HTMLButtonElement = button('Confirmar', () => confirm(), { 'aria-label': `Confirmar ${deQuien}` });
    // Cancelar as the cita's panel offers it (not once the cita has started: a day she chose may be today).
    const cancelar = offered(c, app.session.user.rol, app.now()).includes('Cancelar')
      ? button('Cancelar', () => openCancel(), { class: 'peligro', 'aria-label': `Cancelar ${deQuien}` })
      : null;
    /** Confirmar's and Cancelar's: pressed again while the answer is unknown (a 503), the same key, done once. */
    const attempt = new RequestAttempt();
    /** Whether this row is one call fewer in the caption's count (confirmed, then cancelled, is still one). */
    let called = false;

    /** The row stays, saying its new estado, so the list does not move under her; the focus goes to what is left on it. */
    function settled(cita: Cita, what: string): void {
      estado.textContent = estadoLabel(app.session, cita.estado);
      if (!called) drawn.called += 1;
      called = true;
      sayLeft();
      ver.focus();
      app.notify(`Cita de ${nombre} ${cuando} ${what}.`);
    }

    async function confirm(): Promise<void> {
      app.clearMessages();
      try {
        const r = await putCita(c.id_cita, { estado: 'Confirmada' }, attempt);
        confirmar.remove();
        settled(r.cita, 'confirmada');
      } catch (err) {
        if (err instanceof ApiError && err.inProgress) app.fail(new ApiError(err.status, err.code, stillInProgress('Confirmar', err)));
        else if (!(await changedElsewhere(err))) app.fail(err, () => void confirm());
      }
    }

    /** Cancelar's form (cancel-form.ts, the panel's), in place on a row of its own under this one. */
    const cancelRow = h('tr', { class: 'cancelar-fila' });
    function openCancel(): void {
      if (cancelRow.isConnected) return cancelRow.querySelector('textarea')?.focus();
      const line = h('p', { class: 'error', role: 'alert' });
      const cell = h('td', { colspan: columnas().length });
      const messages = new FormMessages(app, line, cell);
      const form = cancelForm(app, {
        cita: c,
        attempt,
        messages,
        question: `¿Cancelar ${deQuien}?`,
        after: line,
        cancelled: (r) => {
          cancelRow.remove();
          confirmar.remove();
          cancelar?.remove();
          settled(r.cita, 'cancelada');
        },
        refused: async (err, retry) => {
          if (!(await changedElsewhere(err))) messages.refused(err, retry);
        },
        close: () => {
          cancelRow.remove();
          cancelar?.focus();
        },
      });
      replace(cell, form);
      replace(cancelRow, cell);
      tr.after(cancelRow);
    }

    const tr = h(
      'tr',
      { 'data-id': String(c.id_cita) },
      h('td', {}, hora),
      h('td', {}, nombre),
      h('td', {}, f.paciente ? phoneText(f.paciente.telefono) : ''),
      h('td', {}, f.doctor),
      leido.centro ? null : h('td', {}, f.centro),
      h('td', {}, c.motivo),
      estado,
      h('td', {}, confirmar, ' ', cancelar, cancelar ? ' ' : null, ver),
    );
    return tr;
  }

  sendOnSubmit(form, { submit: mostrar, send: () => load(1) });
  replace(
    app.main,
    h('h1', {}, 'Citas por confirmar'),
    h('p', { class: 'nota' }, 'Las citas del día que siguen Programadas, de todos los doctores, por hora: para llamar a cada paciente.'),
    form,
    lista,
    pages.element,
  );
  await load(1);
}
