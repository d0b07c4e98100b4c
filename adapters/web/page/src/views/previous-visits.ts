import { all } from '../api.js';
import type { App } from '../app.js';
import { whenWithWhomWhere } from '../cita-words.js';
import { pastCitas } from '../coming-citas.js';
import { button, h, replace } from '../dom.js';
import { estadoLabel } from '../format.js';
import type { Cita } from '../types.js';

/** How many visits the section shows at first, and how many more each Ver más adds. */
const A_LA_VEZ = 5;

/**
 * A doctor reads only his own citas with a patient (the API scopes GET
 * /citas to them): without these words an empty or short list would tell
 * him she has seen nobody else.
 */
const SOLO_LAS_SUYAS = 'Solo sus citas con este paciente: las que tenga con otros doctores no aparecen aquí.';

/**
 * The history the spreadsheets lost, under a cita's panel (views/cita.ts)
 * for reception, admins and doctors: the patient's citas that started
 * before the page's clock (pastCitas), newest first, each in words (day and
 * hour, doctor, center, motivo, estado), five at a time with Ver más for
 * the rest. None for a patient: her own past citas are her Mis citas.
 *
 * Read (GET /citas filtered by id_paciente, as the API scopes it to this
 * person) only when the panel opens, and drawn when the answer comes: the
 * panel and its buttons never wait for it, and its arrival takes no focus.
 * The section stays hidden until then, so an agenda clicked through shows
 * no flash of "Cargando…".
 */
export function previousVisits(app: App, cita: Cita): HTMLElement | null {
  const rol = app.session.user.rol;
  if (rol === 'paciente') return null;
  const section = h('section', { class: 'visitas-anteriores', 'aria-label': 'Visitas anteriores', hidden: true });

  async function load(): Promise<void> {
    let visits: Cita[];
    try {
      const citas = await all<Cita>('/citas/citas', { id_paciente: cita.id_paciente });
      visits = pastCitas(citas, app.now()).filter((c) => c.id_cita !== cita.id_cita);
    } catch {
      // Said in place, quietly: the rest of the panel works, and the page's alert line is for what she pressed.
      replace(section, h('h3', {}, 'Visitas anteriores'), h('p', { class: 'nota' }, 'No se han podido leer las visitas anteriores. ', button('Reintentar', load)));
      section.hidden = false;
      return;
    }
    const list = h('ol', {});
    const more = button('Ver más', () => showMore(true));
    /** Adds the next visits to the list; `focus`: after a press of Ver más, on the first one added, which she reads on from. */
    async function showMore(focus: boolean): Promise<void> {
      const shown = list.children.length;
      const next = visits.slice(shown, shown + A_LA_VEZ);
      const items = await Promise.all(
        next.map(async (c) => h('li', { tabindex: '-1' }, `${await whenWithWhomWhere(app, c)} · ${c.motivo} · ${estadoLabel(app.session, c.estado)}`)),
      );
      list.append(...items);
      more.hidden = list.children.length >= visits.length;
      if (focus) items[0]?.focus();
    }
    if (visits.length) await showMore(false);
    replace(
      section,
      h('h3', {}, 'Visitas anteriores'),
      rol === 'medico' ? h('p', { class: 'nota' }, SOLO_LAS_SUYAS) : null,
      visits.length ? [list, more] : h('p', { class: 'vacio' }, rol === 'medico' ? 'Primera visita con usted.' : 'Primera visita.'),
    );
    section.hidden = false;
  }
  void load();
  return section;
}
