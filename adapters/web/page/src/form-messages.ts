import { ApiError, type FieldProblem } from './api.js';
import type { App } from './app.js';
import { h, uid } from './dom.js';

/** What a field problem can be placed on: a control a person fills in or chooses. */
const FIELD = 'input, select, textarea';

/** A message under a field; `edited` stops listening for the field's edit once the message is gone. */
interface Mark {
  control: Element;
  message: HTMLElement;
  edited: AbortController;
}

/**
 * What a form says when its save is refused: the page's one home for it.
 * The API's `detail` goes on the form's own message line (role=alert), and
 * each field problem of a 422 (`errors: [{path, message}]`) goes, in the
 * API's words, under its field (when every one is under its field, the line
 * only says to look there: the detail would repeat them with the request's
 * field names): the field is marked aria-invalid and
 * described by its message (aria-describedby), and the focus goes to the
 * first such field, so a receptionist sees what to correct and a screen
 * reader hears it on the field. Once she edits a field, what was said of
 * its old value goes (message and aria-invalid), so nothing on screen
 * speaks of a value that is no longer there. A problem whose field is not
 * on the form stays on the message line. A service that does not answer (503) is said
 * on the page's alert line, which offers Reintentar and is the one a screen
 * reader reads out; the form's line, where the receptionist is looking,
 * says in a few words that her press got no answer and points up there,
 * read out by nothing: its role=alert is off until the next press, or a
 * screen reader would say the same 503 twice. Reintentar is such a press:
 * the line goes with the notice, whatever the retry draws.
 */
export class FormMessages {
  /** The messages under fields now on screen. */
  private marked: Mark[] = [];
  /** The line's own role (alert), taken off while it only points to the page's notice. */
  private readonly role: string | null;

  /**
   * `line`: the form's message line. `fields`: where its controls are,
   * named as the contract names the request's fields (the page names them
   * so), which is how a problem's `path` finds its control.
   */
  constructor(
    /** null before there is a page around the form (the login form): with no notice above to point to, a failure is said on the form's line. */
    private readonly app: App | null,
    private readonly line: HTMLElement,
    private readonly fields: ParentNode,
  ) {
    this.role = line.getAttribute('role');
  }

  /** A new press: what the last one said goes. */
  clear(): void {
    this.line.textContent = '';
    if (this.role !== null) this.line.setAttribute('role', this.role);
    for (const mark of this.marked) this.unmark(mark);
    this.marked = [];
  }

  /** Takes `mark`'s message off its field, and the field's aria-invalid with it. */
  private unmark({ control, message, edited }: Mark): void {
    edited.abort();
    message.remove();
    const rest = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== message.id);
    if (rest.length) control.setAttribute('aria-describedby', rest.join(' '));
    else control.removeAttribute('aria-describedby');
    control.removeAttribute('aria-invalid');
  }

  /** The page's own words (a field left empty, say), on the message line. */
  say(text: string): void {
    this.clear();
    this.line.textContent = text;
  }

  /** The API refused the save with `err`; `retry` sends it again (offered when a service does not answer). */
  refused(err: unknown, retry?: () => void): void {
    this.clear();
    if (!(err instanceof ApiError) || err.unavailable) {
      if (!this.app) {
        this.line.textContent = err instanceof ApiError ? err.detail : 'No se ha completado: algo falló en la página.';
        return;
      }
      // Reintentar takes the notice away (main.ts), so the line pointing to it goes too, whatever the retry draws.
      this.app.fail(err, retry && (() => (this.clear(), retry())));
      this.pointToNotice(err instanceof ApiError, retry !== undefined);
      return;
    }
    const unplaced = err.errors.filter((problem) => !this.place(problem));
    if (err.errors.length > 0 && unplaced.length === 0) {
      // Every problem is under its field, in the API's words: `detail` would say them again, prefixed with the
      // request's field names ("password_nueva: ..."), which the person never sees on the form.
      this.line.textContent = err.errors.length === 1 ? 'Revise el campo marcado.' : 'Revise los campos marcados.';
    } else {
      // With one problem, `detail` already is "path: message"; with more it only names them.
      const more = err.errors.length > 1 ? unplaced.map((p) => ` ${p.path}: ${p.message}`) : [];
      this.line.textContent = err.detail + more.join('');
    }
    const first = this.marked.map((m) => m.control).sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0];
    if (first instanceof HTMLElement) first.focus();
  }

  /**
   * The page's alert line has said why the press got nowhere (`unavailable`:
   * a service did not answer; else the page itself failed): the form's line
   * says so in a few words, not as an alert. Not "not done": a write whose
   * answer was lost may have been done, and Reintentar sends it again with
   * the same key (request-attempt.ts).
   */
  private pointToNotice(unavailable: boolean, retry: boolean): void {
    this.line.removeAttribute('role');
    this.line.textContent =
      (unavailable ? 'Sin respuesta: el servicio no está disponible.' : 'No se ha completado: algo falló en la página.') +
      (unavailable && retry ? ' Pulse Reintentar en el aviso de arriba.' : ' Vea el aviso de arriba.');
  }

  /** Puts `problem`'s message under its field; false when the form has no such field. */
  private place(problem: FieldProblem): boolean {
    const control = this.controlOf(problem.path);
    if (!control) return false;
    const message = h('small', { id: uid('error'), class: 'error campo-error' }, problem.message);
    (control.closest('.campo') ?? control.parentElement)?.append(message);
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), message.id].filter(Boolean).join(' '));
    control.setAttribute('aria-invalid', 'true');
    const mark: Mark = { control, message, edited: new AbortController() };
    this.marked.push(mark);
    // A field's edit ('input'; a select's choice also fires it) drops what was said of every problem of that field.
    control.addEventListener(
      'input',
      () => {
        for (const other of this.marked.filter((m) => m.control === control)) this.unmark(other);
        this.marked = this.marked.filter((m) => m.control !== control);
      },
      { signal: mark.edited.signal },
    );
    return true;
  }

  /**
   * The control `path` names: its last part is the control's name, and a
   * number before it says which of the controls of that name (a list's
   * rows: `franjas.1.desde` is the second franja's Desde). A path that ends
   * in a number names a row as a whole (`franjas.1`: that franja overlaps
   * another): the rows carry the list's name (<fieldset name="franjas">),
   * and the row's first field stands for it, as aria-invalid belongs on a
   * field, not on a group. A name only finds fields: a problem with the
   * list itself (`franjas`: too many) stays on the message line.
   */
  private controlOf(path: string): Element | undefined {
    const parts = path.split('.');
    const last = parts[parts.length - 1];
    const numbered = (part: string | undefined) => part !== undefined && /^\d+$/.test(part);
    if (parts.length > 1 && numbered(last)) {
      const row = this.fields.querySelectorAll(`[name="${CSS.escape(parts[parts.length - 2])}"]`)[Number(last)];
      return row?.querySelector(FIELD) ?? undefined;
    }
    const index = numbered(parts[parts.length - 2]) ? Number(parts[parts.length - 2]) : 0;
    return this.fields.querySelectorAll(`:is(${FIELD})[name="${CSS.escape(last)}"]`)[index];
  }
}
