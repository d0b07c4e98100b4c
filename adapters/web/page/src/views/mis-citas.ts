import { all } from '../api.js';
import type { App } from '../app.js';
import { button, h, replace } from '../dom.js';
import type { Cita } from '../types.js';
import { citaPanel } from './cita.js';

/**
 * A patient's start page: their citas (GET /citas is scoped to them by the
 * API), upcoming first, then past ones, each with its estado and buttons.
 * Upcoming means not started by the page's clock (app.now) at each drawing,
 * so a cita that starts while the page is open moves on the next one.
 */
export async function misCitasView(app: App): Promise<void> {
  const handed = app.takeState<{ cita?: Cita }>();
  const proximas = h('section', { 'aria-labelledby': 'titulo-proximas' });
  const pasadas = h('section', { 'aria-labelledby': 'titulo-pasadas' });
  const titulo = h('h1', { tabindex: '-1' }, 'Mis citas');
  replace(
    app.main,
    titulo,
    app.session.puede_reservar ? h('p', {}, button('Reservar una cita', () => app.go('reservar'), { class: 'principal' })) : null,
    proximas,
    pasadas,
  );

  async function draw(): Promise<void> {
    const citas = await all<Cita>('/citas/citas');
    const now = app.now();
    const upcoming = citas
      .filter((c) => (c.estado === 'Programada' || c.estado === 'Confirmada') && Date.parse(c.fecha) > now)
      .sort((a, b) => Date.parse(a.fecha) - Date.parse(b.fecha));
    const rest = citas.filter((c) => !upcoming.includes(c)).sort((a, b) => Date.parse(b.fecha) - Date.parse(a.fecha));
    const cards = (list: Cita[]) =>
      Promise.all(
        list.map((c) =>
          citaPanel(app, c, {
            compact: true,
            onChanged: async (next) => {
              // No cita: a change met a taken slot (409). Nothing of hers changed, and redrawing the list would take
              // away the change form with the API's words in it.
              if (!next) return;
              await draw();
              // The card that was acted on was redrawn (the old one, and its button, are gone): the focus goes to
              // that cita as it now is (a cancelled one has moved to the past list), or to the page's heading.
              const heading = next ? app.main.querySelector<HTMLElement>(`[data-cita="${next.id_cita}"] h3`) : null;
              (heading ?? titulo).focus();
            },
          }),
        ),
      );
    replace(
      proximas,
      h('h2', { id: 'titulo-proximas' }, 'Próximas'),
      upcoming.length ? h('div', { class: 'tarjetas' }, await cards(upcoming)) : h('p', { class: 'vacio' }, 'No tiene citas próximas.'),
    );
    replace(
      pasadas,
      h('h2', { id: 'titulo-pasadas' }, 'Anteriores y canceladas'),
      rest.length ? h('div', { class: 'tarjetas' }, await cards(rest)) : h('p', { class: 'vacio' }, 'Ninguna.'),
    );
  }

  try {
    await draw();
  } catch (err) {
    app.fail(err, () => void misCitasView(app));
  }
  void handed;
}
