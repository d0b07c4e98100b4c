import { button, closesOnEscape, h } from './dom.js';
import type { FormMessages } from './form-messages.js';
import { type FormSend, sendOnSubmit } from './form-send.js';

export interface ConfirmFormOptions {
  /** The form's name, as a screen reader announces it: "Cancelar la cita", "Borrar la ausencia". */
  label: string;
  /** Its class, for the page's styles. */
  className: string;
  /** What is about to be done, in words, above the buttons: "¿Borrar la ausencia del ...?". */
  question?: string;
  /** Fields she may fill first (Cancelar's Motivo de cancelación). */
  fields?: HTMLElement[];
  /** The button that does it: "Confirmar cancelación". */
  confirm: string;
  /** The request; the confirm button is busy until it settles (whileBusy), so a double press sends it once. */
  onConfirm: () => Promise<unknown>;
  /** What says a refusal of the request, on the `after` line (form-send.ts); without it onConfirm says its own. */
  messages?: FormMessages;
  /** A refusal this form says its own way (a cita's cancellation: the cita as it now is), as form-send.ts's `refused`. */
  refused?: FormSend['refused'];
  /** Volver and Escape: removes the form and gives the focus back to the button that opened it. */
  close: () => void;
  /** Below the buttons: the form's own message line, where a refusal of the request is said (FormMessages). */
  after?: HTMLElement;
}

/**
 * The page's one way of asking before a press that cannot be taken back
 * (Cancelar on a cita, Borrar on an absence, Restablecer contraseña on a
 * user): a small form in place, never
 * the browser's dialog, that says what is about to happen, with its
 * confirm button (danger-coloured) and Volver; Escape closes it as Volver
 * does (dom.ts, closesOnEscape). The focus goes into it as it opens: to its
 * first field, else to Volver, so one more Enter does nothing it would
 * regret.
 */
export function confirmForm(o: ConfirmFormOptions): HTMLFormElement {
  const confirmar = h('button', { type: 'submit', class: 'peligro' }, o.confirm);
  const volver = button('Volver', o.close);
  const form = h(
    'form',
    { class: o.className, 'aria-label': o.label },
    o.question ? h('p', {}, o.question) : null,
    o.fields ?? [],
    h('div', { class: 'acciones' }, confirmar, volver),
    o.after ?? null,
  );
  closesOnEscape(form, o.close);
  sendOnSubmit(form, { submit: confirmar, messages: o.messages, refused: o.refused, send: o.onConfirm });
  queueMicrotask(() => (form.querySelector<HTMLElement>('input, textarea, select') ?? volver).focus());
  return form;
}
