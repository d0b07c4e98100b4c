import { h } from './dom.js';
import { hhmm } from './format.js';

/**
 * A time grid: one column per doctor (a day) or per day (a doctor's week),
 * each a timeline where citas and free slots are blocks placed by their
 * clinic time. Every block that does something is a <button>, in time order
 * inside its column, so Tab walks the agenda as a person reads it.
 * FullCalendar's resource columns (doctors side by side) are a paid plugin;
 * this is the small part of it the front desk needs (docs/adr/0008).
 */
export interface GridItem {
  startMin: number;
  endMin: number;
  /**
   * The hour, shown first on the first line and never cut: a block too
   * short for two lines cuts what follows it (styles.css, .una-linea).
   */
  time?: string;
  /** Visible text, line by line (the first after `time`). */
  lines: string[];
  /**
   * What a screen reader says for the block. It holds `time` and `lines` as
   * shown, in their order (WCAG 2.5.3, Label in Name): a receptionist using
   * speech input says what she sees on the block, and that must reach it.
   */
  ariaLabel: string;
  className: string;
  /**
   * Names the block in the grid (its data-clave) so that it can be found
   * again once the grid is drawn anew: a free slot that opened the booking
   * form gets the focus back when the form closes; a cita opened from
   * elsewhere is scrolled into view beside its panel.
   */
  key?: string;
  onClick?: () => void;
  /**
   * Set on an end that is only the day's edge (an absence that began the
   * day before, or goes on the next): that end follows the hours the grid
   * shows for the rest instead of stretching it to midnight.
   */
  openStart?: boolean;
  openEnd?: boolean;
  /**
   * Drawn on the right part of its column (a cancelled cita): the blocks
   * it shares its time with keep the left part, so each shows its words
   * and takes a press on its own instead of one covering the other.
   */
  aside?: boolean;
}

export interface GridColumn {
  title: string;
  subtitle?: string;
  items: GridItem[];
  /** Said when the column has nothing, as a sentence (e.g. "Sin huecos."). */
  empty?: string;
}

/** Pixels per minute: a 30-minute block is 48 px, enough for two lines of text. */
const SCALE = 1.6;
/** A block is drawn no shorter than 10 minutes' worth, whatever it lasts. */
const SHORTEST_MIN = 10;
/**
 * The shortest block a grid draws, in px: room for one line of text, and
 * WCAG 2.2's 24 px target for a press (a block is 2 px shorter than its
 * row, the gap that keeps back-to-back ones apart). A 15-minute block has
 * it at SCALE; a grid with 10-minute ones is drawn taller, so that they do.
 */
const SHORTEST_ROW_PX = 24;
/** A block shorter than this, in px, has no room for a second line: its lines go side by side, each cut short. */
const TWO_LINES_PX = 40;

export function timeGrid(caption: string, columns: GridColumn[]): HTMLElement {
  const all = columns.flatMap((c) => c.items);
  // An item open at one end shows at least an hour from its other end; one open at both (all day) sets no hours.
  const bounds = all
    .filter((i) => !(i.openStart && i.openEnd))
    .flatMap((i) => [i.openStart ? Math.max(i.endMin - 60, 0) : i.startMin, i.openEnd ? Math.min(i.startMin + 60, 24 * 60) : i.endMin]);
  const from = bounds.length ? Math.floor(Math.min(...bounds) / 60) * 60 : 9 * 60;
  const to = bounds.length ? Math.ceil(Math.max(...bounds) / 60) * 60 : 14 * 60;
  const minutes = (startMin: number, endMin: number) => Math.max(endMin - startMin, SHORTEST_MIN);
  const scale = Math.max(SCALE, ...all.map((i) => SHORTEST_ROW_PX / minutes(i.startMin, i.endMin)));
  const height = `${(to - from) * scale}px`;

  const hours = h('div', { class: 'horas', 'aria-hidden': 'true' });
  hours.style.height = height;
  for (let m = from; m < to; m += 60) {
    const label = h('span', { class: 'hora' }, hhmm(m));
    label.style.top = `${(m - from) * scale}px`;
    hours.appendChild(label);
  }

  const cols = columns.map((col) => {
    const body = h('div', { class: 'cuerpo' });
    body.style.height = height;
    // The hour lines drawn behind the blocks (styles.css, .cuerpo) are an hour apart at this grid's scale.
    body.style.setProperty('--hora', `${60 * scale}px`);
    const items = [...col.items].sort((a, b) => a.startMin - b.startMin || a.className.localeCompare(b.className));
    const asides = items.filter((i) => i.aside);
    const besideAnAside = (item: GridItem) => !item.aside && asides.some((a) => a.startMin < item.endMin && item.startMin < a.endMin);
    for (const item of items) {
      // Within the hours shown: an absence open at an end is cut at the grid's edge (everything else is inside).
      const startMin = Math.max(item.startMin, from);
      const px = minutes(startMin, Math.min(item.endMin, to)) * scale - 2;
      const oneLine = px < TWO_LINES_PX;
      const side = item.aside ? ' apartada' : besideAnAside(item) ? ' junto-a-apartada' : '';
      const className = `bloque ${item.className}${oneLine ? ' una-linea' : ''}${side}`;
      // A line cut short is whole on hover too (the name has all of it, for a screen reader and speech input).
      const text = [item.time, ...item.lines].filter((part) => part !== undefined);
      const title = oneLine ? text.join(' ') : undefined;
      const block = item.onClick
        ? h('button', { type: 'button', class: className, 'aria-label': item.ariaLabel, title, 'data-clave': item.key, onclick: item.onClick })
        : h('div', { class: className, role: 'note', 'aria-label': item.ariaLabel, title, 'data-clave': item.key });
      // A space between the parts: the flex box does not show it, but the block's text (what speech input and axe
      // compare with its name) reads "09:00 Leo Pérez Programada", not "09:00Leo PérezProgramada".
      text.forEach((part, i) => block.append(...(i ? [' '] : []), h('span', i === 0 && item.time ? { class: 'hora-bloque' } : {}, part)));
      block.style.top = `${(startMin - from) * scale}px`;
      block.style.height = `${px}px`;
      body.appendChild(block);
    }
    if (items.length === 0 && col.empty) body.appendChild(h('p', { class: 'vacio' }, col.empty));
    return h(
      'section',
      { class: 'columna', 'aria-label': col.subtitle ? `${col.title}, ${col.subtitle}` : col.title },
      h('h3', {}, col.title, col.subtitle ? h('small', {}, col.subtitle) : null),
      body,
    );
  });

  return h('div', { class: 'rejilla-scroll' }, h('div', { class: 'rejilla', role: 'group', 'aria-label': caption }, h('div', { class: 'col-horas' }, h('h3', { 'aria-hidden': 'true' }, ' '), hours), cols));
}

/** Runs `fn` over `items`, at most `limit` at a time (a week of a center is dozens of availability calls). */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next;
      next += 1;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
