import { ApiError } from './api.js';
import type { App } from './app.js';
import { confirmForm } from './confirm-form.js';
import { field, h } from './dom.js';
import type { FormMessages } from './form-messages.js';
import type { FormSend } from './form-send.js';
import { putCita } from './put-cita.js';
import { type RequestAttempt, stillInProgress } from './request-attempt.js';
import type { Cita } from './types.js';

export interface CancelFormOptions {
  cita: Cita;
  /** The cita's one attempt, shared with its other presses (Confirmar): pressed again while unknown, the same key. */
  attempt: RequestAttempt;
  /** Where a refusal is said, and the Motivo's field problem under its field. */
  messages: FormMessages;
  /** Over the buttons: which cita, in words, where the form is not inside that cita's panel. */
  question?: string;
  /** Below the buttons: the form's own message line, when it has none around it (confirm-form.ts). */
  after?: HTMLElement;
  /** Done: the cita as citas now has it, Cancelada, and its words. */
  cancelled(r: { message?: string; cita: Cita }): void | Promise<void>;
  /** Any refusal but "still in progress" (which the form says itself): form-send.ts's `refused`. */
  refused: NonNullable<FormSend['refused']>;
  /** Volver and Escape. */
  close(): void;
}

const CONFIRMAR_CANCELACION = 'Confirmar cancelación';

/**
 * The page's one Cancelar of a cita: asked first, in place (confirm-form.ts),
 * with its Motivo de cancelación (sent only when she wrote one), then PUT
 * with estado Cancelada. The cita's panel and a row of Por confirmar open it;
 * each says the outcome its own way.
 */
export function cancelForm(app: App, o: CancelFormOptions): HTMLFormElement {
  const motivo = h('textarea', { name: 'motivo_cancelacion', rows: '2', maxlength: app.session.limites.motivo_cancelacion });
  const body = () => {
    const text = motivo.value.trim();
    return text ? { estado: 'Cancelada', motivo_cancelacion: text } : { estado: 'Cancelada' };
  };
  return confirmForm({
    label: 'Cancelar la cita',
    className: 'cancelar',
    question: o.question,
    fields: [field('Motivo de cancelación', motivo)],
    confirm: CONFIRMAR_CANCELACION,
    onConfirm: async () => o.cancelled(await putCita(o.cita.id_cita, body(), o.attempt)),
    messages: o.messages,
    refused: (err, retry) => {
      if (err instanceof ApiError && err.inProgress) o.messages.say(stillInProgress(CONFIRMAR_CANCELACION, err));
      else return o.refused(err, retry);
    },
    close: o.close,
    after: o.after,
  });
}
