import { button, closesOnEscape, h } from './dom.js';

/**
 * The page's one way of asking before a press that cannot be undone (a cita's
 * Cancelar, a user's Restablecer contraseña): a small form opened in place,
 * under the button that asked, with what the press needs (Motivo de
 * cancelación, Contraseña nueva), a red "Confirmar ..." and Volver. Nothing
 * is sent until Confirmar; Volver and Escape close it (`close` gives the
 * focus back to the button that opened it); the focus starts on its first
 * field. The confirm button is busy until `confirm` settles (whileBusy's
 * caller: `confirm` receives it).
 */
export interface AskInPlace {
  /** The form's accessible name ("Cancelar la cita"). */
  name: string;
  /** Its class, for the page's styles and the tests. */
  className: string;
  /** The fields it asks for; the first takes the focus. */
  fields: HTMLElement[];
  first: HTMLElement;
  /** What the red button says ("Confirmar cancelación"). */
  confirmar: string;
  confirm(pressed: HTMLButtonElement): void;
  close(): void;
  /** Below the buttons (the form's own message line, if it has one). */
  after?: HTMLElement;
}

export function askInPlace(ask: AskInPlace): HTMLFormElement {
  const confirmar = h('button', { type: 'submit', class: 'peligro' }, ask.confirmar);
  const form = h(
    'form',
    { class: ask.className, 'aria-label': ask.name },
    ask.fields,
    h('div', { class: 'acciones' }, confirmar, button('Volver', ask.close)),
    ask.after,
  );
  closesOnEscape(form, ask.close);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ask.confirm(confirmar);
  });
  queueMicrotask(() => ask.first.focus());
  return form;
}
