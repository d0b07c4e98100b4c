import type { Page } from './api.js';
import type { App } from './app.js';
import { button, h, whileBusy } from './dom.js';

/**
 * The Página anterior / Página siguiente pair under a paginated list (the
 * directories, Usuarios), as the APIs paginate. It lives outside the list,
 * so the button just pressed is still there (and focused) once the next page
 * is drawn; on the first or last page the focus moves to the other button
 * instead of falling to the top of the page. A turn is busy until its page
 * is drawn (whileBusy), so a double press turns one page.
 */
export interface Pager {
  readonly element: HTMLElement;
  /** The page the list on screen shows: it changes only when the read of another page has answered (drawn). */
  readonly page: number;
  /** The read of page `wanted` answered with `total` rows, `size` a page: that page is on screen now. Returns how many pages there are. */
  drawn(wanted: number, total: number, size: number): number;
}

/** `load(wanted)` reads and draws page `wanted`; a read that fails leaves the list, and the pager, as they were. */
export function pager(load: (wanted: number) => Promise<void>): Pager {
  let page = 1;
  let pages = 1;
  const anterior: HTMLButtonElement = button('Página anterior', () => turn(-1, anterior), { disabled: true });
  const siguiente: HTMLButtonElement = button('Página siguiente', () => turn(1, siguiente), { disabled: true });
  // Set again once the turn is over: whileBusy offers the pressed button again, which on the last (or first) page it is not.
  function turn(by: number, pressed: HTMLButtonElement): void {
    void whileBusy(pressed, () => load(page + by)).then(update);
  }
  function update(): void {
    const had = document.activeElement;
    anterior.disabled = page <= 1;
    siguiente.disabled = page >= pages;
    if (had === siguiente && siguiente.disabled && !anterior.disabled) anterior.focus();
    if (had === anterior && anterior.disabled && !siguiente.disabled) siguiente.focus();
  }
  return {
    element: h('div', { class: 'grupo', role: 'group', 'aria-label': 'Páginas' }, anterior, siguiente),
    get page() {
      return page;
    },
    drawn(wanted, total, size) {
      page = wanted;
      pages = Math.max(1, Math.ceil(total / size));
      update();
      return pages;
    },
  };
}

/**
 * A paginated list's reads, with its pager: `read(wanted)` asks the API for
 * page `wanted`, `draw` puts it on screen. Only the latest read draws, so a
 * whole list answered late never replaces the search she made after it; a
 * read that fails leaves the list, and its page, as they were, and says why
 * (with Reintentar when the service did not answer).
 */
export function pagedList<T>(
  app: App,
  read: (wanted: number) => Promise<Page<T>>,
  draw: (page: Page<T>, pages: number) => void,
): { pager: Pager; load(wanted?: number): Promise<void> } {
  let latest = 0;
  async function load(wanted = pages.page): Promise<void> {
    const mine = ++latest;
    try {
      const p = await read(wanted);
      if (mine !== latest) return;
      draw(p, pages.drawn(wanted, p.total, p.page_size));
    } catch (err) {
      if (mine === latest) app.fail(err, () => void load(wanted));
    }
  }
  const pages = pager(load);
  return { pager: pages, load };
}
