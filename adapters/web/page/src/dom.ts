/**
 * The page builds its DOM with this one helper: text always goes in as text
 * nodes (never innerHTML, so a name can never become markup), and no style
 * attribute is ever written (the content security policy forbids them;
 * positions are set through the CSSOM, which it allows).
 */
export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | undefined | null | Handler>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  // Every form is novalidate: the browser's own bubble speaks the browser's language ("Please fill out this
  // field" on an English one) and stops the request, so the API's 422 never comes to be said under each
  // field in Spanish by FormMessages, as every other message of the page is.
  if (el instanceof HTMLFormElement) el.noValidate = true;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'style') throw new Error('style attributes are forbidden by the CSP');
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (key === 'class') el.className = String(value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

let nextId = 0;
export function uid(prefix = 'c'): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled field: <label for> + the control (every field of the page has a visible label). */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLDivElement {
  if (!control.id) control.id = uid('campo');
  const hintEl = hint ? h('small', { id: `${control.id}-ayuda`, class: 'ayuda' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'campo' }, h('label', { for: control.id }, label), control, hintEl);
}

export interface Option {
  value: string;
  label: string;
  /** The heading it is listed under (an optgroup); options of one group must be next to each other. */
  group?: string;
}

export function select(name: string, options: Option[], selected?: string, attrs: Attrs = {}): HTMLSelectElement {
  const el = h('select', { name, ...attrs });
  setOptions(el, options, selected);
  return el;
}

export function setOptions(el: HTMLSelectElement, options: Option[], selected?: string): void {
  const children: HTMLElement[] = [];
  let group: HTMLOptGroupElement | undefined;
  for (const o of options) {
    const option = h('option', { value: o.value, selected: o.value === selected }, o.label);
    if (o.group === undefined) {
      group = undefined;
      children.push(option);
      continue;
    }
    if (group?.label !== o.group) children.push((group = h('optgroup', { label: o.group })));
    group.append(option);
  }
  el.replaceChildren(...children);
  if (selected !== undefined && options.some((o) => o.value === selected)) el.value = selected;
}

/**
 * A button. A press that starts a request returns its promise from
 * `onClick`: the button is then busy until it settles (whileBusy), so a
 * double-click sends one request. A press that only changes the page
 * (opens a form, moves the focus) returns nothing and is left alone.
 */
export function button(label: string, onClick: (event: Event) => void | Promise<unknown>, attrs: Attrs = {}): HTMLButtonElement {
  const el: HTMLButtonElement = h('button', {
    type: 'button',
    ...attrs,
    onclick: (event: Event) => {
      const pressed = onClick(event);
      if (pressed) void whileBusy(el, () => pressed);
    },
  }, label);
  return el;
}

/**
 * What a button opened in place (a form of a cita's panel, a directory's
 * ficha, the booking form a free slot opens) closes with Escape, as with
 * its own Volver or Cerrar: `close` removes it and gives the focus back to
 * the button that opened it. Escape in a search field that has text (the
 * booking form's Paciente) clears that text first, as a browser's search
 * field does, and leaves the form open: the next Escape closes it.
 */
export function closesOnEscape(el: HTMLElement, close: () => void): void {
  el.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    const target = event.target;
    if (target instanceof HTMLInputElement && target.type === 'search' && target.value !== '') {
      // Done here rather than left to the browser, which not every one does: the same in each.
      target.value = '';
      target.dispatchEvent(new Event('input', { bubbles: true }));
      return;
    }
    close();
  });
}

/**
 * The page's one way of receiving a press that starts a request (a form's
 * submit, a button's click): the control is disabled and aria-busy until
 * the work settles, whatever its outcome (done, refused, 503, no answer),
 * so a second press meanwhile (a double-click, an impatient Enter) does
 * nothing: no second write refused as a duplicate or a 404 after the first
 * worked, no second redraw. Called in the press's own event, before its
 * first await, so the second press already meets a disabled control.
 * Disabling the focused button drops the keyboard focus to the top of the
 * page; if the control is still there afterwards (the API said no, and its
 * words are on screen) and nothing else took the focus, it goes back to
 * the control, so the person carries on from where they were.
 */
export async function whileBusy<T>(control: HTMLButtonElement, work: () => Promise<T>): Promise<T> {
  const hadFocus = document.activeElement === control;
  control.disabled = true;
  control.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    control.disabled = false;
    control.removeAttribute('aria-busy');
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (hadFocus && lost && control.isConnected) control.focus();
  }
}
