import type { App } from '../app.js';
import { whenReached } from '../clock.js';
import { isoAfter } from '../clinic-wall-clock.js';
import { button, h, replace } from '../dom.js';
import { horaText } from '../repeated-hour.js';
import type { Cita } from '../types.js';

/**
 * Who is in the chair now and who comes next, over one doctor's agenda of
 * today: what a dentist between two patients looks for, found at a glance
 * instead of by reading hours down a grid against a clock. Each name is a
 * button that opens that cita's panel, as its block does. The line is
 * redrawn when the page's clock (the services', clock.ts) reaches the end
 * of the cita now or the start of the next, so a tablet left open all day
 * keeps it true. A cancelled cita is never "now" nor "next".
 */
export function nowAndNext(app: App, citas: Cita[], nameOf: (cita: Cita) => string, open: (cita: Cita) => void): HTMLElement {
  const zone = app.session.zona_horaria;
  const day = citas
    .filter((c) => c.estado !== 'Cancelada')
    .map((cita) => {
      const fin = isoAfter(cita.fecha, cita.duracion_min, zone);
      return { cita, fin, from: Date.parse(cita.fecha), to: Date.parse(fin) };
    })
    .sort((a, b) => a.from - b.from);
  // Focusable from a script only: where a focus goes when the name it was on leaves the line (draw).
  const line = h('section', { class: 'ahora', 'aria-label': 'Ahora y siguiente', tabindex: '-1' });
  /** The line's names as drawn, by id_cita: draw finds the one a focus was on. */
  const openers = new Map<number, HTMLElement>();
  const opener = (cita: Cita) => {
    const b = button(`${horaText(cita.fecha, zone)} ${nameOf(cita)}`, () => open(cita));
    openers.set(cita.id_cita, b);
    return b;
  };

  const draw = (): void => {
    // Redrawn as a cita starts or ends, the line's buttons are new ones: a keyboard focus on a name would drop to the
    // page's body, and her next Tab start from the top. It stays on that cita's name if the line still has it (next
    // becomes now), else on the line itself.
    const inLine = line.contains(document.activeElement);
    const focused = [...openers].find(([, b]) => b === document.activeElement)?.[0];
    openers.clear();
    const now = app.now();
    const current = day.find((x) => x.from <= now && now < x.to);
    const next = day.find((x) => x.from > now);
    if (current) {
      replace(
        line,
        'Ahora: ',
        opener(current.cita),
        `, hasta las ${horaText(current.fin, zone)}`,
        ...(next ? [' · Siguiente: ', opener(next.cita)] : [' · Es la última de hoy.']),
      );
    } else if (next) replace(line, 'Siguiente: ', opener(next.cita));
    else replace(line, 'No quedan citas hoy.');
    const changes = [current?.to, next?.from].filter((t): t is number => t !== undefined);
    if (inLine) ((focused !== undefined && openers.get(focused)) || line).focus();
    if (changes.length) whenReached(app.now, Math.min(...changes), draw, () => line.isConnected);
  };
  draw();
  return line;
}
