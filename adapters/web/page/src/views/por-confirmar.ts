import { api, ApiError, withQuery, type Page } from '../api.js';
import type { App } from '../app.js';
import { centerName, doctorName } from '../directory.js';
import { button, field, h, replace } from '../dom.js';
import { sendOnSubmit } from '../form-send.js';
import { estadoLabel, longDay, nearDay, nextDayOf, wall } from '../format.js';
import { phoneText } from '../phone-text.js';
import { pagedList } from '../pager.js';
import { horaText } from '../repeated-hour.js';
import { RequestAttempt, stillInProgress } from '../request-attempt.js';
import type { Centro, Cita, Doctor, Paciente } from '../types.js';
import { openInAgenda } from './open-in-agenda.js';

/**
 * Por confirmar, for reception and admin: the afternoon's calls. The citas
 * of a day still Programada, every doctor and center on one list, by hour
 * (GET /citas?fecha=&estado=Programada pages them in that order), each with
 * the patient's name and phone (the page's patients in one read,
 * Directory.pacientes), doctor, center and motivo; Confirmar on the row,
 * and a press to the cita in the agenda for anything else (Cambiar,
 * Cancelar).
 */
interface Fila {
  cita: Cita;
  paciente?: Paciente;
  doctor: string;
  centro: string;
}

const PAGE_SIZE = 20;

export async function porConfirmarView(app: App): Promise<void> {
  // The clinic's next working day by its jornada, not the calendar's: on a Friday afternoon she phones Monday's
  // patients (nobody is booked on a Saturday of the default jornada). A clinic whose doctors' schedules open a
  // Saturday asks for it under Fecha; the list's caption always says the day in words.
  const porDefecto = () => nextDayOf(app.today(), app.session.dias_jornada);
  const fecha = h('input', { type: 'date', name: 'fecha', value: porDefecto() });
  const mostrar = h('button', { type: 'submit' }, 'Mostrar');
  const form = h('form', { class: 'controles', 'aria-label': 'Día de las citas' }, field('Fecha', fecha), mostrar);
  const lista = h('div', { 'aria-live': 'polite' });
  /** The day of the latest read: only the latest read draws (pagedList), so the list drawn is of this day. */
  let leido = fecha.value;

  const { pager: pages, load } = pagedList<Fila>(
    app,
    async (wanted) => {
      // An emptied Fecha means the day she would get anyway, shown in the field.
      if (!fecha.value) fecha.value = porDefecto();
      const dia = fecha.value;
      const p = await api<Page<Cita>>('GET', withQuery('/citas/citas', { fecha: dia, estado: 'Programada', page: wanted, page_size: PAGE_SIZE }));
      // Doctors and centers are at hand (the Directory holds them all); the page's patients come in one read.
      // Without them the list is still the list, by hour.
      const [doctores, centros, pacientes] = await Promise.all([
        app.directory.doctores().catch((): Doctor[] => []),
        app.directory.centros().catch((): Centro[] => []),
        app.directory.pacientes(p.items.map((c) => c.id_paciente)).catch(() => new Map<number, Paciente>()),
      ]);
      leido = dia;
      const items = p.items.map((cita) => ({
        cita,
        paciente: pacientes.get(cita.id_paciente),
        doctor: doctorName(doctores.find((d) => d.id_doctor === cita.id_doctor), cita.id_doctor),
        centro: centerName(centros.find((c) => c.id_centro === cita.id_centro), cita.id_centro),
      }));
      return { ...p, items };
    },
    (p, count) => {
      drawn = { total: p.total, page: p.page, count, confirmed: 0 };
      if (p.total === 0) {
        replace(lista, h('p', { class: 'vacio' }, `${dayInWords(leido)} no queda ninguna cita por confirmar.`));
        return;
      }
      sayLeft();
      replace(
        lista,
        h(
          'table',
          {},
          caption,
          h('thead', {}, h('tr', {}, ['Hora', 'Paciente', 'Teléfono', 'Doctor', 'Centro', 'Motivo', 'Estado', 'Acciones'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, p.items.map(row)),
        ),
      );
    },
  );

  /** The list drawn, and how many of it she has confirmed since: the caption says what is left to call. */
  let drawn = { total: 0, page: 1, count: 1, confirmed: 0 };
  const caption = h('caption', {});
  /**
   * "Por confirmar el jueves, …: 8 (página 1 de 1)", then, as she works down
   * the list (a confirmed row stays, saying Confirmada), "quedan 7 de 8":
   * the rows alone no longer tell how many calls are left.
   */
  function sayLeft(): void {
    const { total, page, count, confirmed } = drawn;
    const left = total - confirmed;
    const cuantas = confirmed === 0 ? String(total) : left === 0 ? `no queda ninguna de ${total}` : `quedan ${left} de ${total}`;
    caption.textContent = `Por confirmar el ${longDay(leido, app.today())}: ${cuantas} (página ${page} de ${count})`;
  }

  /** "Mañana", "Hoy" or "El lunes, 14 de diciembre": how the empty list names its day. */
  function dayInWords(dia: string): string {
    return nearDay(dia, app.today()) ?? `El ${longDay(dia, app.today())}`;
  }

  function row(f: Fila): HTMLTableRowElement {
    const c = f.cita;
    const hora = horaText(c.fecha, app.session.zona_horaria);
    // A patient this user could not read is left unnamed rather than numbered: ids mean nothing on the phone.
    const nombre = f.paciente?.nombre ?? 'Paciente sin ficha';
    const deQuien = `la cita de ${nombre} a las ${hora}`;
    const estado = h('td', {}, estadoLabel(app.session, c.estado));
    const ver = button('Ver en la agenda', () => openInAgenda(app, c), { 'aria-label': `Ver en la agenda ${deQuien}` });
    const confirmar: HTMLButtonElement = button('Confirmar', () => confirm(), { 'aria-label': `Confirmar ${deQuien}` });
    /** Pressed again while its answer is unknown (a 503), it carries the same key: citas confirms it once. */
    const attempt = new RequestAttempt();
    const body = { estado: 'Confirmada' };

    async function confirm(): Promise<void> {
      app.clearMessages();
      try {
        const r = await api<{ cita: Cita }>('PUT', `/citas/citas/${c.id_cita}`, body, { 'idempotency-key': attempt.keyFor(body) });
        attempt.settled();
        // The row stays, saying Confirmada, so the list does not move under her while she works down it; the focus
        // goes to what is left on the row.
        estado.textContent = estadoLabel(app.session, r.cita.estado);
        confirmar.remove();
        drawn.confirmed += 1;
        sayLeft();
        ver.focus();
        app.notify(`Cita de ${nombre} del ${longDay(wall(c.fecha).day, app.today())} a las ${hora} confirmada.`);
      } catch (err) {
        attempt.failed(err);
        if (err instanceof ApiError && err.inProgress) app.fail(new ApiError(err.status, err.code, stillInProgress('Confirmar', err)));
        else if (err instanceof ApiError && err.status === 409) {
          // Confirmed, cancelled or changed meanwhile from another screen: the API's words, and the list as it now is.
          app.fail(err);
          await load();
        } else app.fail(err, () => void confirm());
      }
    }

    return h(
      'tr',
      { 'data-id': String(c.id_cita) },
      h('td', {}, hora),
      h('td', {}, nombre),
      h('td', {}, f.paciente ? phoneText(f.paciente.telefono) : ''),
      h('td', {}, f.doctor),
      h('td', {}, f.centro),
      h('td', {}, c.motivo),
      estado,
      h('td', {}, confirmar, ' ', ver),
    );
  }

  sendOnSubmit(form, { submit: mostrar, send: () => load(1) });
  replace(
    app.main,
    h('h1', {}, 'Citas por confirmar'),
    h('p', { class: 'nota' }, 'Las citas del día que siguen Programadas, de todos los doctores y centros, por hora: para llamar a cada paciente.'),
    form,
    lista,
    pages.element,
  );
  await load(1);
}
