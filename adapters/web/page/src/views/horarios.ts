import { api, withQuery, type Page } from '../api.js';
import type { App } from '../app.js';
import { absenceWords } from '../absence-words.js';
import { absenceDays, citasInside } from '../absence-citas.js';
import { citasTable, citasToCall, daysToCall, rememberToCall } from '../citas-to-call.js';
import { whenReached } from '../clock.js';
import { confirmForm } from '../confirm-form.js';
import { doctorDayCitas, type DayCitas } from '../doctor-day-citas.js';
import { doctorOptions } from '../doctor-options.js';
import { button, field, h, replace, select } from '../dom.js';
import { FormMessages } from '../form-messages.js';
import { sendOnSubmit } from '../form-send.js';
import { DIAS, franjasWords, longDay, wall } from '../format.js';
import { horaText } from '../repeated-hour.js';
import type { Ausencia, Conflicto, Franja, Horario } from '../types.js';

/**
 * What a saved schedule or absence says about the citas already booked that
 * now fall outside the doctor's time (the answer's `conflictos`): the API
 * keeps them, so whoever saved it must know which ones to move, and how, or
 * a patient comes to an empty chair. Each is named as reception knows it:
 * its day, hour and patient (conflictWords), never its id. `hecho`: what was
 * saved; `donde`: where the citas stand, said of one and of several; `read`:
 * the doctor's citas of their days, as the redraw after the save read them
 * (their days are remembered to call first), so naming them costs no read.
 */
async function savedWith(app: App, hecho: string, conflictos: Conflicto[], read: DayCitas, donde: { una: string; varias: string }): Promise<string> {
  if (!conflictos.length) return `${hecho}.`;
  const which = (await Promise.all(conflictos.map((c) => conflictWords(app, c, read)))).join('; ');
  const una = conflictos.length === 1;
  const n = una ? `1 cita ya reservada ${donde.una}` : `${conflictos.length} citas ya reservadas ${donde.varias}`;
  return `${hecho}. ${n} y sigue${una ? '' : 'n'} en pie: ${which}. ${una ? 'Cámbiela o cancélela' : 'Cámbielas o cancélelas'} desde la agenda.`;
}

/**
 * "el jueves, 10 de diciembre, a las 10:30, de Elena Dentro". The
 * answer names the cita, not its patient: she is found in the doctor's
 * citas of that day (`read`) and her name read as the agenda reads it
 * (Directory). A cita whose day could not be read now (citas busy) is
 * still named by its day and hour: what was saved is saved either way.
 */
async function conflictWords(app: App, c: Conflicto, read: DayCitas): Promise<string> {
  const cuando = `el ${longDay(wall(c.fecha).day, app.today())}, a las ${horaText(c.fecha, app.session.zona_horaria)}`;
  const cita = read.get(wall(c.fecha).day)?.find((x) => x.id_cita === c.id_cita);
  const nombre = cita && (await app.directory.nombrePaciente(cita.id_paciente).catch(() => undefined));
  return nombre ? `${cuando}, de ${nombre}` : cuando;
}

/**
 * Horarios y ausencias with a doctor chosen (app.go takes it): where Horario
 * on his row in Doctores sends her, to give a new doctor his hours without
 * finding him again. The address keeps him: a reload shows him still.
 */
export function horariosRoute(idDoctor: string | number): string {
  return `horarios?${new URLSearchParams({ doctor: String(idDoctor) }).toString()}`;
}

/** The doctor the address names (horariosRoute), if any: the select keeps its first doctor when he is not one of its options. */
function doctorInAddress(): string | undefined {
  return new URLSearchParams(location.hash.split('?')[1] ?? '').get('doctor') ?? undefined;
}

/**
 * The week behind the front desk: a doctor's weekly schedule (franjas per
 * center) and absences. Staff edit any doctor's; a doctor sees their
 * schedule and manages their own absences. Overlaps, conflicts with booked
 * citas and who may write are the API's to say. From the keyboard, every
 * button leaves the focus where the person carries on (the new franja, the
 * next absence, the saved form), never at the top of the page.
 */
export async function horariosView(app: App): Promise<void> {
  const medico = app.session.user.rol === 'medico';
  const [doctores, centros] = await Promise.all([app.directory.doctores(), app.directory.centros()]);
  const activos = doctores.filter((d) => d.activo);
  const doctorSel = select(
    'doctor',
    medico
      ? activos.filter((d) => d.id_doctor === app.session.user.id_doctor).map((d) => ({ value: String(d.id_doctor), label: d.nombre }))
      : doctorOptions(activos),
    medico ? undefined : doctorInAddress(),
    { disabled: medico },
  );
  const horarioZona = h('section', { 'aria-labelledby': 'titulo-horario' });
  const ausenciasZona = h('section', { 'aria-labelledby': 'titulo-ausencias' });
  const centroNombre = new Map(centros.map((c) => [c.id_centro, c.nombre]));
  /** The center whose schedule the form edits: kept across redraws, so saving one center does not jump back to the first. */
  let centroElegido: string | undefined;

  // Only the latest draw fills the page: a slow answer for a doctor chosen before never replaces the one chosen since.
  let latest = 0;
  /** Reads the chosen doctor's schedule and absences and draws them; false when a later draw has taken over. */
  /** The doctor's citas of the days the last draw read: what a save's answer names its conflictos from (savedWith). */
  let lastRead: DayCitas = new Map();
  async function draw(): Promise<boolean> {
    const mine = (latest += 1);
    const id = doctorSel.value;
    if (!id) {
      replace(horarioZona, h('p', {}, 'No hay doctores activos.'));
      return true;
    }
    // The absences not over now (the API's desde, an instant on the services' Clock): one that ended an hour ago is
    // over, as the API says when it refuses it, not listed until midnight as "from today" would.
    try {
      const [horario, ausencias] = await Promise.all([
        api<{ horarios: Horario[] }>('GET', `/citas/agenda/${id}/horario`),
        api<Page<Ausencia>>('GET', withQuery(`/citas/agenda/${id}/ausencias`, { desde: new Date(app.now()).toISOString(), page_size: 100 })),
      ]);
      if (mine !== latest) return false;
      // The citas inside the absences and those left to call, in one read of their days.
      const read = await doctorDayCitas(Number(id), [...ausencias.items.flatMap(absenceDays), ...daysToCall(Number(id))]);
      lastRead = read;
      // The phoning is reception's: a doctor reads his absences, and the citas inside each, without it.
      const llamar = app.isStaff ? await citasToCall(app, Number(id), read) : null;
      if (mine !== latest) return false;
      drawHorario(id, horario.horarios);
      drawAusencias(id, ausencias.items, read, llamar);
      return true;
    } finally {
      if (mine === latest) for (const zona of [horarioZona, ausenciasZona]) zona.removeAttribute('aria-busy');
    }
  }

  /**
   * Another doctor chosen: the previous one's schedule and absences leave the
   * screen at once, so nothing of theirs can be edited or saved under the new
   * name while the new one's are read.
   */
  function chooseDoctor(): void {
    history.replaceState(null, '', `#/${horariosRoute(doctorSel.value)}`);
    for (const zona of [horarioZona, ausenciasZona]) {
      zona.setAttribute('aria-busy', 'true');
      replace(zona, h('p', {}, 'Leyendo…'));
    }
    const mine = latest + 1;
    void draw().catch((err) => {
      if (mine === latest) app.fail(err, chooseDoctor);
    });
  }

  function drawHorario(id: string, horarios: Horario[]): void {
    const tabla = horarios.length
      ? h(
          'table',
          {},
          h('caption', {}, 'Horario semanal por centro'),
          h('thead', {}, h('tr', {}, ['Centro', 'Franjas', 'Duración de cita'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            {},
            horarios.map((x) =>
              h(
                'tr',
                {},
                h('td', {}, centroNombre.get(x.id_centro) ?? String(x.id_centro)),
                h('td', {}, franjasWords(x.franjas)),
                h('td', {}, `${x.duracion_cita_min} min`),
              ),
            ),
          ),
        )
      : h('p', {}, 'Sin horario: se reserva según la jornada por defecto de la clínica.');
    replace(horarioZona, h('h2', { id: 'titulo-horario' }, 'Horario'), tabla, medico ? null : horarioForm(id, horarios));
  }

  function horarioForm(id: string, horarios: Horario[]): HTMLElement {
    const centro = select('id_centro', centros.filter((c) => c.activo).map((c) => ({ value: String(c.id_centro), label: c.nombre })), centroElegido);
    const duracion = h('input', {
      type: 'number',
      name: 'duracion_cita_min',
      min: app.session.limites.duracion_cita_min_min,
      max: app.session.limites.duracion_cita_max_min,
      step: app.session.limites.duracion_cita_paso_min,
      value: '30',
    });
    const filas = h('div', { class: 'franjas' });
    const error = h('p', { class: 'error', role: 'alert' });
    const conflictos = h('div', {});
    const anadir = button('Añadir franja', () => addRow(following()).focus());
    /**
     * A new franja follows the last one: the next day, the same hours. A week of equal days (the usual one) is then
     * typed once and Añadir franja pressed for each day after; another day or hour is a change to what is there.
     * The first franja is a Monday morning.
     */
    const following = (): Franja | undefined => {
      const last = filas.lastElementChild;
      if (!last) return undefined;
      const value = (name: string) => last.querySelector<HTMLInputElement | HTMLSelectElement>(`[name=${name}]`)!.value;
      return { dia: (Number(value('dia')) % DIAS.length) + 1, desde: value('desde'), hasta: value('hasta') };
    };
    const addRow = (f?: Franja): HTMLSelectElement => {
      const dia = select('dia', DIAS.map((d, i) => ({ value: String(i + 1), label: d })), String(f?.dia ?? 1));
      const desde = h('input', { type: 'time', name: 'desde', value: f?.desde ?? '09:00', required: true });
      const hasta = h('input', { type: 'time', name: 'hasta', value: f?.hasta ?? '14:00', required: true });
      const quitar = () => {
        // The focus goes to the franja that takes this one's place, else the one before, else Añadir franja.
        const next = (row.nextElementSibling ?? row.previousElementSibling)?.querySelector('button');
        row.remove();
        (next ?? anadir).focus();
      };
      // Named for its list, as the API names a franja as a whole (franjas.N: form-messages.ts).
      const row: HTMLElement = h('fieldset', { class: 'franja', name: 'franjas' }, h('legend', {}, 'Franja'), field('Día', dia), field('Desde', desde), field('Hasta', hasta), button('Quitar franja', quitar));
      filas.appendChild(row);
      return dia;
    };
    const fill = () => {
      filas.replaceChildren();
      const current = horarios.find((x) => String(x.id_centro) === centro.value);
      duracion.value = String(current?.duracion_cita_min ?? 30);
      for (const f of current?.franjas ?? []) addRow(f);
    };
    centro.addEventListener('change', () => {
      centroElegido = centro.value;
      fill();
    });
    fill();
    const guardar = h('button', { type: 'submit' }, 'Guardar horario');
    const form = h(
      'form',
      { class: 'horario', 'aria-label': 'Editar el horario en un centro' },
      h('h3', {}, 'Editar horario'),
      field('Centro', centro),
      filas,
      anadir,
      field('Duración de cita (min)', duracion),
      error,
      guardar,
      conflictos,
    );
    const messages = new FormMessages(app, error, form);
    // Busy until the schedule is drawn again: a press meanwhile would save it twice.
    sendOnSubmit(form, {
      submit: guardar,
      messages,
      send: async () => {
        const franjas = [...filas.querySelectorAll('fieldset.franja')].map((row) => ({
          dia: Number(row.querySelector<HTMLSelectElement>('select')!.value),
          desde: row.querySelector<HTMLInputElement>('input[name=desde]')!.value,
          hasta: row.querySelector<HTMLInputElement>('input[name=hasta]')!.value,
        }));
        const r = await api<{ conflictos: Conflicto[] }>('PUT', `/citas/agenda/${id}/horario`, {
          id_centro: Number(centro.value),
          franjas,
          duracion_cita_min: Number(duracion.value),
        });
        centroElegido = centro.value;
        rememberToCall(Number(id), r.conflictos);
        await draw();
        horarioZona.querySelector<HTMLElement>('button[type=submit]')?.focus();
        // Said once the screen shows it (here and below): a status read out before the redraw left the focus on what was replaced.
        app.notify(await savedWith(app, 'Horario guardado', r.conflictos, lastRead, { una: 'queda fuera', varias: 'quedan fuera' }));
      },
    });
    return form;
  }

  /**
   * Each absence with the citas still inside it (`read`: the doctor's citas of its days), which Ver las citas
   * shows in Citas que llamar's table; `llamar`: the citas left behind that reception has still to call
   * (citas-to-call.ts), above the new absence's form.
   */
  function drawAusencias(id: string, ausencias: Ausencia[], read: DayCitas, llamar: HTMLElement | null): void {
    // A new absence starts as the whole of today by the services' clock: a doctor off sick today is then one press, and
    // another day or hour is a change to the date or hour already there, not two fields typed in full from empty.
    const hoy = app.today();
    const desde = h('input', { type: 'datetime-local', name: 'desde', required: true, value: `${hoy}T00:00` });
    const hasta = h('input', { type: 'datetime-local', name: 'hasta', required: true, value: `${hoy}T23:59` });
    const motivo = h('input', { name: 'motivo', maxlength: app.session.limites.motivo_ausencia });
    const error = h('p', { class: 'error', role: 'alert' });
    const anadir = h('button', { type: 'submit' }, 'Añadir ausencia');
    const form = h('form', { class: 'ausencia', 'aria-label': 'Nueva ausencia' }, h('h3', {}, 'Nueva ausencia'), field('Desde', desde), field('Hasta', hasta), field('Motivo', motivo), error, anadir);
    /** After the list is drawn again: the focus on the absence now at `index`, else on a fresh form's Desde. */
    const focusAusencia = (index: number) => {
      const borrar = [...ausenciasZona.querySelectorAll<HTMLElement>('ul.ausencias li > button.borrar')];
      (borrar[Math.min(index, borrar.length - 1)] ?? ausenciasZona.querySelector<HTMLElement>('form.ausencia input[name=desde]'))?.focus();
    };
    const messages = new FormMessages(app, error, form);
    // Busy until the list shows the new absence: a press meanwhile would register it twice.
    sendOnSubmit(form, {
      submit: anadir,
      messages,
      send: async () => {
        // A field left empty is left out, so the API says it is missing ("Falta este campo.") rather than that ":00" is no date.
        const at = (input: HTMLInputElement) => (input.value ? `${input.value}:00` : undefined);
        const r = await api<{ conflictos: Conflicto[] }>('POST', `/citas/agenda/${id}/ausencias`, { desde: at(desde), hasta: at(hasta), ...(motivo.value.trim() ? { motivo: motivo.value.trim() } : {}) });
        rememberToCall(Number(id), r.conflictos);
        await draw();
        ausenciasZona.querySelector<HTMLElement>('form.ausencia input[name=desde]')?.focus(); // ready for the next one
        app.notify(await savedWith(app, 'Ausencia registrada', r.conflictos, lastRead, { una: 'cae dentro', varias: 'caen dentro' }));
      },
    });
    /** The confirmation Borrar opened, while it is on screen: one at a time. */
    let asking: { form: HTMLElement; borrar: HTMLButtonElement } | undefined;
    const closeAsk = () => {
      const opener = asking?.borrar;
      asking?.form.remove();
      asking = undefined;
      opener?.focus();
    };
    /** Borrar asks first (confirm-form.ts, as Cancelar on a cita), naming the absence by its days and hours. */
    const ask = (item: HTMLElement, borrar: HTMLButtonElement, a: Ausencia, index: number, words: string) => {
      if (asking) closeAsk();
      const form = confirmForm({
        label: 'Borrar la ausencia',
        className: 'borrar-ausencia',
        question: `¿Borrar la ausencia ${words}${a.motivo ? ` (${a.motivo})` : ''}?`,
        confirm: 'Confirmar borrado',
        onConfirm: async () => {
          try {
            await api('DELETE', `/citas/agenda/${id}/ausencias/${a.id_ausencia}`);
            await draw();
            focusAusencia(index);
            app.notify('Ausencia borrada.');
          } catch (err) {
            app.fail(err);
          }
        },
        close: closeAsk,
      });
      asking = { form, borrar };
      item.append(form);
    };
    /**
     * What an absence still has inside: "2 citas dentro" and Ver las citas, which opens them under it in
     * Citas que llamar's table (citasTable), to move or cancel from the agenda; nothing when none is left.
     */
    const citasDentro = (a: Ausencia, words: string): (string | HTMLElement)[] => {
      const dentro = citasInside(a, read, app.now());
      if (!dentro) return [' · No se han podido leer sus citas.'];
      if (dentro.length === 0) return [];
      const n = dentro.length === 1 ? '1 cita dentro' : `${dentro.length} citas dentro`;
      let tabla: HTMLElement | undefined;
      const ver: HTMLButtonElement = button(
        'Ver las citas',
        async () => {
          if (tabla) {
            tabla.remove();
            tabla = undefined;
          } else {
            tabla = await citasTable(app, dentro, { caption: `Citas dentro de la ausencia ${words}`, className: 'dentro' });
            ver.closest('li')?.append(tabla);
          }
          ver.setAttribute('aria-expanded', String(Boolean(tabla)));
        },
        { 'aria-expanded': 'false', 'aria-label': `Ver las citas dentro de la ausencia ${words}` },
      );
      return [` · ${n} `, ver];
    };
    const none = () => h('p', {}, 'Ninguna ausencia próxima.');
    /**
     * An absence listed ends (draw lists those not over, on the services'
     * clock): it leaves the list then, as the API would now refuse to take
     * it, not when the list is next read. Only it goes: what is being typed
     * in Nueva ausencia stays, and a focus on it goes on to the next absence.
     */
    const ended = (item: HTMLElement) => {
      const list = item.parentElement;
      const index = list ? [...list.children].indexOf(item) : 0;
      const focused = item.contains(document.activeElement);
      if (asking && item.contains(asking.form)) asking = undefined;
      item.remove();
      if (list && list.children.length === 0) list.replaceWith(none());
      if (focused) focusAusencia(index);
    };
    replace(
      ausenciasZona,
      h('h2', { id: 'titulo-ausencias' }, medico ? 'Mis ausencias' : 'Ausencias'),
      ausencias.length
        ? h(
            'ul',
            { class: 'ausencias' },
            ausencias.map((a, index) => {
              const words = absenceWords(a, app.session.zona_horaria, app.today());
              const borrar = button('Borrar', () => ask(item, borrar, a, index, words), { class: 'borrar', 'aria-label': `Borrar la ausencia ${words}` });
              const item = h('li', {}, `${words.replace(/^del/, 'Del')}${a.motivo ? ` · ${a.motivo}` : ''}`, ...citasDentro(a, words), ' ', borrar);
              whenReached(app.now, Date.parse(a.hasta), () => ended(item), () => item.isConnected);
              return item;
            }),
          )
        : none(),
      llamar,
      form,
    );
  }

  doctorSel.addEventListener('change', chooseDoctor);
  replace(app.main, h('h1', {}, medico ? 'Mis ausencias' : 'Horarios y ausencias'), field('Doctor', doctorSel), horarioZona, ausenciasZona);
  await draw();
}
