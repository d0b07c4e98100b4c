import { api, withQuery } from '../api.js';
import type { App } from '../app.js';
import { button, field, h, replace, select } from '../dom.js';
import { sendOnSubmit } from '../form-send.js';
import { nearLongDay, wall } from '../format.js';
import { horaLabel, horaOf } from '../repeated-hour.js';
import type { HuecoProximo } from '../types.js';
import { whoBooksNote } from '../who-books.js';

/**
 * The next free slots of a specialty, across its doctors (GET
 * /citas/disponibilidad/proximos); each one books, for whoever may book (the
 * session's puede_reservar). Otherwise the list is there to read out, and
 * the page says who books (who-books.ts).
 */
export async function proximosView(app: App): Promise<void> {
  const [doctores, centros] = await Promise.all([app.directory.doctores(), app.directory.centros()]);
  const especialidades = [...new Set(doctores.filter((d) => d.activo).map((d) => d.especialidad))].sort((a, b) => a.localeCompare(b, 'es'));
  const esp = select('especialidad', especialidades.map((e) => ({ value: e, label: e })));
  const hoy = app.today();
  const desde = h('input', { type: 'date', name: 'desde', value: hoy, min: hoy });
  const centro = select('id_centro', [{ value: '', label: 'Cualquiera' }, ...centros.filter((c) => c.activo).map((c) => ({ value: String(c.id_centro), label: c.nombre }))]);
  const lista = h('div', { 'aria-live': 'polite' });
  const reservar = app.session.puede_reservar;
  const nombres = new Map(centros.map((c) => [c.id_centro, c.nombre]));

  async function buscar(): Promise<void> {
    try {
      const r = await api<{ huecos: HuecoProximo[] }>(
        'GET',
        withQuery('/citas/citas/disponibilidad/proximos', { especialidad: esp.value, desde: desde.value || app.today(), id_centro: centro.value || undefined, limite: 20 }),
      );
      replace(
        lista,
        r.huecos.length
          ? h(
              'table',
              {},
              h('caption', {}, `Próximos huecos de ${esp.value}`),
              h('thead', {}, h('tr', {}, ['Día', 'Hora', 'Doctor', 'Centro', ...(reservar ? [''] : [])].map((t) => h('th', { scope: 'col' }, t)))),
              h(
                'tbody',
                {},
                r.huecos.map((x) => {
                  const w = wall(x.inicio);
                  const hora = horaOf(x.inicio, app.session.zona_horaria);
                  return h(
                    'tr',
                    {},
                    h('td', {}, nearLongDay(w.day, app.today())),
                    h('td', {}, horaLabel(hora)),
                    h('td', {}, x.nombre_doctor),
                    h('td', {}, x.id_centro ? (nombres.get(x.id_centro) ?? String(x.id_centro)) : 'Cualquiera'),
                    !reservar ? null : h('td', {}, button('Reservar', () => app.go('reservar', { id_doctor: x.id_doctor, id_centro: x.id_centro ?? undefined, fecha: w.day, hora }), { 'aria-label': `Reservar ${nearLongDay(w.day, app.today())} ${horaLabel(hora)} con ${x.nombre_doctor}` })),
                  );
                }),
              ),
            )
          : h('p', {}, 'No hay huecos libres en el periodo que busca el servicio.'),
      );
    } catch (err) {
      app.fail(err, () => void buscar());
    }
  }
  const enviar = h('button', { type: 'submit' }, 'Buscar');
  const form = h('form', { class: 'controles', role: 'search', 'aria-label': 'Buscar huecos' }, field('Especialidad', esp), field('Desde', desde), field('Centro', centro), enviar);
  sendOnSubmit(form, { submit: enviar, send: buscar });
  replace(app.main, h('h1', {}, 'Próximos huecos'), form, whoBooksNote(app.session), lista);
}
