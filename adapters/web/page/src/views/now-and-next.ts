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
  const line = h('section', { class: 'ahora', 'aria-label': 'Ahora y siguiente' });
  const opener = (cita: Cita) => button(`${horaText(cita.fecha, zone)} ${nameOf(cita)}`, () => open(cita));

  const draw = (): void => {
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
    if (changes.length) whenReached(app.now, Math.min(...changes), draw, () => line.isConnected);
  };
  draw();
  return line;
}
