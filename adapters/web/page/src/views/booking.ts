import { api, ApiError, type Page, withQuery } from '../api.js';
import type { App } from '../app.js';
import { citaReadBack } from '../cita-words.js';
import { doctorOptions } from '../doctor-options.js';
import { button, closesOnEscape, field, h, replace, select, setOptions, uid } from '../dom.js';
import { addDays, estadoLabel, nearLongDay, wall } from '../format.js';
import { nameAndPhone } from '../phone-text.js';
import { fechaHora, horaLabel, horaOf } from '../repeated-hour.js';
import { FormMessages } from '../form-messages.js';
import { sendOnPress, sendOnSubmit } from '../form-send.js';
import { newPassword } from '../new-password.js';
import { ALTA_BY_ADMIN, patientQuery } from '../patient-search.js';
import { RequestAttempt, stillInProgress } from '../request-attempt.js';
import type { Cita, Disponibilidad, Doctor, Hueco, HuecoProximo, Paciente } from '../types.js';
import { usualDoctor } from '../usual-doctor.js';
import { whenWords } from '../when-words.js';

/** What a picked slot (agenda, next free slots) or a past cita (Reservar otra) hands to the booking form. */
export interface BookingPrefill {
  id_doctor?: number;
  id_centro?: number;
  fecha?: string;
  /** "HH:MM", or with its offset ("02:00+01:00") for an hour that happens twice (repeated-hour.ts). */
  hora?: string;
  motivo?: string;
}

export interface BookingOutcome {
  /** The new cita (booked, or the successor of a changed one). */
  cita?: Cita;
  /** The API said the slot is taken (409): the agenda should be redrawn. */
  conflict?: boolean;
  /**
   * Change mode: the API refused because the cita itself is no longer as
   * the form has it (409: cancelled, changed or started meanwhile): no other
   * hour would do, the cita must be shown as it now is.
   */
  refused?: ApiError;
}

interface BookingOptions {
  prefill?: BookingPrefill;
  /** Change mode: this cita is replaced by the one booked (PUT /citas/{id}). */
  change?: Cita;
  onDone(outcome: BookingOutcome): void | Promise<void>;
  /**
   * For a form a button opened (a free slot, Cambiar): takes it off the
   * page and gives the focus back to that button. The form then has a
   * Volver and closes with Escape (dom.ts, closesOnEscape), as every form a
   * button opened does.
   */
  close?: () => void;
}

/** Patients a search lists: the first page of matches. */
const SHOWN = 20;

/** The most free slots one search of a specialty lists (the API's largest `limite`). */
const LISTED = 50;

/**
 * The booking form of the contract: Paciente, Doctor, Centro, Fecha, Hora,
 * Motivo and "Reservar". Hora offers the free slots the API lists for that
 * doctor, center and day; whether the booking holds is the API's answer,
 * shown in its own words. Staff find the patient by name or phone (and an
 * admin may create one here); a patient books for themself.
 */
export function bookingForm(app: App, opts: BookingOptions): HTMLFormElement {
  const rol = app.session.user.rol;
  const zone = app.session.zona_horaria;
  const change = opts.change;
  const pre: BookingPrefill = change
    ? { id_doctor: change.id_doctor, id_centro: change.id_centro, fecha: wall(change.fecha).day, hora: horaOf(change.fecha, zone), motivo: change.motivo }
    : (opts.prefill ?? {});
  let pacienteId: number | undefined = change?.id_paciente ?? app.session.user.id_paciente;

  const titleId = uid('titulo');
  const paciente = h('input', { name: 'paciente', type: 'search', autocomplete: 'off', placeholder: 'Nombre o teléfono' });
  const resultados = h('div', { class: 'resultados' });
  const doctor = select('id_doctor', [], undefined, { required: true });
  const centro = select('id_centro', [], undefined, { required: true });
  const hoy = app.today();
  const fecha = h('input', { type: 'date', name: 'fecha', value: pre.fecha ?? hoy, min: hoy, required: true });
  const hora = select('hora', [{ value: '', label: 'Elija doctor, centro y fecha' }], undefined, { required: true });
  const motivo = h('input', { name: 'motivo', maxlength: app.session.limites.motivo, required: true, value: pre.motivo ?? '' });
  const error = h('p', { class: 'error', role: 'alert' });
  const submit = h('button', { type: 'submit' }, change ? 'Guardar cambio' : 'Reservar');
  const nota = h('p', { class: 'nota', 'aria-live': 'polite' });
  const primero = button('Primer hueco libre con este doctor', () => firstFreeWithDoctor());
  /** Under Doctor, once a patient is chosen and her citas read: who her usual doctor is (suggestUsualDoctor). Empty until then. */
  const habitual = h('small', { class: 'ayuda', id: uid('habitual') });
  doctor.setAttribute('aria-describedby', habitual.id);
  const doctorField = field('Doctor', doctor);
  doctorField.append(habitual);

  /**
   * What is chosen after the patient, in the form's order: "Falta: ..." names the empty ones by their own
   * labels, and Enter on a found patient moves on to the first of them, so the two cannot disagree on the order.
   */
  const afterPaciente = [doctor, centro, fecha, hora, motivo];
  const emptyChoices = () => afterPaciente.filter((el) => !el.value.trim());

  const fixedPatient = rol === 'paciente' || change !== undefined;
  if (fixedPatient) {
    paciente.readOnly = true;
    paciente.type = 'text';
    if (pacienteId !== undefined) {
      void app.directory.nombrePaciente(pacienteId).then((nombre) => {
        paciente.value = nombre;
      });
    }
  }

  const form = h(
    'form',
    { class: 'reserva', 'aria-labelledby': titleId },
    h('h2', { id: titleId, tabindex: '-1' }, change ? 'Cambiar la cita' : 'Reservar cita'),
    field('Paciente', paciente, fixedPatient ? undefined : 'Escriba parte del nombre o el teléfono y pulse Intro.'),
    fixedPatient ? null : resultados,
    doctorField,
    primero,
    field('Centro', centro),
    field('Fecha', fecha),
    field('Hora', hora),
    nota,
    field('Motivo', motivo),
    error,
    h('div', { class: 'acciones' }, submit, opts.close ? button('Volver', opts.close) : null),
  );
  if (opts.close) closesOnEscape(form, opts.close);

  // -- patient search (staff) ---------------------------------------------------
  /** Searches started: only the latest one shows its answer. */
  let searches = 0;
  /** The text the search under way is reading, while it is. */
  let searching: string | undefined;
  /**
   * One request for the first page, by name or phone (patientQuery): the API searches,
   * however many patients the clinic has. More matches than a page shows ask
   * for a narrower search. An Enter on the text a search is already
   * reading (an impatient second Enter) sends nothing: that answer is the
   * one to show. Only the latest search shows its answer: one started for
   * other text meanwhile replaces it.
   */
  async function search(): Promise<void> {
    const text = paciente.value.trim();
    if (searching === text) return;
    pacienteId = undefined;
    habitual.textContent = '';
    const mine = ++searches;
    if (text.length < 2) {
      searching = undefined;
      replace(resultados, h('p', { class: 'nota' }, 'Escriba al menos dos letras o cifras.'));
      return;
    }
    searching = text;
    try {
      const found = await api<Page<Paciente>>('GET', withQuery('/admin/admin/pacientes', { ...patientQuery(text), estado: 'ACTIVO', page: 1, page_size: SHOWN }));
      if (mine !== searches) return;
      showResults(found.items, found.total);
    } catch (err) {
      if (mine !== searches) return;
      app.fail(err, () => void search());
    } finally {
      if (mine === searches) searching = undefined;
    }
  }

  function showResults(found: Paciente[], total = found.length): void {
    const name = uid('pac');
    const items = found.map((p) => {
      const radio = h('input', { type: 'radio', name, value: String(p.id_paciente), id: uid('pac') });
      radio.addEventListener('change', () => {
        pacienteId = p.id_paciente;
        app.directory.remember(p);
        void suggestUsualDoctor(p);
      });
      // Enter on a patient chooses her and goes on to what is left to fill: the form is sent by Reservar, not by
      // choosing (a radio's Enter would submit it, and report Motivo missing before she could type it).
      radio.addEventListener('keydown', (e) => {
        if (e.key !== 'Enter') return;
        e.preventDefault();
        if (!radio.checked) {
          radio.checked = true;
          radio.dispatchEvent(new Event('change'));
        }
        (emptyChoices()[0] ?? submit).focus();
      });
      return h('div', { class: 'opcion' }, radio, h('label', { for: radio.id }, nameAndPhone(p)));
    });
    const create = rol === 'admin' ? button('Nuevo paciente', () => replace(resultados, newPatientForm())) : null;
    replace(
      resultados,
      h(
        'fieldset',
        {},
        h('legend', {}, found.length ? 'Pacientes encontrados' : 'Ningún paciente activo coincide'),
        total > found.length
          ? h('p', { class: 'nota' }, `${total} pacientes coinciden; se muestran los ${found.length} primeros. Escriba más del nombre o del teléfono para acotar.`)
          : null,
        items,
        // Nobody found, and no Nuevo paciente to press: she is told who gives the alta.
        create ?? (found.length ? null : h('p', { class: 'nota' }, ALTA_BY_ADMIN)),
      ),
    );
    if (found.length === 1) {
      const only = resultados.querySelector<HTMLInputElement>('input[type=radio]');
      if (only) {
        only.checked = true;
        only.dispatchEvent(new Event('change'));
      }
    }
  }

  function newPatientForm(): HTMLElement {
    const nombre = h('input', { name: 'nombre', required: true, maxlength: app.session.limites.nombre_paciente, value: /\d/.test(paciente.value) ? '' : paciente.value.trim() });
    const telefono = h('input', { name: 'telefono', type: 'tel', required: true, value: /\d/.test(paciente.value) ? paciente.value.trim() : '' });
    const username = h('input', { name: 'username', autocomplete: 'off', required: true, maxlength: app.session.limites.username });
    const password = newPassword(app.session, 'Contraseña inicial', 'password');
    const err = h('p', { class: 'error', role: 'alert' });
    const crear = h('button', { type: 'button' }, 'Crear paciente');
    const nuevo = h(
      'fieldset',
      { class: 'nuevo-paciente' },
      h('legend', {}, 'Nuevo paciente'),
      field('Nombre', nombre),
      field('Teléfono', telefono),
      field('Usuario del paciente', username),
      password.field,
      err,
      crear,
    );
    const messages = new FormMessages(app, err, nuevo);
    // A fieldset, not a form: it sits inside the booking's form, and HTML has no form in a form.
    sendOnPress(
      {
        submit: crear,
        messages,
        send: async () => {
          const p = await api<Paciente>('POST', '/admin/admin/pacientes', {
            nombre: nombre.value.trim(),
            telefono: telefono.value.trim(),
            username: username.value.trim(),
            password: password.input.value,
          });
          app.directory.remember(p);
          paciente.value = p.nombre;
          showResults([p]);
          app.notify(`Paciente ${p.nombre} creado.`);
        },
      },
      nuevo,
    );
    return nuevo;
  }

  if (!fixedPatient) {
    paciente.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void search();
      }
    });
    paciente.addEventListener('input', () => {
      pacienteId = undefined;
      habitual.textContent = '';
    });
  }

  // -- the chosen patient's usual doctor (staff) --------------------------------
  /** Reads of a patient's usual doctor started: only the latest one's answer counts. */
  let usualReads = 0;
  /** The Doctor the page chose (a patient's usual one), while it is still the page's choice: she has not picked one since. */
  let suggested: string | undefined;
  doctor.addEventListener('change', () => {
    suggested = undefined;
  });

  /**
   * Once reception chooses the patient: her usual doctor (usual-doctor.ts),
   * said under Doctor, and chosen there if Doctor is still empty (or still
   * the one the page chose for the patient before): never over a doctor she
   * picked herself, before or while the citas were read. Centro and Fecha
   * stay as she chose them; Hora keeps her hour if the doctor has it free
   * (choiceChanged). A courtesy: a read that fails leaves Doctor to her.
   */
  async function suggestUsualDoctor(p: Paciente): Promise<void> {
    const mine = ++usualReads;
    habitual.textContent = '';
    let usual: Doctor | undefined;
    try {
      await choices;
      usual = await usualDoctor({ id_paciente: p.id_paciente }, await app.directory.doctores());
    } catch {
      return;
    }
    if (mine !== usualReads || pacienteId !== p.id_paciente) return;
    const pageChose = doctor.value === '' || doctor.value === suggested;
    habitual.textContent = usual ? `Doctor habitual de ${p.nombre}: ${usual.nombre}.` : '';
    if (!pageChose) return;
    const next = usual ? String(usual.id_doctor) : '';
    if (doctor.value !== next) {
      doctor.value = next;
      choiceChanged();
    }
    suggested = usual ? next : undefined;
  }

  // -- doctor, centro, fecha -> free slots --------------------------------------
  async function loadChoices(): Promise<void> {
    const [doctores, centros] = await Promise.all([app.directory.doctores(), app.directory.centros()]);
    if (rol === 'paciente' && pre.id_doctor === undefined) {
      // "My doctor", by the rule reception's form follows (usual-doctor.ts); the API scopes her list to her own citas.
      pre.id_doctor = (await usualDoctor({}, doctores).catch(() => undefined))?.id_doctor;
    }
    setOptions(
      doctor,
      [{ value: '', label: 'Elija doctor' }, ...doctorOptions(doctores)],
      pre.id_doctor !== undefined ? String(pre.id_doctor) : undefined,
    );
    const activos = centros.filter((c) => c.activo);
    // A slot of a doctor with no schedule names no center (any will do); with one center there is nothing to choose.
    const preCentro = pre.id_centro ?? (activos.length === 1 ? activos[0].id_centro : undefined);
    setOptions(
      centro,
      [{ value: '', label: 'Elija centro' }, ...activos.map((c) => ({ value: String(c.id_centro), label: c.nombre }))],
      preCentro !== undefined ? String(preCentro) : undefined,
    );
  }

  /**
   * The doctor's first free slot from today, as the API finds free slots
   * (the page only picks): the next free slots of the doctor's specialty,
   * the first that is theirs. A full list with none of theirs says only
   * that theirs come after its last one (colleagues with free days fill
   * it): their own free slots are then asked day by day from that day to
   * the last one the search covers (`hasta`), so "no free slots" is said
   * only of a doctor who has none.
   */
  async function doctorsFirstFree(d: Doctor): Promise<Hueco | undefined> {
    const idCentro = centro.value || undefined;
    const r = await api<{ hasta: string; huecos: HuecoProximo[] }>(
      'GET',
      withQuery('/citas/citas/disponibilidad/proximos', { especialidad: d.especialidad, desde: app.today(), id_centro: idCentro, limite: LISTED }),
    );
    const mine = r.huecos.find((x) => x.id_doctor === d.id_doctor);
    if (mine || r.huecos.length < LISTED) return mine;
    for (let day = wall(r.huecos[r.huecos.length - 1].inicio).day; day <= r.hasta; day = addDays(day, 1)) {
      const own = await api<Disponibilidad>('GET', withQuery('/citas/citas/disponibilidad', { id_doctor: d.id_doctor, fecha: day, id_centro: idCentro }));
      if (own.huecos.length) return own.huecos[0];
    }
    return undefined;
  }

  async function firstFreeWithDoctor(): Promise<void> {
    nota.textContent = '';
    const d = (await app.directory.doctores()).find((x) => String(x.id_doctor) === doctor.value);
    if (!d) {
      nota.textContent = 'Elija primero un doctor.';
      return;
    }
    try {
      const mine = await doctorsFirstFree(d);
      if (!mine) {
        nota.textContent = `${d.nombre} no tiene huecos libres en las próximas semanas${centro.value ? ' en este centro' : ''}.`;
        return;
      }
      const w = wall(mine.inicio);
      fecha.value = w.day;
      if (mine.id_centro !== null) centro.value = String(mine.id_centro);
      const first = horaOf(mine.inicio, zone);
      wanted = first; // loadSlots chooses it, and is done with it
      await loadSlots();
      nota.textContent = `Primer hueco libre: ${nearLongDay(w.day, app.today())}, a las ${horaLabel(first)}.`;
      motivo.focus();
    } catch (err) {
      app.fail(err, () => void firstFreeWithDoctor());
    }
  }

  /**
   * The hour to show chosen when the free slots arrive: a picked slot's
   * (agenda, next free slots), the changed cita's own, or the one she had
   * chosen before changing Doctor, Centro or Fecha.
   */
  let wanted = pre.hora;
  /**
   * Change mode, while Doctor, Centro and Fecha are the cita's own: its own
   * hour. The free slots list it as taken (by this very cita), but the
   * contract does not count a cita's own slot against its change, so it
   * can be kept (a change of the motivo alone, say); without it Hora would
   * fall to the day's first free hour and Guardar cambio move the cita.
   */
  const ownHour = (): string | undefined =>
    change && doctor.value === String(change.id_doctor) && centro.value === String(change.id_centro) && fecha.value === wall(change.fecha).day
      ? horaOf(change.fecha, zone)
      : undefined;
  /** Reads of the free slots started: only the latest one fills Hora. */
  let slotReads = 0;
  /**
   * Reads the free slots into Hora. `again`: the booking just met a taken
   * slot (409), so no hour is chosen for the person: Hora asks for another
   * and Reservar needs an explicit choice, never the first free slot a
   * select would fall to by itself. The same when a picked hour is gone.
   * Hora only ever lists the slots of the doctor, center and day on screen:
   * it offers none while they are being read, and the answer to an earlier
   * choice that arrives after a later one's (Fecha changed twice on a slow
   * network) is dropped.
   */
  async function loadSlots(again = false): Promise<void> {
    const mine = ++slotReads;
    nota.textContent = '';
    if (!doctor.value || !fecha.value) {
      setOptions(hora, [{ value: '', label: 'Elija doctor, centro y fecha' }]);
      return;
    }
    setOptions(hora, [{ value: '', label: 'Leyendo huecos libres…' }]);
    try {
      const d = await api<Disponibilidad>(
        'GET',
        withQuery('/citas/citas/disponibilidad', { id_doctor: doctor.value, fecha: fecha.value, id_centro: centro.value || undefined }),
      );
      if (mine !== slotReads) return;
      const own = ownHour();
      // In time order, by instant: the night the clocks go back, 02:00+02:00 comes before 02:00+01:00.
      const slots = d.huecos.map((x) => ({ hora: horaOf(x.inicio, zone), at: Date.parse(x.inicio) }));
      if (own !== undefined && change && !slots.some((x) => x.hora === own)) slots.push({ hora: own, at: Date.parse(change.fecha) });
      const times = slots.sort((a, b) => a.at - b.at).map((x) => x.hora);
      const gone = wanted !== undefined && !times.includes(wanted);
      const options = times.map((t) => ({ value: t, label: t === own ? `${horaLabel(t)} (la hora actual)` : horaLabel(t) }));
      if (!times.length) setOptions(hora, [{ value: '', label: 'Sin huecos libres este día' }]);
      else if (again || gone) setOptions(hora, [{ value: '', label: 'Elija otra hora' }, ...options], '');
      else setOptions(hora, options, wanted);
      if (gone) nota.textContent = `Las ${horaLabel(wanted!)} no están libres con este doctor, centro y fecha: elija otra hora.`;
      wanted = undefined;
    } catch (err) {
      if (mine !== slotReads) return;
      setOptions(hora, [{ value: '', label: 'No se pudieron leer los huecos' }]);
      app.fail(err, () => void loadSlots(again));
    }
  }
  /**
   * Doctor, Centro or Fecha changed (by her, or Doctor by suggestUsualDoctor).
   * The hour she had chosen stays chosen if the new doctor, center or day has
   * it free (a center picked after the hour, say); if not, Hora says so and
   * asks for another. Never the day's first hour in its place, unseen:
   * Reservar would book that.
   */
  function choiceChanged(): void {
    wanted ??= hora.value || undefined;
    void loadSlots();
  }
  for (const el of [doctor, centro, fecha]) el.addEventListener('change', choiceChanged);

  const messages = new FormMessages(app, error, form);
  const attempt = new RequestAttempt();
  sendOnSubmit(form, {
    submit,
    messages,
    ready: () => {
      const missing = [...(pacienteId === undefined ? [paciente] : []), ...emptyChoices()].map((el) => el.labels?.[0]?.textContent ?? el.name);
      if (missing.length) messages.say(`Falta: ${missing.join(', ')}.`);
      return missing.length === 0;
    },
    send: async () => {
      const body = { fecha: fechaHora(fecha.value, hora.value), motivo: motivo.value.trim(), id_doctor: Number(doctor.value), id_centro: Number(centro.value) };
      let cita: Cita;
      if (change) {
        const r = await api<{ cita_nueva: Cita }>('PUT', `/citas/citas/${change.id_cita}`, body, { 'idempotency-key': attempt.keyFor(body) });
        attempt.settled();
        cita = r.cita_nueva;
        // The page's own words, not the API's message: its days keep their year, the page's drop this year's.
        const again = change.estado === 'Confirmada' ? ` La nueva cita queda ${estadoLabel(app.session, 'Programada')}: hay que confirmarla de nuevo.` : '';
        app.notify(`Cita cambiada: ${await citaReadBack(app, cita)}. La anterior, ${whenWords(change.fecha, zone, app.today())}, queda cancelada.${again}`);
      } else {
        const request = { ...body, id_paciente: pacienteId };
        cita = await api<Cita>('POST', '/citas/citas', request, { 'idempotency-key': attempt.keyFor(request) });
        attempt.settled();
        app.notify(`Cita reservada: ${await citaReadBack(app, cita)}.`);
      }
      await opts.onDone({ cita });
    },
    refused: async (err, retry) => {
      attempt.failed(err); // a 503 or 409 IDEMPOTENCIA_EN_CURSO leaves it open: the next press must carry the same key
      if (err instanceof ApiError && err.inProgress) {
        // Not a taken slot: the first press is still being booked or changed. Nothing on the form changes.
        messages.say(stillInProgress(submit.textContent ?? '', err));
      } else if (err instanceof ApiError) {
        messages.refused(err, retry);
        if (change && err.status === 409 && !err.slotTaken) {
          await opts.onDone({ refused: err });
        } else if (err.status === 409) {
          // The doctor's hour was taken meanwhile (the agenda is drawn again without it), or the patient
          // herself has a cita then (the detail names it): the hour is still free with this doctor, so
          // only the first is news about the agenda.
          await opts.onDone({ conflict: true });
          messages.say(`${err.detail} ${err.code === 'PACIENTE_OCUPADO' ? 'Elija otra hora.' : 'La agenda se ha actualizado: elija otro hueco.'}`);
          await loadSlots(true);
        }
      } else {
        messages.refused(err); // the page itself failed: nothing to send again
      }
    },
  });

  /** The form's Doctor and Centro options, once read: a usual doctor is chosen among them. */
  const choices = loadChoices();
  void choices.then(() => loadSlots()).catch((err) => app.fail(err));
  return form;
}

/**
 * The booking page: the form, and for finding a slot the next free ones of a
 * specialty (GET /citas/disponibilidad/proximos), e.g. a patient on a phone.
 */
export async function bookingView(app: App): Promise<void> {
  const handed = app.takeState<BookingPrefill>();
  const zone = app.session.zona_horaria;
  const host = h('div', {});
  const place = (prefill?: BookingPrefill) => {
    const form = bookingForm(app, {
      prefill,
      onDone: (outcome) => {
        if (outcome.cita) app.go(app.session.user.rol === 'paciente' ? 'mis-citas' : 'agenda', { cita: outcome.cita });
      },
    });
    replace(host, form);
    return form;
  };
  const doctores = await app.directory.doctores();
  const especialidades = [...new Set(doctores.filter((d) => d.activo).map((d) => d.especialidad))].sort((a, b) => a.localeCompare(b, 'es'));
  // Come with a slot (Próximos huecos): its doctor's specialty is the one she was looking at, not the first of all.
  const handedEsp = doctores.find((d) => d.id_doctor === handed?.id_doctor)?.especialidad;
  const esp = select('especialidad', especialidades.map((e) => ({ value: e, label: e })), handedEsp);
  const lista = h('div', { class: 'proximos', 'aria-live': 'polite' });
  const buscar = button('Buscar próximos huecos', async () => {
    try {
      const r = await api<{ huecos: HuecoProximo[] }>(
        'GET',
        withQuery('/citas/citas/disponibilidad/proximos', { especialidad: esp.value, desde: app.today(), limite: 6 }),
      );
      const centros = new Map((await app.directory.centros()).map((c) => [c.id_centro, c.nombre]));
      replace(
        lista,
        r.huecos.length
          ? h(
              'ul',
              { class: 'huecos' },
              r.huecos.map((x) => {
                const w = wall(x.inicio);
                const label = `${nearLongDay(w.day, app.today())}, ${horaLabel(horaOf(x.inicio, zone))} · ${x.nombre_doctor} · ${x.id_centro ? (centros.get(x.id_centro) ?? '') : 'cualquier centro'}`;
                return h(
                  'li',
                  {},
                  button(label, () => {
                    const form = place({ id_doctor: x.id_doctor, id_centro: x.id_centro ?? undefined, fecha: w.day, hora: horaOf(x.inicio, zone) });
                    form.querySelector<HTMLInputElement>('input[name=motivo]')?.focus();
                  }, { class: 'hueco-proximo' }),
                );
              }),
            )
          : h('p', {}, 'No hay huecos libres en las próximas semanas para esta especialidad.'),
      );
    } catch (err) {
      app.fail(err, () => buscar.click());
    }
  });
  replace(
    app.main,
    h('h1', {}, 'Reservar'),
    h('section', { class: 'buscar-hueco', 'aria-labelledby': 'titulo-buscar' }, h('h2', { id: 'titulo-buscar' }, 'Próximo hueco libre'), field('Especialidad', esp), buscar, lista),
    host,
  );
  place(handed);
}
