import { api, ApiError } from '../api.js';
import type { App } from '../app.js';
import { whenReached } from '../clock.js';
import { centerName, doctorName } from '../directory.js';
import { cancelForm } from '../cancel-form.js';
import { button, h, replace, uid } from '../dom.js';
import { isoAfter } from '../clinic-wall-clock.js';
import { estadoLabel, longDay, nearLongDay, wall } from '../format.js';
import { nameAndPhone } from '../phone-text.js';
import { FormMessages } from '../form-messages.js';
import { type FormSend, sendOnPress } from '../form-send.js';
import { putCita } from '../put-cita.js';
import { horaText } from '../repeated-hour.js';
import { RequestAttempt, stillInProgress } from '../request-attempt.js';
import type { Cita, Estado, Historial, Rol } from '../types.js';
import { whenWords } from '../when-words.js';
import { whoActed } from '../who-acted.js';
import { bookingForm } from './booking.js';
import { previousVisits } from './previous-visits.js';

type Accion = 'Confirmar' | 'Cambiar' | 'Cancelar' | 'Atendida' | 'No asistió';

/**
 * When an action can work, against the cita's start (core/domain's
 * appointment-lifecycle.ts: a cita has started once its inicio is reached):
 * only before it, only from it on, or at any time; per role where roles
 * differ.
 */
type Cuando = 'antes' | 'desde' | 'siempre';

/**
 * Which buttons a cita offers: the contract's state machine (Programada ->
 * Confirmada -> Atendida | NoAsistio; Programada | Confirmada -> Cancelada),
 * its role table and its timing (a cita that has started can no longer be
 * cancelled or changed, 409 CITA_PASADA; it can be marked Atendida or No
 * asistió only once it has started; Confirmar at any time), read here only
 * to leave out buttons that cannot work. "Now" is the page's clock
 * (app.now: the web service's time, not the browser's). The API still
 * judges every press, and its answer is shown. A panel left open across
 * the cita's start redraws its buttons then (changesAt).
 * Confirmar is offered to staff at any time (reception confirms a patient
 * who arrives unconfirmed), but to the patient only before the start: once
 * her cita has begun, "I will come" means nothing, though the API allows it.
 */
const OFRECIDAS: Record<Accion, { estados: Estado[]; roles: Rol[]; cuando: Cuando | Partial<Record<Rol, Cuando>> }> = {
  Confirmar: { estados: ['Programada'], roles: ['paciente', 'secretaria', 'admin'], cuando: { paciente: 'antes', secretaria: 'siempre', admin: 'siempre' } },
  Cambiar: { estados: ['Programada', 'Confirmada'], roles: ['paciente', 'secretaria', 'admin'], cuando: 'antes' },
  Cancelar: { estados: ['Programada', 'Confirmada'], roles: ['paciente', 'secretaria', 'admin'], cuando: 'antes' },
  Atendida: { estados: ['Confirmada'], roles: ['medico', 'secretaria', 'admin'], cuando: 'desde' },
  'No asistió': { estados: ['Confirmada'], roles: ['medico', 'secretaria', 'admin'], cuando: 'desde' },
};

/** The actions `rol` is offered on `cita` at `now` (epoch milliseconds, app.now()). */
export function offered(cita: Cita, rol: Rol, now: number): Accion[] {
  const started = Date.parse(cita.fecha) <= now;
  return (Object.keys(OFRECIDAS) as Accion[]).filter((a) => {
    const rule = OFRECIDAS[a];
    const cuando = typeof rule.cuando === 'string' ? rule.cuando : (rule.cuando[rol] ?? 'siempre');
    if (a === 'Cambiar' && cita.id_cita_nueva !== undefined) return false;
    if ((cuando === 'antes' && started) || (cuando === 'desde' && !started)) return false;
    return rule.estados.includes(cita.estado) && rule.roles.includes(rol);
  });
}

/**
 * Why a started cita offers `rol` no way to close it, when the only thing
 * missing is a confirmation `rol` may not give (a doctor: the contract lets
 * only its patient, reception or an admin confirm): without these words the
 * panel shows a doctor with a patient in the chair no way forward. Read from
 * OFRECIDAS, so it follows the same rules as the buttons.
 */
export function waitingFor(cita: Cita, rol: Rol, now: number): string | undefined {
  const started = Date.parse(cita.fecha) <= now;
  const mayClose = OFRECIDAS.Atendida.roles.includes(rol) && !OFRECIDAS.Confirmar.roles.includes(rol);
  if (started && mayClose && OFRECIDAS.Confirmar.estados.includes(cita.estado) && cita.id_cita_nueva === undefined) {
    return 'Sin confirmar: recepción debe confirmarla para que pueda marcarla como atendida o no asistida.';
  }
  return undefined;
}

/**
 * The next instant at which `offered` may answer otherwise for `cita`: its
 * start, while it is ahead (the only boundary of the `cuando` rules above);
 * undefined once it has passed.
 */
export function changesAt(cita: Cita, now: number): number | undefined {
  const start = Date.parse(cita.fecha);
  return now < start ? start : undefined;
}

/** What a panel says when the cita's start closes the form of an action that no longer applies. */
const YA_EMPEZADA: Partial<Record<Accion, string>> = {
  Cancelar: 'La cita ya ha empezado: ya no se puede cancelar.',
  Cambiar: 'La cita ya ha empezado: ya no se puede cambiar.',
};

const ACCION_LABEL: Record<string, string> = {
  creada: 'Reservada',
  cancelada: 'Cancelada',
  reprogramada: 'Cambiada',
  confirmada: 'Confirmada',
  atendida: 'Atendida',
  no_asistio: 'No asistió',
};

/**
 * The other end of a change (id_cita_anterior, id_cita_nueva) by its day and
 * hour: a cita never shows its number on the page, so "la cita 3" tells a
 * patient nothing. Its number only if it cannot be read.
 */
async function linkedCita(id: number | undefined, zone: string, today: string): Promise<string | undefined> {
  if (id === undefined) return undefined;
  try {
    const other = await api<Cita>('GET', `/citas/citas/${id}`);
    return `la cita del ${longDay(wall(other.fecha).day, today)}, a las ${horaText(other.fecha, zone)}`;
  } catch {
    return `la cita ${id}`;
  }
}

interface PanelOptions {
  /**
   * After any change: the cita as it now is (or its successor), to redraw;
   * also after a press refused because the cita had changed elsewhere (409),
   * the API's words then on the page's alert line. Without one, a change met
   * a taken slot (409): this cita is as it was, the agenda around it is not,
   * and the change form stays with the API's words.
   */
  onChanged(next?: Cita): void | Promise<void>;
  /** In a list (Mis citas): smaller heading. */
  compact?: boolean;
  /** A button of the page around the panel, among the cita's own (Mis citas: Reservar otra, book-again.ts). */
  more?: HTMLButtonElement | null;
}

/** A cita's details, its buttons, and its history on demand. */
export async function citaPanel(app: App, cita: Cita, opts: PanelOptions): Promise<HTMLElement> {
  const rol = app.session.user.rol;
  const zone = app.session.zona_horaria;
  const [doctor, centro, paciente, anterior, nueva] = await Promise.all([
    app.directory.doctor(cita.id_doctor),
    app.directory.centro(cita.id_centro),
    app.directory.paciente(cita.id_paciente),
    linkedCita(cita.id_cita_anterior, zone, app.today()),
    linkedCita(cita.id_cita_nueva, zone, app.today()),
  ]);
  /**
   * When it is, as the agenda's block says it: the repeated hour (and an end in it) by its offset; today's and
   * tomorrow's led by Hoy and Mañana, which a patient glancing at Mis citas need not work out from the date.
   */
  const cuando = `${nearLongDay(wall(cita.fecha).day, app.today())}, ${horaText(cita.fecha, zone)} – ${horaText(isoAfter(cita.fecha, cita.duracion_min, zone), zone)}`;
  const titleId = uid('cita');
  const extra = h('div', { class: 'extra' });
  const error = h('p', { class: 'error', role: 'alert' });
  /** What the panel says; a field problem goes under the field of the form open in `extra` (Motivo de cancelación). */
  const messages = new FormMessages(app, error, extra);
  /** The form an action button opened in `extra` (Cancelar's, Cambiar's), while it is there. */
  let formOf: { accion: Accion; form: HTMLElement } | undefined;

  /** This cita's cancellation or change of estado; pressed again while its answer is unknown, it carries the same key. */
  const attempt = new RequestAttempt();

  /**
   * A refusal of a change of estado or a cancellation: `boton`, its name, to
   * press again when citas is still answering the first press; a 409, the
   * cita as it now is; anything else, the API's words with Reintentar.
   */
  async function refused(err: unknown, retry: () => void, boton?: string): Promise<void> {
    if (boton && err instanceof ApiError && err.inProgress) messages.say(stillInProgress(boton, err));
    else if (err instanceof ApiError && err.status === 409 && (await showAsItNowIs(err))) return;
    else messages.refused(err, retry);
  }

  /**
   * A change of estado, sent the page's one way (form-send.ts): its button
   * busy until the answer is on screen, Reintentar pressing it again.
   */
  function put(body: Record<string, unknown>, done: string, boton: string): Omit<FormSend, 'submit'> {
    return {
      messages,
      send: async () => {
        const r = await putCita(cita.id_cita, body, attempt);
        app.notify(r.message || done);
        await opts.onChanged(r.cita);
      },
      refused: (err, retry) => refused(err, retry, boton),
    };
  }

  /**
   * Any other 409 to a change of estado, a cancellation or a change (but a
   * taken slot) says the cita is not as this panel shows it: cancelled,
   * confirmed or changed meanwhile
   * from another screen (the patient's phone, another desk), or started.
   * The API's words go to the page's alert line, which outlives this panel,
   * and the cita as it now is to onChanged, which redraws the agenda or the
   * list and the panel, as after a change made here. False when the cita
   * cannot be read: the words then stay in this panel.
   */
  async function showAsItNowIs(refused: ApiError): Promise<boolean> {
    let now: Cita;
    try {
      now = await api<Cita>('GET', `/citas/citas/${cita.id_cita}`);
    } catch {
      return false;
    }
    app.fail(refused);
    await opts.onChanged(now);
    return true;
  }

  /** A press that is a request: sent the page's one way (sendOnPress), its button busy until the answer is on screen. */
  const requests: Record<Exclude<Accion, 'Cancelar' | 'Cambiar'>, Omit<FormSend, 'submit'>> = {
    Confirmar: put({ estado: 'Confirmada' }, 'Cita confirmada.', 'Confirmar'),
    Atendida: put({ estado: 'Atendida' }, 'Cita marcada como atendida.', 'Atendida'),
    'No asistió': put({ estado: 'NoAsistio' }, 'Cita marcada como no asistida.', 'No asistió'),
  };
  /** A press that opens a form in the panel. */
  const handlers: Record<'Cancelar' | 'Cambiar', () => void> = {
    Cancelar: () => {
      const form = cancelForm(app, {
        cita,
        attempt,
        messages,
        cancelled: async (r) => {
          app.notify(r.message || 'Cita cancelada.');
          await opts.onChanged(r.cita);
        },
        refused,
        close: closeForm,
      });
      formOf = { accion: 'Cancelar', form };
      replace(extra, form);
    },
    Cambiar: () => {
      const form = bookingForm(app, {
        change: cita,
        onDone: async (outcome) => {
          if (outcome.cita) await opts.onChanged(outcome.cita);
          else if (outcome.refused) await showAsItNowIs(outcome.refused); // if it cannot be read, the form keeps the API's words
          else if (outcome.conflict) await opts.onChanged(undefined);
        },
        close: closeForm,
      });
      formOf = { accion: 'Cambiar', form };
      replace(extra, form);
      form.querySelector<HTMLElement>('h2')?.focus();
    },
  };

  /**
   * Closes the form an action button opened (Volver, Escape) and gives the
   * focus back to that button, or to the panel's first one if the cita no
   * longer offers it: not to Confirmar when she had pressed Cancelar, where
   * one more Enter would confirm the cita.
   */
  function closeForm(): void {
    const accion = formOf?.accion;
    extra.replaceChildren();
    formOf = undefined;
    const buttons = [...actionButtons.querySelectorAll('button')];
    (buttons.find((b) => b.textContent === accion) ?? buttons[0])?.focus();
  }

  /** An action's button: one that opens a form (dom.ts, button), or one whose press is its request (sendOnPress). */
  function actionButton(a: Accion): HTMLButtonElement {
    if (a === 'Cancelar' || a === 'Cambiar') return button(a, handlers[a], { class: a === 'Cancelar' ? 'peligro' : undefined });
    const pressed = h('button', { type: 'button' }, a);
    sendOnPress({ submit: pressed, ...requests[a] });
    return pressed;
  }

  const actionButtons = h('div', { class: 'acciones', role: 'group', 'aria-label': 'Acciones de la cita' });
  /** What stands between this person and the buttons they would expect (waitingFor), under them. */
  const waiting = h('p', { class: 'nota' });
  function drawActions(): void {
    const now = app.now();
    actionButtons.replaceChildren(
      ...offered(cita, rol, now).map(actionButton),
      ...(opts.more ? [opts.more] : []),
      button('Historial', () => showHistory()),
    );
    const why = waitingFor(cita, rol, now);
    waiting.textContent = why ?? '';
    waiting.hidden = why === undefined;
  }
  drawActions();

  /**
   * At the cita's start the rules offer other actions: the buttons are
   * drawn again, and an open form of an action that no longer applies is
   * closed, saying why. The focus stays where the person was: on the same
   * button if it is still offered, else on the first one of the panel.
   */
  function followStart(): void {
    const focused = document.activeElement;
    const onButton = focused instanceof HTMLButtonElement && actionButtons.contains(focused) ? focused.textContent : undefined;
    const inForm = formOf !== undefined && formOf.form.contains(focused);
    drawActions();
    const still = offered(cita, rol, app.now());
    if (formOf && formOf.form.isConnected && !still.includes(formOf.accion)) {
      extra.replaceChildren();
      messages.say(YA_EMPEZADA[formOf.accion] ?? '');
      formOf = undefined;
    }
    if (onButton === undefined && !inForm) return;
    const buttons = [...actionButtons.querySelectorAll('button')];
    const same = buttons.find((b) => b.textContent === onButton);
    if (same) same.focus();
    else if (inForm && extra.contains(focused)) return; // the form is still there, and so is the focus
    else buttons[0]?.focus();
  }
  // Wanted until the panel, once on screen, is gone (the caller puts it there after this returns).
  let shown = false;
  const onScreen = () => {
    if (actionButtons.isConnected) shown = true;
    return actionButtons.isConnected || !shown;
  };
  const start = changesAt(cita, app.now());
  if (start !== undefined) whenReached(app.now, start, followStart, onScreen);

  /**
   * Where a change moved this cita (its 'reprogramada' entry keeps this cita
   * as the change left it, with its own day): the new cita's fecha, read.
   * Undefined when there is none or it cannot be read; the entry's motivo,
   * which core writes with the new day in words, then says it.
   */
  async function movedTo(entries: Historial[]): Promise<string | undefined> {
    const id = entries.find((e) => e.accion === 'reprogramada')?.despues?.id_cita_nueva;
    if (id === undefined) return undefined;
    try {
      return (await api<Cita>('GET', `/citas/citas/${id}`)).fecha;
    } catch {
      return undefined;
    }
  }

  /** An entry's last words: the day a change moved the cita to, else a cancellation's motivo. */
  function afterwards(e: Historial, nueva: string | undefined, today: string): string {
    if (e.accion === 'reprogramada' && nueva) return ` · nueva: ${whenWords(nueva, zone, today)}`;
    return e.despues?.motivo_cancelacion ? ` · motivo: ${e.despues.motivo_cancelacion}` : '';
  }

  async function showHistory(): Promise<void> {
    try {
      const entries = await api<Historial[]>('GET', `/citas/citas/${cita.id_cita}/historial`);
      const nueva = await movedTo(entries);
      const today = app.today();
      replace(
        extra,
        h(
          'section',
          { class: 'historial', 'aria-label': 'Historial de la cita' },
          h('h3', {}, 'Historial'),
          h(
            'ol',
            {},
            entries.map((e) =>
              h(
                'li',
                {},
                h('strong', {}, ACCION_LABEL[e.accion] ?? e.accion),
                ` · ${whenWords(e.cuando, zone, today)} · por ${whoActed(e, app.session.user, doctor, paciente)}`,
                afterwards(e, nueva, today),
              ),
            ),
          ),
        ),
      );
    } catch (err) {
      messages.refused(err, () => void showHistory());
    }
  }

  const Heading = opts.compact ? 'h3' : 'h2';
  const suya = rol === 'medico' && cita.id_doctor === app.session.user.id_doctor;
  return h(
    'article',
    { class: `cita-panel estado-${cita.estado}`, 'aria-labelledby': titleId, 'data-cita': cita.id_cita },
    h(Heading, { id: titleId, tabindex: '-1' }, cuando),
    h(
      'dl',
      {},
      h('dt', {}, 'Estado'),
      h('dd', {}, h('span', { class: `estado estado-${cita.estado}` }, estadoLabel(app.session, cita.estado))),
      rol === 'paciente' ? null : [h('dt', {}, 'Paciente'), h('dd', {}, paciente ? nameAndPhone(paciente) : `Paciente ${cita.id_paciente}`)],
      // A doctor reading one of his own citas knows who he is: the row is for reception, the admin and the patient.
      suya ? null : [h('dt', {}, 'Doctor'), h('dd', {}, doctorName(doctor, cita.id_doctor) + (doctor ? ` (${doctor.especialidad})` : ''))],
      h('dt', {}, 'Centro'),
      h('dd', {}, centerName(centro, cita.id_centro) + (centro ? ` · ${centro.direccion}` : '')),
      h('dt', {}, 'Motivo'),
      h('dd', {}, cita.motivo),
      cita.motivo_cancelacion ? [h('dt', {}, 'Motivo de la cancelación'), h('dd', {}, cita.motivo_cancelacion)] : null,
      anterior ? [h('dt', {}, 'Sustituye a'), h('dd', {}, anterior)] : null,
      nueva ? [h('dt', {}, 'Cambiada por'), h('dd', {}, nueva)] : null,
    ),
    actionButtons,
    waiting,
    error,
    extra,
    previousVisits(app, cita),
  );
}
