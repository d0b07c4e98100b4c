import { absenceBlock } from '../absence-block.js';
import { all, withQuery, api } from '../api.js';
import type { App } from '../app.js';
import { whenReached } from '../clock.js';
import { chooseDeskCentro, deskCentro } from '../desk-centro.js';
import { centerName } from '../directory.js';
import { doctorOptions } from '../doctor-options.js';
import { button, field, h, replace, select } from '../dom.js';
import { isoAfter } from '../clinic-wall-clock.js';
import { addDays, estadoLabel, hhmm, isoWeekday, longDay, mondayOf, shortDay, wall } from '../format.js';
import { type GridColumn, type GridItem, mapLimit, timeGrid } from '../grid.js';
import { fitGridsToScreen } from '../grid-height.js';
import { horaLabel, horaOf, horaText, timeRound } from '../repeated-hour.js';
import { rowsOf, skippedOn, type WallSpan } from '../skipped-hour.js';
import type { Ausencia, Cita, Disponibilidad, Doctor, Horario } from '../types.js';
import { whoBooksNote } from '../who-books.js';
import { bookingForm, type BookingPrefill } from './booking.js';
import { citaPanel } from './cita.js';
import { nowAndNext } from './now-and-next.js';

/**
 * The agenda of a center: a day with its doctors side by side, or a week
 * (one time grid per doctor). Citas are blocks coloured by estado with the
 * patient's name; free slots come from GET /citas/disponibilidad; a
 * doctor's absences (GET /agenda/{id}/ausencias) are "Ausente" blocks
 * behind his citas (absence-block.ts), on the days he works where the
 * agenda looks (his GET /agenda/{id}/horario) or has citas or free slots. A free
 * slot opens the booking form for whoever may book (the session's
 * puede_reservar); for anyone else it is a note, and the agenda says who
 * books (who-books.ts). A cita opens its panel. A doctor sees their own agenda here,
 * in every center. An agenda on the clinic's today follows the day: at
 * midnight it moves to the new today (a day she chose stays where it is).
 */
export interface AgendaState {
  centro: string;
  doctor: string;
  fecha: string;
  vista: 'dia' | 'semana';
  canceladas: boolean;
}

/**
 * How long a read of the agenda may take before its place says "Cargando…":
 * a quicker one is drawn with nothing in between (a flash of words is
 * worse than none), a slower one is not a blank she takes for an empty day.
 */
const LOADING_AFTER_MS = 400;

/** The agenda's choices when she last left it: she comes back to them by the menu (the center her desk works aside, desk-centro.ts). */
let remembered: AgendaState | undefined;
/**
 * Whether the agenda was last drawn on the clinic's today: it then follows
 * the day, on screen at midnight and when she comes back to it from another
 * page after midnight (an address that names a fecha still wins).
 */
let onToday = false;

/** The agenda's choices live in the address (#/agenda?centro=1&fecha=...&vista=semana): reload and links keep them. */
function fromUrl(base: AgendaState): AgendaState {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const fecha = q.get('fecha');
  return {
    centro: q.get('centro') ?? base.centro,
    doctor: q.get('doctor') ?? base.doctor,
    fecha: fecha && /^\d{4}-\d{2}-\d{2}$/.test(fecha) ? fecha : base.fecha,
    vista: q.get('vista') === 'semana' ? 'semana' : q.get('vista') === 'dia' ? 'dia' : base.vista,
    canceladas: q.has('canceladas') ? q.get('canceladas') === '1' : base.canceladas,
  };
}

/** The agenda's route with these choices (app.go takes it): a cita opened from elsewhere (Pacientes) is shown on its day and center. */
export function agendaRoute(s: AgendaState): string {
  const q = new URLSearchParams({ centro: s.centro, doctor: s.doctor, fecha: s.fecha, vista: s.vista, canceladas: s.canceladas ? '1' : '0' });
  return `agenda?${q.toString()}`;
}

function toUrl(s: AgendaState): void {
  history.replaceState(null, '', `#/${agendaRoute(s)}`);
}

export async function agendaView(app: App): Promise<void> {
  const medico = app.session.user.rol === 'medico';
  const ownDoctor = app.session.user.id_doctor;
  const [doctores, centros] = await Promise.all([app.directory.doctores(), app.directory.centros()]);
  const activos = doctores.filter((d) => d.activo);
  /**
   * Whether `day` is one a doctor without any schedule works, and can be
   * booked on (the session's dias_jornada, core's): the days a doctor's
   * week always shows.
   */
  const jornadaDay = (day: string): boolean => app.session.dias_jornada.includes(isoWeekday(day));
  const centrosActivos = centros.filter((c) => c.activo);
  // Reception opens on the center her desk works, chosen here or in Por confirmar (desk-centro.ts); a doctor, on his own.
  const centroDeEntrada = medico ? remembered?.centro : (deskCentro() ?? remembered?.centro);
  const state: AgendaState = fromUrl(
    remembered
      ? { ...remembered, centro: centroDeEntrada ?? remembered.centro, fecha: onToday ? app.today() : remembered.fecha }
      : {
          centro: medico ? '' : (centroDeEntrada ?? String(centrosActivos[0]?.id_centro ?? '')),
          doctor: medico ? String(ownDoctor ?? '') : '',
          fecha: app.today(),
          vista: 'dia',
          canceladas: false,
        },
  );
  if (medico) state.doctor = String(ownDoctor ?? '');
  remembered = state;

  const centroSel = select(
    'centro',
    [...(medico ? [{ value: '', label: 'Todos los centros' }] : []), ...centrosActivos.map((c) => ({ value: String(c.id_centro), label: c.nombre }))],
    state.centro,
  );
  const doctorSel = select(
    'doctor',
    medico
      ? activos.filter((d) => d.id_doctor === ownDoctor).map((d) => ({ value: String(d.id_doctor), label: d.nombre }))
      : [{ value: '', label: 'Todos los doctores' }, ...doctorOptions(activos)],
    state.doctor,
    { disabled: medico },
  );
  const fechaInput = h('input', { type: 'date', name: 'fecha', value: state.fecha, required: true });
  const canceladas = h('input', { type: 'checkbox', name: 'canceladas', checked: state.canceladas });
  const vistaDia = button('Día', () => setVista('dia'), { 'aria-pressed': String(state.vista === 'dia') });
  const vistaSemana = button('Semana', () => setVista('semana'), { 'aria-pressed': String(state.vista === 'semana') });
  const titulo = h('h1', {}, medico ? 'Mi agenda' : 'Agenda');
  const resumen = h('p', { class: 'resumen', 'aria-live': 'polite' });
  /** Who is now and who is next (now-and-next.ts): on one doctor's agenda that shows today. */
  const ahora = h('div');
  const zona = h('div', { class: 'agenda-zona' });
  const detalle = h('div', { class: 'detalle' });
  const layout = h('div', { class: 'agenda-layout' }, zona, detalle);

  // Día, Semana, Anterior, Hoy and Siguiente return the reload: their button is busy until the agenda is drawn
  // (dom.ts, button), so a double press moves one day, not two.
  function setVista(v: 'dia' | 'semana'): Promise<void> {
    state.vista = v;
    vistaDia.setAttribute('aria-pressed', String(v === 'dia'));
    vistaSemana.setAttribute('aria-pressed', String(v === 'semana'));
    return reload();
  }
  function move(days: number): Promise<void> {
    state.fecha = addDays(state.fecha || app.today(), days);
    fechaInput.value = state.fecha;
    return reload();
  }
  centroSel.addEventListener('change', () => {
    state.centro = centroSel.value;
    chooseDeskCentro(state.centro);
    void reload();
  });
  doctorSel.addEventListener('change', () => {
    state.doctor = doctorSel.value;
    void reload();
  });
  fechaInput.addEventListener('change', () => {
    if (!fechaInput.value) return;
    state.fecha = fechaInput.value;
    void reload();
  });
  canceladas.addEventListener('change', () => {
    state.canceladas = canceladas.checked;
    void reload();
  });

  const controls = h(
    'form',
    { class: 'controles', role: 'search', 'aria-label': 'Qué agenda ver', onsubmit: (e: Event) => e.preventDefault() },
    field('Centro', centroSel),
    field('Doctor', doctorSel),
    field('Fecha', fechaInput),
    h('div', { class: 'grupo', role: 'group', 'aria-label': 'Vista' }, vistaDia, vistaSemana),
    h(
      'div',
      { class: 'grupo', role: 'group', 'aria-label': 'Moverse' },
      button('Anterior', () => move(state.vista === 'dia' ? -1 : -7)),
      button('Hoy', () => {
        state.fecha = app.today();
        fechaInput.value = state.fecha;
        return reload();
      }),
      button('Siguiente', () => move(state.vista === 'dia' ? 1 : 7)),
    ),
    h('div', { class: 'campo check' }, canceladas, h('label', { for: (canceladas.id = 'ver-canceladas') }, 'Mostrar canceladas')),
  );

  replace(app.main, titulo, controls, resumen, ahora, whoBooksNote(app.session), layout);
  fitGridsToScreen(zona);


  /** `followUp`: shown after an action of the panel or the form, whose message ("Cita reservada...") must stay. */
  async function openCita(cita: Cita, followUp = false) {
    if (!followUp) app.clearMessages();
    const panel = await citaPanel(app, cita, {
      onChanged: async (next) => {
        if (next) showWhereItIs(next);
        await reload();
        if (next) await openCita(next, true);
      },
    });
    replace(detalle, panel);
    showInGrid(`cita ${cita.id_cita}`);
    panel.querySelector<HTMLElement>('h2')?.focus();
  }

  /**
   * The block `key` names is brought on screen if it is not: a cita opened
   * from elsewhere (Ver en la agenda, open-in-agenda.ts) or moved by Cambiar
   * may be at 17:30, far below the morning the day starts with, or in a
   * doctor's column scrolled away in the grid's box. One already in view
   * stays where she pressed it. Beside the grid, the panel stays on screen
   * (styles.css, .detalle); under it (a narrow screen), the focus then
   * takes her on to the panel.
   */
  function showInGrid(key: string): void {
    const block = blockOf(key);
    if (!block) return;
    const r = block.getBoundingClientRect();
    const box = block.closest('.rejilla-scroll')?.getBoundingClientRect();
    // The column's heading and the hours stay pinned over the grid's box (styles.css): a block under them is not seen.
    const below = block.closest('.columna')?.querySelector('h3')?.getBoundingClientRect().bottom ?? 0;
    const rightOf = block.closest('.rejilla')?.querySelector('.col-horas')?.getBoundingClientRect().right ?? 0;
    const inView =
      r.top >= Math.max(0, below) && r.bottom <= Math.min(innerHeight, box?.bottom ?? innerHeight) && r.left >= rightOf && r.right <= (box?.right ?? innerWidth);
    if (!inView) block.scrollIntoView({ block: 'center', inline: 'nearest' });
  }

  /**
   * A cita changed from its panel (Cambiar) may now be on another day, at
   * another center or with another doctor than the agenda shows: the agenda
   * moves there (as a cita opened from Pacientes does), so she sees the cita
   * she just placed. What already shows it (its day, or its week; every
   * center or its own) stays as chosen.
   */
  function showWhereItIs(cita: Cita): void {
    const day = wall(cita.fecha).day;
    const shown = state.fecha || app.today();
    if (state.vista === 'dia' ? day !== shown : mondayOf(day) !== mondayOf(shown)) state.fecha = fechaInput.value = day;
    const offered = (sel: HTMLSelectElement, value: string) => [...sel.options].some((o) => o.value === value);
    const centro = String(cita.id_centro);
    if (state.centro && state.centro !== centro && offered(centroSel, centro)) state.centro = centroSel.value = centro;
    const doctor = String(cita.id_doctor);
    if (state.doctor && state.doctor !== doctor && offered(doctorSel, doctor)) state.doctor = doctorSel.value = doctor;
  }

  /** The booking form on screen, and the key (GridItem.key) of the free slot that opened it. */
  let booking: { form: HTMLFormElement; slot: string } | undefined;

  /**
   * A free slot pressed: its booking form. A press on the slot whose form
   * is already open (the second click of a double-click, say) leaves that
   * form as it is: its free slots are read once, and what she typed stays.
   */
  function openBooking(prefill: BookingPrefill, slot: string) {
    if (booking?.slot === slot && booking.form.isConnected) {
      booking.form.querySelector<HTMLElement>('h2')?.focus();
      return;
    }
    app.clearMessages();
    const form = bookingForm(app, {
      prefill,
      onDone: async (outcome) => {
        await reload();
        if (outcome.cita) await openCita(outcome.cita, true);
      },
      close: () => closeBooking(slot),
    });
    booking = { form, slot };
    replace(detalle, form);
    // The slot chose doctor, center, day and hour: she is put in Paciente, the caller's name typed at once (the
    // form is named by its heading, which a screen reader says on the way in).
    (form.querySelector<HTMLElement>('input[name=paciente]:not([readonly])') ?? form.querySelector<HTMLElement>('h2'))?.focus();
  }

  /**
   * Volver or Escape on the booking form: it goes, and the focus goes back
   * to the free slot that opened it, found by its key in the grid as now
   * drawn; to Fecha, which says the day, if the grid no longer has it
   * (booked meanwhile from another screen).
   */
  function closeBooking(slot: string) {
    detalle.replaceChildren();
    booking = undefined;
    (blockOf(slot) ?? fechaInput).focus();
  }

  /** The block of the grid as now drawn that `key` names (GridItem.key), if it is there. */
  function blockOf(key: string): HTMLElement | undefined {
    return [...zona.querySelectorAll<HTMLElement>('[data-clave]')].find((el) => el.dataset.clave === key);
  }

  // Only the latest reload draws: a slow answer to an earlier choice never replaces a newer one.
  let latest = 0;
  async function reload(): Promise<void> {
    // An agenda she left before it was drawn (its data came after she pressed another page) is on no page: it must
    // not write #/agenda into the address, which would take her back to it, nor read citas nobody will see.
    if (!zona.isConnected) return;
    onToday = state.fecha === app.today();
    toUrl(state);
    const mine = (latest += 1);
    zona.setAttribute('aria-busy', 'true');
    const slow = setTimeout(() => {
      if (mine === latest) loading();
    }, LOADING_AFTER_MS);
    try {
      await draw(() => mine === latest);
    } catch (err) {
      if (mine === latest) unreadable();
      app.fail(err, () => void reload());
    } finally {
      clearTimeout(slow);
      if (mine === latest) zona.removeAttribute('aria-busy');
    }
  }

  /** What the agenda now chosen is, in words: "la agenda del lunes, 7 de diciembre", "la semana del ..." (longDay). */
  function chosenInWords(): string {
    const fecha = state.fecha || app.today();
    return state.vista === 'dia' ? `la agenda del ${longDay(fecha, app.today())}` : `la semana del ${longDay(mondayOf(fecha), app.today())}`;
  }

  /**
   * The agenda now chosen is slow to read (a center's day with many
   * doctors, a slow service): the grid chosen before goes, as it would
   * under the new Fecha, and "Cargando…" takes its place; the polite
   * summary line says it once. Only after LOADING_AFTER_MS, so a quick
   * read draws its grid with no flash in between. The line names no day:
   * she has just chosen it, and a line naming it would read as that day's
   * agenda being on screen (the drawn line's words) before it is.
   */
  function loading(): void {
    resumen.textContent = `Cargando ${state.vista === 'dia' ? 'la agenda' : 'la semana'}…`;
    zona.replaceChildren(h('p', { class: 'vacio' }, 'Cargando…'));
  }

  /**
   * The read of the agenda now chosen failed: the grid on screen is the one
   * chosen before (another day, center or doctor). Under the new Fecha it
   * would be read as that day's, and its free slots would book the other
   * one; it goes, and the agenda says which it could not read (the alert
   * line says why and offers Reintentar).
   */
  function unreadable(): void {
    resumen.textContent = '';
    zona.replaceChildren(h('p', { class: 'vacio' }, `No se ha podido leer ${chosenInWords()}.`));
  }

  async function draw(current: () => boolean): Promise<void> {
    const fecha = state.fecha || app.today();
    const days = state.vista === 'dia' ? [fecha] : Array.from({ length: 7 }, (_, i) => addDays(mondayOf(fecha), i));
    const idCentro = state.centro ? Number(state.centro) : undefined;
    const chosen = (d: Doctor) => !state.doctor || String(d.id_doctor) === state.doctor;
    const citasPorDia = await mapLimit(days, 4, (day) =>
      all<Cita>('/citas/citas', { fecha: day, id_centro: idCentro, id_doctor: state.doctor || undefined }),
    );
    const citas = citasPorDia.flat().filter((c) => state.canceladas || c.estado !== 'Cancelada');
    // A deactivated doctor has no free slots, but the citas he still holds stay on the agenda: reception must move them.
    const withCitas = new Set(citas.map((c) => c.id_doctor));
    const picked = [...activos.filter(chosen), ...doctores.filter((d) => !d.activo && chosen(d) && withCitas.has(d.id_doctor))];
    const pairs = activos.filter(chosen).flatMap((d) => days.map((day) => ({ d, day })));
    // The absences of every doctor shown, one read each, alongside the free slots: a failed one fails the agenda like
    // any of its reads (a day drawn without them would show the doctor as in).
    const [disp, ausencias] = await Promise.all([
      mapLimit(pairs, 6, ({ d, day }) =>
        api<Disponibilidad>('GET', withQuery('/citas/citas/disponibilidad', { id_doctor: d.id_doctor, fecha: day, id_centro: idCentro })),
      ),
      mapLimit(picked, 6, (d) => all<Ausencia>(`/citas/agenda/${d.id_doctor}/ausencias`, { desde: days[0], hasta: days[days.length - 1] })),
    ]);
    const ausenciasDe = new Map(picked.map((d, i) => [d.id_doctor, ausencias[i]]));
    // The weekly schedule only of a doctor away on these days (worksOn): on most days nobody is, and the agenda of
    // every doctor of a center makes no read more than it did before absences were drawn.
    const away = picked.filter((d) => (ausenciasDe.get(d.id_doctor) ?? []).length > 0);
    const horarios = await mapLimit(away, 6, (d) => api<{ horarios: Horario[] }>('GET', `/citas/agenda/${d.id_doctor}/horario`));
    const horariosDe = new Map(away.map((d, i) => [d.id_doctor, horarios[i].horarios]));
    /**
     * Whether the doctor works on `day` where this agenda looks: a franja that
     * weekday at the center shown (at any, in Mi agenda or with no center
     * chosen). Only then does an absence alone give him a column that day:
     * one who works at another center, or not on Saturdays, is not "away"
     * from here. A doctor with no schedule at all can be booked at any center
     * on a working day of the clinic's default jornada (jornadaDay).
     */
    const worksOn = (doctor: Doctor, day: string): boolean => {
      const own = horariosDe.get(doctor.id_doctor) ?? [];
      if (own.length === 0) return jornadaDay(day);
      return own.some((x) => (idCentro === undefined || x.id_centro === idCentro) && x.franjas.some((f) => f.dia === isoWeekday(day)));
    };
    const subtitle = (d: Doctor) => (d.activo ? d.especialidad : `${d.especialidad} · de baja`);
    const names = new Map<number, string>();
    await mapLimit([...new Set(citas.map((c) => c.id_paciente))], 6, async (id) => {
      names.set(id, await app.directory.nombrePaciente(id));
    });
    const centros = new Map((await app.directory.centros()).map((c) => [c.id_centro, c]));

    const zone = app.session.zona_horaria;
    /** The night the clocks go back, a block of the hour that happens twice takes the left half (the first time) or the right (an hour later): both are on screen. */
    const round = (iso: string): string => ['', ' primera-vuelta', ' segunda-vuelta'][timeRound(iso, zone)];
    const skippedItem = ({ fromMin, toMin }: WallSpan): GridItem => {
      const line = `${hhmm(fromMin)} a ${hhmm(toMin)} no existe (cambio de hora)`;
      return { startMin: fromMin, endMin: toMin, lines: [line], ariaLabel: `${line}: el reloj pasa de las ${hhmm(fromMin)} a las ${hhmm(toMin)}`, className: 'salto' };
    };
    const itemsFor = (doctor: Doctor, day: string): GridItem[] => {
      const out: GridItem[] = [];
      for (const c of citas) {
        if (c.id_doctor !== doctor.id_doctor || wall(c.fecha).day !== day) continue;
        const fin = isoAfter(c.fecha, c.duracion_min, zone);
        const rows = rowsOf(c.fecha, fin);
        const paciente = names.get(c.id_paciente) ?? '';
        const where = idCentro ? '' : ` · ${centerName(centros.get(c.id_centro), c.id_centro)}`;
        const time = horaText(c.fecha, zone);
        const lines = [paciente, `${estadoLabel(app.session, c.estado)}${where}`];
        out.push({
          startMin: rows.fromMin,
          endMin: rows.toMin,
          time,
          lines,
          ariaLabel: `Cita ${time} ${lines.join(', ')}, hasta las ${horaText(fin, zone)}`,
          className: `cita estado-${c.estado}${round(c.fecha)}`,
          key: `cita ${c.id_cita}`,
          aside: c.estado === 'Cancelada',
          onClick: () => void openCita(c),
        });
      }
      const i = pairs.findIndex((p) => p.d === doctor && p.day === day);
      for (const hueco of disp[i]?.huecos ?? []) {
        const rows = rowsOf(hueco.inicio, hueco.fin);
        const hora = horaOf(hueco.inicio, zone);
        const where = idCentro ? '' : ` · ${hueco.id_centro === null ? 'cualquier centro' : centerName(centros.get(hueco.id_centro), hueco.id_centro)}`;
        const bookable = app.session.puede_reservar;
        const key = `hueco ${doctor.id_doctor} ${day} ${hora} ${hueco.id_centro ?? ''}`;
        out.push({
          startMin: rows.fromMin,
          endMin: rows.toMin,
          lines: [`Libre ${horaLabel(hora)}${where}`],
          ariaLabel: `Libre ${horaLabel(hora)} a ${horaText(hueco.fin, zone)}${bookable ? ', reservar' : ''}`,
          className: `hueco${round(hueco.inicio)}`,
          key,
          onClick: bookable
            ? () => openBooking({ id_doctor: doctor.id_doctor, id_centro: hueco.id_centro ?? idCentro, fecha: day, hora }, key)
            : undefined,
        });
      }
      // His absences in a column shown anyway (citas or free slots), or on a day he works here (worksOn).
      if (out.length > 0 || worksOn(doctor, day)) {
        for (const a of ausenciasDe.get(doctor.id_doctor) ?? []) {
          const block = absenceBlock(a, day, zone);
          if (block) out.push(block);
        }
      }
      // The hour the clocks skip, over the blocks across it, in a column that has any (a day off stays out of the week).
      if (out.length) out.push(...skippedOn(day, zone).map(skippedItem));
      return out;
    };

    const grids: HTMLElement[] = [];
    if (state.vista === 'dia') {
      const columns: GridColumn[] = picked
        .map((d) => ({ title: d.nombre, subtitle: subtitle(d), items: itemsFor(d, fecha), empty: 'Sin huecos ni citas.' }))
        .filter((col) => state.doctor || col.items.length > 0);
      grids.push(
        columns.length
          ? timeGrid(`Agenda del ${longDay(fecha, app.today())}`, columns)
          : h('p', { class: 'vacio' }, 'Ningún doctor tiene huecos ni citas este día en este centro.'),
      );
    } else {
      for (const d of picked) {
        const columns = days
          .map((day) => ({ title: shortDay(day), items: itemsFor(d, day), empty: 'Sin huecos.', day }))
          .filter((col) => col.items.length > 0 || jornadaDay(col.day));
        if (!state.doctor && columns.every((c) => c.items.length === 0)) continue;
        grids.push(h('section', { class: 'semana-doctor' }, h('h2', {}, `${d.nombre} · ${subtitle(d)}`), timeGrid(`Semana de ${d.nombre}`, columns)));
      }
      if (grids.length === 0) grids.push(h('p', { class: 'vacio' }, 'Ningún doctor tiene huecos ni citas esta semana en este centro.'));
    }
    if (!current()) return;
    const activas = citas.filter((c) => c.estado !== 'Cancelada').length;
    resumen.textContent =
      state.vista === 'dia'
        ? `${longDay(fecha, app.today())}: ${activas} ${activas === 1 ? 'cita' : 'citas'}.`
        : `Semana del ${longDay(days[0], app.today())}: ${activas} ${activas === 1 ? 'cita' : 'citas'}.`;
    zona.replaceChildren(...grids);
    const today = app.today();
    const ofToday = citas.filter((c) => String(c.id_doctor) === state.doctor && wall(c.fecha).day === today);
    const nameOf = (c: Cita) => names.get(c.id_paciente) ?? '';
    ahora.replaceChildren(...(state.doctor && days.includes(today) ? [nowAndNext(app, ofToday, nameOf, (c) => void openCita(c))] : []));
  }

  /**
   * At each clinic midnight, while this agenda is on screen: if it was on
   * the day that just ended, it shows the new one. A focus in the grid
   * (whose slots are drawn anew) goes to the Fecha field, which says the day.
   */
  function followTheDay(): void {
    const moveOn = () => {
      if (onToday && state.fecha !== app.today()) {
        const inGrid = zona.contains(document.activeElement);
        state.fecha = app.today();
        fechaInput.value = state.fecha;
        void reload().then(() => {
          if (inGrid && !zona.contains(document.activeElement)) fechaInput.focus();
        });
      }
      followTheDay();
    };
    whenReached(app.now, app.nextDay(), moveOn, () => zona.isConnected);
  }
  followTheDay();

  const handed = app.takeState<{ cita?: Cita }>();
  await reload();
  if (handed?.cita) await openCita(handed.cita, true);
}
