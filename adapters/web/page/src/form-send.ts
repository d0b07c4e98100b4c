import { whileBusy } from './dom.js';
import type { FormMessages } from './form-messages.js';

export interface FormSend {
  /** The button a press makes busy (whileBusy) until `send` settles, so a double press sends once. */
  submit: HTMLButtonElement;
  /**
   * The form's message line (FormMessages): cleared at each press, and
   * where a refusal is said, with Reintentar pressing the form again.
   * Without it the form says its outcome itself (Borrar on an absence, the
   * page's alert line) or has nothing to say (a search whose list says it).
   */
  messages?: FormMessages;
  /**
   * The page's own check before anything is sent (the repeated new
   * password, booking's "Falta: ..."): false sends nothing, and it has said
   * why itself (messages.say).
   */
  ready?: () => boolean;
  /** The request and what the page draws after it. */
  send: () => Promise<unknown>;
  /**
   * A refusal this form says its own way (booking's press still in
   * progress, its taken slot; the login's focus back on Contraseña); by
   * default `messages.refused(err, retry)`. `retry` presses the form again.
   */
  refused?: (err: unknown, retry: () => void) => void | Promise<void>;
}

/**
 * The page's one way of sending a form: a press (the submit button, Enter
 * in a field) is the page's, never the browser's navigation; what the last
 * press said goes; the page's own check may stop it; the submit button is
 * busy until the request and what follows it are on screen; and a refusal
 * is said on the form (FormMessages), Reintentar pressing it again. Each
 * form's differences are its options, in sight where the form is built.
 */
export function sendOnSubmit(form: HTMLFormElement, o: FormSend): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    press(o, () => form.requestSubmit());
  });
}

/**
 * sendOnSubmit for what cannot be a <form> of its own: a group of fields
 * inside another form (booking's Nuevo paciente: HTML has no form in a
 * form, and Enter in its fields would press the outer form's Reservar), or
 * a lone button (a cita's Confirmar). Its button, and Enter in a field of
 * `fields`, press it, and only it; the rest is sendOnSubmit's, the same
 * press.
 */
export function sendOnPress(o: FormSend, fields?: HTMLElement): void {
  const again = (): void => press(o, again);
  o.submit.addEventListener('click', again);
  fields?.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return;
    event.preventDefault(); // no implicit submission of the form around it
    again();
  });
}

/** One press of a form, `again` being the next one (Reintentar). A press while the last one is still busy is none. */
function press(o: FormSend, again: () => void): void {
  if (o.submit.getAttribute('aria-busy') === 'true') return;
  o.messages?.clear();
  if (o.ready && !o.ready()) return;
  void whileBusy(o.submit, async () => {
    try {
      await o.send();
    } catch (err) {
      if (o.refused) await o.refused(err, again);
      else if (o.messages) o.messages.refused(err, again);
      // Without a message line, `send` says its own failures (pagedList's load, a confirmation's onConfirm): one that escapes is not hidden.
      else throw err;
    }
  });
}
